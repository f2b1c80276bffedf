// What an edge worker (shared/src/edge-runtime/worker) reads from us, with the project's edge key:
//   GET /edge/table               → the project's compiled assignment table as versioned JSON (ETag, Cache-Control)
//   GET /edge/visitor-attributes  → {attributes}: a returning visitor's stored custom attributes, asked only for
//                                   projects whose audiences read custom attributes
// The key travels as `Authorization: Bearer <key>` (or `X-PB-Edge-Key`), the project as `X-Project-Uid`. Errors use
// our own body `{error, reason?, field?}` (http/errors.ts): these routes are ours, not the Personalize edge API's.
import { createHash } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { edgeTableDocument, projectUidSchema, userUidSchema } from '@pb/shared';
import { sendError } from '../http/errors';
import type { ServedTable } from '../assignments/table-reader';
import type { EdgeKeyStore } from './edge-keys';
import type { UserAttributeStore } from './user-attributes';

/**
 * `private`: the body is readable only with the key, so no shared cache (a CDN in front of us) may keep it and hand
 * it out unchecked. `max-age=5`: a worker decides up to 5 s on a table before asking again, so an activation reaches
 * the edge within ~5 s (the same order as the server's own 250 ms pointer poll plus Personalize's sync), while a
 * busy worker asks once per 5 s, not per visitor. `stale-while-revalidate=30`: after that it may keep deciding on
 * the old table while one revalidation (usually a 304) runs in the background, so no visitor waits for the hop.
 */
export const EDGE_TABLE_CACHE_CONTROL = 'private, max-age=5, stale-while-revalidate=30';

export interface EdgeWorkerApiDeps {
  tables: { get(projectUid: string): Promise<ServedTable | null> };
  edgeKeys: EdgeKeyStore;
  users: Pick<UserAttributeStore, 'get'>;
}

interface PublishedTable {
  body: string;
  etag: string;
}

function header(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : value?.[0];
}

function presentedKey(req: Request): string | undefined {
  const bearer = /^Bearer\s+(\S+)$/i.exec(header(req, 'authorization') ?? '');
  return bearer?.[1] ?? header(req, 'x-pb-edge-key');
}

function publish(projectUid: string, served: ServedTable | null): PublishedTable {
  const body = JSON.stringify(edgeTableDocument(projectUid, served === null ? null : served.stored));
  // A strong validator over the exact bytes: equal ETags mean byte-identical bodies, whatever revision numbers do
  // (a reinstalled project starts again at revision 1).
  const etag = `"${createHash('sha256').update(body).digest('base64url')}"`;
  return { body, etag };
}

/** True when the request's If-None-Match names `etag` (or `*`); weak comparison as RFC 9110 asks for GET. */
function notModified(req: Request, etag: string): boolean {
  const ifNoneMatch = header(req, 'if-none-match');
  if (ifNoneMatch === undefined) return false;
  return ifNoneMatch
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === etag);
}

export function createEdgeWorkerApi(deps: EdgeWorkerApiDeps): Router {
  const router = Router();
  // One serialization per served table object: the reader hands out the same object until a new revision.
  const published = new WeakMap<ServedTable, PublishedTable>();

  /** The project uid when the request carries the project's current edge key; otherwise answered 400/401/403. */
  async function authorized(req: Request, res: Response): Promise<string | undefined> {
    const project = projectUidSchema.safeParse(header(req, 'x-project-uid'));
    if (!project.success) {
      sendError(res, 400, 'bad-request', {
        reason: 'headers.x-project-uid: expected a project uid',
        field: 'headers.x-project-uid',
      });
      return undefined;
    }
    const key = presentedKey(req);
    if (key === undefined || key === '') {
      res.setHeader('WWW-Authenticate', 'Bearer realm="edge"');
      sendError(res, 401, 'unauthorized', {
        reason: "the project's edge key is required (Authorization: Bearer <key>)",
        field: 'headers.authorization',
      });
      return undefined;
    }
    // A wrong key and a project without a key answer the same: the answer does not tell which projects exist.
    if (!(await deps.edgeKeys.verify(project.data, key))) {
      sendError(res, 403, 'forbidden', {
        reason: 'not the current edge key of this project (was it rotated?)',
        field: 'headers.authorization',
      });
      return undefined;
    }
    return project.data;
  }

  router.get('/table', async (req, res) => {
    const projectUid = await authorized(req, res);
    if (projectUid === undefined) return;
    const served = await deps.tables.get(projectUid);
    let table = served === null ? undefined : published.get(served);
    if (table === undefined) {
      table = publish(projectUid, served);
      if (served !== null) published.set(served, table);
    }
    res.setHeader('ETag', table.etag);
    res.setHeader('Cache-Control', EDGE_TABLE_CACHE_CONTROL);
    // Appended, not set: the security layer in front may already vary on Origin.
    res.vary('Authorization').vary('X-PB-Edge-Key').vary('X-Project-Uid');
    if (notModified(req, table.etag)) {
      res.status(304).end();
      return;
    }
    res.type('application/json').send(table.body);
  });

  router.get('/visitor-attributes', async (req, res) => {
    const projectUid = await authorized(req, res);
    if (projectUid === undefined) return;
    const user = userUidSchema.safeParse(header(req, 'x-cs-personalize-user-uid'));
    if (!user.success) {
      sendError(res, 400, 'bad-request', {
        reason: 'headers.x-cs-personalize-user-uid: expected 1–256 printable ASCII characters',
        field: 'headers.x-cs-personalize-user-uid',
      });
      return;
    }
    res.setHeader('Cache-Control', 'private, no-store');
    res.json({ attributes: await deps.users.get(projectUid, user.data) });
  });

  return router;
}
