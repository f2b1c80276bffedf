// GET /manifest, the hot path of the edge API: every page view of a personalized site asks it. It decides from the
// project's compiled table in memory; the only I/O is the visitor's stored attributes, read only when the visitor
// already has a uid and some audience of the table tests a custom attribute.
import { randomUUID } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import { decide, presetAttributesFromRequest, toManifest, USER_UID_HEADER, type EvaluationContext } from '@pb/shared';
import type { ServedTable } from '../assignments/table-reader';
import { liveAttributesOf, optionalUserUid, projectUidOf, send } from './request-reading';
import { readsCustomAttributes } from './user-attributes';
import type { EdgeDeps, TableFor } from './edge-deps';

export const PROJECT_NOT_FOUND = 'personalize.MANIFEST.PROJECT_NOT_FOUND';

/**
 * The manifest's answer, written straight to the socket: Express' res.json would also hash the body for an ETag and
 * test the request's freshness, work that a per-visitor answer no client revalidates never uses.
 */
function writeManifest(res: Response, manifest: unknown): void {
  const body = JSON.stringify(manifest);
  res.statusCode = 200;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}

/** Per served table (immutable): whether its audiences read stored attributes. */
const tablesReadingCustom = new WeakMap<ServedTable, boolean>();

function readsStoredAttributes(table: ServedTable): boolean {
  let reads = tablesReadingCustom.get(table);
  if (reads === undefined) {
    reads = readsCustomAttributes(table.stored.table);
    tablesReadingCustom.set(table, reads);
  }
  return reads;
}

export function manifestRoute(deps: EdgeDeps, tableFor: TableFor): RequestHandler {
  const now = deps.now ?? Date.now;
  const newUserUid = deps.newUserUid ?? randomUUID;
  return async (req, res) => {
    const project = projectUidOf(req);
    if (send(res, project)) return;
    const user = optionalUserUid(req);
    if (send(res, user)) return;
    const live = liveAttributesOf(req);
    if (send(res, live)) return;
    const table = await tableFor(res, project.value, PROJECT_NOT_FOUND);
    if (table === undefined) return;
    // A visitor without a uid gets one now: A/B buckets hash it, and the SDK keeps it for every later call.
    const userUid = user.value ?? newUserUid();
    res.setHeader(USER_UID_HEADER, userUid);
    if (table === null || table.stored.table.experiences.length === 0) {
      writeManifest(res, { experiences: [] });
      return;
    }
    // Stored attributes only exist for a uid the visitor already had, and only matter to a table whose audiences
    // test custom attributes; live ones win for this request.
    const stored =
      user.value === undefined || !readsStoredAttributes(table) ? {} : await deps.users.get(project.value, userUid);
    const context: EvaluationContext = {
      preset: presetAttributesFromRequest({ headers: req.headers, now: now() }),
      custom: { ...stored, ...live.value },
    };
    writeManifest(res, toManifest(decide(table.compiled, { context, userUid })));
  };
}
