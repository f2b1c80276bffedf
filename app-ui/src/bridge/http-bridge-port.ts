/**
 * `BridgePort` over HTTP. The first call trades the signed-location app token for a short-lived session of the
 * server's own (the app token is never used as a session); later calls carry `Authorization: Bearer <session>`.
 * The server routes (answers validated with the shared contract, shared/src/contracts/ui-api.ts):
 *   POST /api/ui/session {app_token} → {session_token, expires_in}
 *   GET  /api/ui/experiences → {experiences:[ExperienceSummary]}
 *   GET  /api/ui/personalize/projects?region= → {projects:[{uid, name}]}
 *   GET  /api/ui/experiences?include=coverage → {experiences:[ExperienceOverview], orphanedGroups}
 *   POST /api/ui/experiences/:uid/mirror → 202 {queued}
 *   GET  /api/ui/queues → {queues:{<queue>:{<state>:count}}}
 *   GET  /api/ui/edge-key · POST /api/ui/edge-key/rotate → {projectUid, edgeKey}
 *   GET  /api/ui/experiences/:uid/results → ExperienceResultsView
 *   POST /api/ui/experiences/:uid/remaps/move {fromVariantUid, toVariantUid} → {moved, failed}
 *   POST /api/ui/orphaned-groups/:groupUid/unlink → {groupUid, unlinked}
 */
import { z } from 'zod';
import type { AppSdk } from '../sdk/app-sdk';
import { fail, ok } from '../core/result';
import type { Result } from '../core/result';
import { describeIssues } from '../core/issues';
import type { BridgePort } from './bridge-port';
import {
  moveReportSchema,
  overviewSchema,
  edgeKeySchema,
  queuesSchema,
  resultsSchema,
  sidebarExperiencesSchema,
  unlinkReportSchema,
} from '@pb/shared/contracts/ui-api';

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

const sessionSchema = z.object({ session_token: z.string(), expires_in: z.number() });
const projectsSchema = z.object({ projects: z.array(z.object({ uid: z.string(), name: z.string() })) });

async function reasonOf(response: Response): Promise<string> {
  try {
    const body: unknown = await response.json();
    if (typeof body === 'object' && body !== null) {
      const record = body as Record<string, unknown>;
      for (const key of ['reason', 'error_message', 'message', 'error']) {
        const value = record[key];
        if (typeof value === 'string') return value;
      }
    }
  } catch {
    // Not JSON: fall through to the status line.
  }
  return `The server answered ${response.status}.`;
}

const trimUrl = (url: string) => url.replace(/\/+$/, '');

export function createHttpBridgePort(sdk: AppSdk, deps: { fetch: Fetch; now?: () => number }): BridgePort {
  const now = deps.now ?? (() => Date.now());
  let session: { serverUrl: string; token: string; expiresAt: number } | null = null;

  async function send(url: string, init: RequestInit = {}): Promise<Result<unknown>> {
    let response: Response;
    try {
      response = await deps.fetch(url, init);
    } catch {
      return fail(`Could not reach ${new URL(url).origin}.`);
    }
    if (!response.ok) return fail(await reasonOf(response), response.status);
    try {
      return ok(await response.json());
    } catch {
      return fail('The server answered something other than JSON.');
    }
  }

  async function sessionFor(serverUrl: string): Promise<Result<string>> {
    if (session && session.serverUrl === serverUrl && session.expiresAt > now() + 5_000) return ok(session.token);
    if (!sdk.appToken) return fail('This location was opened without an app token, so the server cannot verify it.');
    const answer = await send(`${serverUrl}/api/ui/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ app_token: sdk.appToken }),
    });
    if (!answer.ok) return answer;
    const parsed = sessionSchema.safeParse(answer.value);
    if (!parsed.success) return fail(`Unexpected session answer: ${describeIssues(parsed.error)}`);
    session = { serverUrl, token: parsed.data.session_token, expiresAt: now() + parsed.data.expires_in * 1000 };
    return ok(session.token);
  }

  async function authorized<T>(
    serverUrl: string,
    path: string,
    schema: z.ZodType<T>,
    method: 'GET' | 'POST' = 'GET',
    body?: unknown,
  ): Promise<Result<T>> {
    const token = await sessionFor(serverUrl);
    if (!token.ok) return token;
    const answer = await send(`${serverUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token.value}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!answer.ok) return answer;
    const parsed = schema.safeParse(answer.value);
    return parsed.success ? ok(parsed.data) : fail(`Unexpected server answer: ${describeIssues(parsed.error)}`);
  }

  async function configuredServerUrl(): Promise<Result<string>> {
    const config = await sdk.getConfig();
    const url = config.server_url;
    return typeof url === 'string' && url.length > 0
      ? ok(trimUrl(url))
      : fail('The app configuration has no server URL yet.');
  }

  /** A call to the configured server behind a session. */
  async function configured<T>(
    path: string,
    schema: z.ZodType<T>,
    method: 'GET' | 'POST' = 'GET',
    body?: unknown,
  ): Promise<Result<T>> {
    const serverUrl = await configuredServerUrl();
    if (!serverUrl.ok) return serverUrl;
    return authorized(serverUrl.value, path, schema, method, body);
  }

  return {
    overview: () => configured('/api/ui/experiences?include=coverage', overviewSchema),
    mirrorNow: (uid) =>
      configured(`/api/ui/experiences/${encodeURIComponent(uid)}/mirror`, z.object({ queued: z.boolean() }), 'POST'),
    async queues() {
      const answer = await configured('/api/ui/queues', queuesSchema);
      return answer.ok ? ok(answer.value.queues) : answer;
    },
    edgeKey: () => configured('/api/ui/edge-key', edgeKeySchema),
    rotateEdgeKey: () => configured('/api/ui/edge-key/rotate', edgeKeySchema, 'POST'),
    results: (uid) => configured(`/api/ui/experiences/${encodeURIComponent(uid)}/results`, resultsSchema),
    moveEntryVariants: (uid, remap) =>
      configured(`/api/ui/experiences/${encodeURIComponent(uid)}/remaps/move`, moveReportSchema, 'POST', {
        fromVariantUid: remap.fromVariantUid,
        toVariantUid: remap.toVariantUid,
      }),
    unlinkOrphanedGroup: (groupUid) =>
      configured(`/api/ui/orphaned-groups/${encodeURIComponent(groupUid)}/unlink`, unlinkReportSchema, 'POST'),

    async experiences() {
      const serverUrl = await configuredServerUrl();
      if (!serverUrl.ok) return serverUrl;
      const answer = await authorized(serverUrl.value, '/api/ui/experiences', sidebarExperiencesSchema);
      return answer.ok ? ok(answer.value.experiences) : answer;
    },

    async personalizeProjects(serverUrl, region) {
      const answer = await authorized(
        trimUrl(serverUrl),
        `/api/ui/personalize/projects?region=${encodeURIComponent(region)}`,
        projectsSchema,
      );
      return answer.ok ? ok(answer.value.projects) : answer;
    },

    async testConnection(rawUrl) {
      const serverUrl = trimUrl(rawUrl);
      const health = await send(`${serverUrl}/healthz`);
      if (!health.ok) {
        return ok({ serverReachable: false, sessionOk: false, message: `Server not reachable: ${health.reason}` });
      }
      session = null;
      const token = await sessionFor(serverUrl);
      return ok(
        token.ok
          ? { serverReachable: true, sessionOk: true, message: 'Connected: the server verified this installation.' }
          : { serverReachable: true, sessionOk: false, message: `Server reachable, but no session: ${token.reason}` },
      );
    },
  };
}
