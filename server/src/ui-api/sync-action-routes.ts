// The actions the sync's states allow a person: move the entry variants of a remapped CMS variant, and unlink the
// content types of a group whose experience was deleted. Each queues a guard run so the page shows the outcome.
import type { MoveReportAnswer, UnlinkReportAnswer } from '@pb/shared';
import express, { type RequestHandler, type Router } from 'express';
import { sendError } from '../http/errors';
import { moveEntryVariants } from './move-entry-variants';
import { installationFrom } from './require-session';
import {
  badRequest,
  editorFor,
  groupParams,
  handler,
  moveBody,
  queueMirror,
  uidParams,
  type UiApiDeps,
} from './route-kit';
import { unlinkOrphanedGroup } from './unlink-orphan';

export function syncActionRoutes(router: Router, deps: UiApiDeps, gate: RequestHandler): void {
  const handle = handler(deps);
  router.post(
    '/api/ui/experiences/:uid/remaps/move',
    gate,
    express.json({ limit: '4kb' }),
    handle(async (req, res) => {
      const params = uidParams.safeParse(req.params);
      if (!params.success) return badRequest(res, params.error);
      const body = moveBody.safeParse(req.body);
      if (!body.success) return badRequest(res, body.error);
      const installation = installationFrom(res);
      const editor = editorFor(deps, installation, res);
      if (editor === null) return;
      const outcome = await moveEntryVariants(
        { ...deps.readers(installation), editor },
        { projectUid: installation.projectUid, experienceUid: params.data.uid },
        body.data,
      );
      if (!outcome.ok) {
        sendError(res, outcome.status, outcome.status === 403 ? 'forbidden' : 'not-found', {
          reason: outcome.reason,
          ...(outcome.field === undefined ? {} : { field: outcome.field }),
        });
        return;
      }
      // So the remap report (and coverage) refreshes without waiting for the sweep.
      await queueMirror(deps, installation, params.data.uid);
      res.json(outcome.report satisfies MoveReportAnswer);
    }),
  );
  router.post(
    '/api/ui/orphaned-groups/:groupUid/unlink',
    gate,
    handle(async (req, res) => {
      const params = groupParams.safeParse(req.params);
      if (!params.success) return badRequest(res, params.error);
      const installation = installationFrom(res);
      const editor = editorFor(deps, installation, res);
      if (editor === null) return;
      const outcome = await unlinkOrphanedGroup(
        { ...deps.readers(installation), editor },
        { projectUid: installation.projectUid },
        params.data.groupUid,
      );
      if (!outcome.ok) {
        sendError(res, outcome.status, outcome.status === 404 ? 'not-found' : 'conflict', { reason: outcome.reason });
        return;
      }
      await queueMirror(deps, installation, outcome.experienceUid);
      const report: UnlinkReportAnswer & { experienceUid: string } = {
        groupUid: outcome.groupUid,
        experienceUid: outcome.experienceUid,
        unlinked: outcome.unlinked,
      };
      res.json(report);
    }),
  );
}
