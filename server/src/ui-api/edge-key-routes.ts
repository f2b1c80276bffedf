// The experiences page's edge key: read it (created on the first read) and rotate it. The key is the installation's
// project's; a session can reach no other project's key. Rotation takes effect at once: the next `GET /edge/table`
// with the old key is refused (edge/edge-keys.ts).
import type { EdgeKeyAnswer } from '@pb/shared';
import type { RequestHandler, Router } from 'express';
import { sendError } from '../http/errors';
import { installationFrom } from './require-session';
import { handler, type UiApiDeps } from './route-kit';

export function edgeKeyRoutes(router: Router, deps: UiApiDeps, gate: RequestHandler): void {
  const handle = handler(deps);
  const { edgeKeys } = deps;
  const route = (change: 'read' | 'rotate') =>
    handle(async (_req, res) => {
      if (edgeKeys === undefined) {
        sendError(res, 501, 'not-implemented', { reason: 'this server does not serve edge tables' });
        return;
      }
      const { projectUid } = installationFrom(res);
      const edgeKey = change === 'read' ? await edgeKeys.read(projectUid) : await edgeKeys.rotate(projectUid);
      const answer: EdgeKeyAnswer = { projectUid, edgeKey };
      // A secret in the body: no cache may keep it.
      res.setHeader('Cache-Control', 'no-store');
      res.json(answer);
    });
  router.get('/api/ui/edge-key', gate, route('read'));
  router.post('/api/ui/edge-key/rotate', gate, route('rotate'));
}
