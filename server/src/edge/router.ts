// The edge decision API, compatible with the official @contentstack/personalize-edge-sdk: after
// `Personalize.setEdgeApiUrl('<server>/edge')` the SDK works unchanged (test/assignments/decisions-end-to-end.test.ts drives it).
//   GET   /manifest                          → {experiences:[{shortUid, activeVariantShortUid}]} in priority order
//   PATCH /user-attributes                   → stores the visitor's attributes (TTL)
//   POST  /user-attributes/actions/merge     → {sourceUserUid, targetUserUid}
//   POST  /events                            → impressions and conversion events
// The SDK posts bodies without a JSON content type, so bodies are read as text and parsed here.
import { randomUUID } from 'node:crypto';
import express, { Router, type Request, type Response } from 'express';
import { decide, presetAttributesFromRequest, toManifest, USER_UID_HEADER, type EvaluationContext } from '@pb/shared';
import type { Logger } from 'pino';
import type { ServedTable } from '../assignments/table-reader';
import type { EventStore, Impression } from '../results/event-store';
import { edgeCors } from './cors';
import {
  describeIssues,
  ingestEventsSchema,
  liveAttributesSchema,
  mergeBodySchema,
  projectUidSchema,
  userAttributesSchema,
  userUidSchema,
} from './requests';
import { readsCustomAttributes, type UserAttributeStore } from './user-attributes';

export { USER_UID_HEADER };
export const PROJECT_NOT_FOUND = 'personalize.MANIFEST.PROJECT_NOT_FOUND';

export interface EdgeDeps {
  tables: { get(projectUid: string): Promise<ServedTable | null> };
  /** Whether a project without a table yet (nothing activated) is ours: it gets an empty manifest, not a 404. */
  knownProject(projectUid: string): Promise<boolean>;
  users: UserAttributeStore;
  events: EventStore;
  newUserUid?: () => string;
  now?: () => number;
  log?: Logger;
}

type Outcome<T> = { ok: true; value: T } | { ok: false; status: number; body: Record<string, string> };

function badRequest(reason: string, field: string): Outcome<never> {
  return { ok: false, status: 400, body: { error: 'personalize.BAD_REQUEST', reason, field } };
}

function header(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : value?.[0];
}

function projectUidOf(req: Request): Outcome<string> {
  const parsed = projectUidSchema.safeParse(header(req, 'x-project-uid'));
  if (!parsed.success) {
    const { reason } = describeIssues(parsed.error, 'headers.x-project-uid');
    return badRequest(reason, 'headers.x-project-uid');
  }
  return { ok: true, value: parsed.data };
}

/** The visitor's uid when sent. The SDK sends the literal "undefined" when it has none (a header built from an unset field). */
function optionalUserUid(req: Request): Outcome<string | undefined> {
  const raw = header(req, 'x-cs-personalize-user-uid');
  if (raw === undefined || raw === '' || raw === 'undefined' || raw === 'null') return { ok: true, value: undefined };
  const parsed = userUidSchema.safeParse(raw);
  if (!parsed.success) {
    return badRequest(
      describeIssues(parsed.error, 'headers.x-cs-personalize-user-uid').reason,
      'headers.x-cs-personalize-user-uid',
    );
  }
  return { ok: true, value: parsed.data };
}

function requiredUserUid(req: Request): Outcome<string> {
  const user = optionalUserUid(req);
  if (!user.ok) return user;
  return user.value === undefined
    ? badRequest('headers.x-cs-personalize-user-uid: required', 'headers.x-cs-personalize-user-uid')
    : { ok: true, value: user.value };
}

function jsonBody(req: Request): Outcome<unknown> {
  const text = typeof req.body === 'string' ? req.body : '';
  if (text.trim() === '') return badRequest('body: expected JSON', 'body');
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return badRequest('body: not valid JSON', 'body');
  }
}

function send<T>(res: Response, outcome: Outcome<T>): outcome is Extract<Outcome<T>, { ok: false }> {
  if (outcome.ok) return false;
  res.status(outcome.status).json(outcome.body);
  return true;
}

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

export function createEdgeRouter(deps: EdgeDeps): Router {
  const router = Router();
  const now = deps.now ?? Date.now;
  const newUserUid = deps.newUserUid ?? randomUUID;
  router.use(edgeCors);
  // Only the writing routes read a body; the manifest (the hot path) skips the parser.
  const text = express.text({ type: () => true, limit: '64kb' });

  /** The project's table; answers 404 (and returns undefined) for a project that is not ours. */
  async function tableFor(res: Response, projectUid: string, error: string): Promise<ServedTable | null | undefined> {
    const table = await deps.tables.get(projectUid);
    if (table === null && !(await deps.knownProject(projectUid))) {
      res.status(404).json({ error });
      return undefined;
    }
    return table;
  }

  router.get('/manifest', async (req, res) => {
    const project = projectUidOf(req);
    if (send(res, project)) return;
    const user = optionalUserUid(req);
    if (send(res, user)) return;
    let live: Record<string, unknown> = {};
    const liveHeader = header(req, 'x-live-attributes');
    if (liveHeader !== undefined && liveHeader !== '') {
      let json: unknown;
      try {
        json = JSON.parse(liveHeader) as unknown;
      } catch {
        send(res, badRequest('headers.x-live-attributes: not valid JSON', 'headers.x-live-attributes'));
        return;
      }
      const parsed = liveAttributesSchema.safeParse(json);
      if (!parsed.success) {
        send(
          res,
          badRequest(describeIssues(parsed.error, 'headers.x-live-attributes').reason, 'headers.x-live-attributes'),
        );
        return;
      }
      live = parsed.data;
    }
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
      custom: { ...stored, ...live },
    };
    writeManifest(res, toManifest(decide(table.compiled, { context, userUid })));
  });

  router.patch('/user-attributes', text, async (req, res) => {
    const project = projectUidOf(req);
    if (send(res, project)) return;
    const user = requiredUserUid(req);
    if (send(res, user)) return;
    const body = jsonBody(req);
    if (send(res, body)) return;
    const parsed = userAttributesSchema.safeParse(body.value);
    if (!parsed.success) {
      const { reason, field } = describeIssues(parsed.error, 'body');
      send(res, badRequest(reason, field));
      return;
    }
    if ((await tableFor(res, project.value, 'personalize.USER_ATTRIBUTES.PROJECT_NOT_FOUND')) === undefined) return;
    await deps.users.patch(project.value, user.value, parsed.data);
    res.status(204).end();
  });

  router.post('/user-attributes/actions/merge', text, async (req, res) => {
    const project = projectUidOf(req);
    if (send(res, project)) return;
    const body = jsonBody(req);
    if (send(res, body)) return;
    const parsed = mergeBodySchema.safeParse(body.value);
    if (!parsed.success) {
      const { reason, field } = describeIssues(parsed.error, 'body');
      send(res, badRequest(reason, field));
      return;
    }
    if ((await tableFor(res, project.value, 'personalize.USER_ATTRIBUTES.PROJECT_NOT_FOUND')) === undefined) return;
    await deps.users.merge(project.value, parsed.data.sourceUserUid, parsed.data.targetUserUid);
    res.status(204).end();
  });

  router.post('/events', text, async (req, res) => {
    const project = projectUidOf(req);
    if (send(res, project)) return;
    const user = requiredUserUid(req);
    if (send(res, user)) return;
    const body = jsonBody(req);
    if (send(res, body)) return;
    const parsed = ingestEventsSchema.safeParse(body.value);
    if (!parsed.success) {
      const { reason, field } = describeIssues(parsed.error, 'body');
      send(res, badRequest(reason, field));
      return;
    }
    const table = await tableFor(res, project.value, 'personalize.EVENTS.PROJECT_NOT_FOUND');
    if (table === undefined) return;
    const userUid = user.value;
    // An impression is attributed to the version being served; one for an experience or variant we do not serve
    // (deleted, paused, or a stale page) is ignored rather than counted against the wrong version.
    const impressions: Impression[] = [];
    let ignored = 0;
    const eventKeys: string[] = [];
    for (const event of parsed.data) {
      if (event.type === 'EVENT') {
        eventKeys.push(event.eventKey);
        continue;
      }
      const row = table?.byShortUid.get(event.experienceShortUid);
      if (row === undefined || row.paused === true || !row.variants.some((v) => v.shortUid === event.variantShortUid)) {
        ignored++;
        continue;
      }
      impressions.push({
        experienceShortUid: event.experienceShortUid,
        versionUid: row.versionUid ?? '-',
        variantShortUid: event.variantShortUid,
      });
    }
    // Impressions first: a batch holding both counts the conversion for the variant just seen.
    await deps.events.recordImpressions(project.value, userUid, impressions);
    await deps.events.recordConversions(project.value, userUid, eventKeys);
    res.status(202).json({ accepted: impressions.length + eventKeys.length, ignored });
  });

  return router;
}
