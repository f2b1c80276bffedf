// A running sync guard for integration tests: the in-process sandbox (its Personalize CMS sync on, as on a real
// stack), the HTTP server and the workers (in-process or as a child process), all on a random Redis prefix that is
// removed afterwards.
import { randomBytes } from 'node:crypto';
import { startSandbox, type RunningSandbox } from '@pb/sandbox';
import { Redis } from 'ioredis';
import { loadConfig, type Config } from '@pb/server/config';
import { createLogger } from '@pb/server/logger';
import type { HttpRuntime } from '@pb/server/http-runtime';
import { startAppServer } from '@pb/server/app-server';
import { startWorkerRuntime, type WorkerRuntime } from '@pb/server/worker-runtime';
import { serveKeys } from './signing';

export const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6399';

/** The content types the engine's stack auto-links (the seeded demo stack has both). */
export const AUTO_LINKED = ['home_hero', 'promo_banner'] as const;

export interface Credentials {
  api_key: string;
  authtoken: string;
  personalize_project_uid: string;
  organization_uid: string;
}

export interface Engine {
  sandbox: RunningSandbox;
  credentials: Credentials;
  config: Config;
  env: Record<string, string>;
  http: HttpRuntime;
  workers: WorkerRuntime | null;
  redis: Redis;
  personalize: PersonalizeHelper;
  startWorkers(): Promise<void>;
  stop(): Promise<void>;
}

export interface EngineOptions {
  timeScale?: number;
  /** How long the sandbox's Personalize takes to sync an experience to the CMS (default 300 ms here). */
  syncDelayMs?: number;
  env?: Record<string, string>;
  /** false: do not start workers in this process (the test runs them as a child process). */
  workers?: boolean;
  /** Redis for the engine (defaults to REDIS_URL). */
  redisUrl?: string;
  /** Also trust this public key (PEM) for webhook signatures, besides the sandbox's: tests sign their own deliveries. */
  extraPublicKeyPem?: string;
}

export async function startEngine(options: EngineOptions = {}): Promise<Engine> {
  const sandbox = await startSandbox({
    timeScale: options.timeScale ?? 0.01,
    personalizeSyncDelayMs: options.syncDelayMs ?? 300,
  });
  const credentials = (await (await fetch(`${sandbox.url}/_sandbox/credentials`)).json()) as Credentials;
  const prefix = `pbtest${randomBytes(4).toString('hex')}`;
  let keyServer: Awaited<ReturnType<typeof serveKeys>> | undefined;
  if (options.extraPublicKeyPem !== undefined) {
    const sandboxKeys = (await (await fetch(`${sandbox.url}/.well-known/public-keys.json`)).json()) as Record<
      string,
      string
    >;
    keyServer = await serveKeys({ ...sandboxKeys, 'signing-key-test': options.extraPublicKeyPem });
  }
  const redisUrl = options.redisUrl ?? REDIS_URL;
  const env: Record<string, string> = {
    PORT: '0',
    REDIS_URL: redisUrl,
    LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
    QUEUE_PREFIX: prefix,
    CONTENTSTACK_CMA_URL: `${sandbox.url}/v3`,
    PERSONALIZE_API_URL: `${sandbox.url}/personalize`,
    CONTENTSTACK_PUBLIC_KEYS_URL: keyServer?.url ?? `${sandbox.url}/.well-known/public-keys.json`,
    CONTENTSTACK_API_KEY: credentials.api_key,
    CONTENTSTACK_AUTHTOKEN: credentials.authtoken,
    CONTENTSTACK_ORG_UID: credentials.organization_uid,
    PERSONALIZE_PROJECT_UID: credentials.personalize_project_uid,
    BACKOFF_BASE_MS: '200',
    BACKOFF_MAX_MS: '3000',
    JOB_ATTEMPTS: '12',
    SWEEP_INTERVAL_MS: '3600000',
    POLL_INTERVAL_S: '1',
    CONTENTSTACK_AUTO_LINK_CONTENT_TYPES: AUTO_LINKED.join(','),
    HTTP_TIMEOUT_MS: '5000',
    ...options.env,
  };
  const config = loadConfig(env);
  const log = createLogger(config, 'test');
  // The whole HTTP side as `npm run server` runs it (webhooks, ops, the edge API, the UI API).
  const app = await startAppServer(config, log);
  const http: HttpRuntime = { ...app.runtime, url: app.url, close: () => app.close() };
  const workers = options.workers === false ? null : await startWorkerRuntime(config, log);
  const prefixKey = prefix;
  await sandboxPost(sandbox.url, '/_sandbox/webhook-targets', {
    api_key: credentials.api_key,
    url: `${http.url}/webhooks/contentstack`,
  });
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  const engine: Engine = {
    sandbox,
    credentials,
    config,
    env,
    http,
    workers,
    redis,
    personalize: new PersonalizeHelper(sandbox.url, credentials),
    async startWorkers() {
      engine.workers ??= await startWorkerRuntime(config, log);
    },
    async stop() {
      await engine.workers?.close(2000);
      await http.close();
      await removePrefix(redis, prefixKey).catch(() => undefined);
      redis.disconnect();
      await keyServer?.close();
      await sandbox.close();
    },
  };
  return engine;
}

async function removePrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (found.length > 0) await redis.del(...found);
  } while (cursor !== '0');
}

export async function sandboxPost(base: string, path: string, body: unknown, method = 'POST'): Promise<unknown> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${await response.text()}`);
  const text = await response.text();
  return text === '' ? null : (JSON.parse(text) as unknown);
}

export interface SandboxRequest {
  method: string;
  path: string;
  status: number;
  at: number;
  org?: string;
  kind?: 'read' | 'write' | 'personalize';
}

export async function sandboxRequests(base: string, since: number): Promise<SandboxRequest[]> {
  const answer = (await (await fetch(`${base}/_sandbox/requests?since=${since}`)).json()) as {
    requests: SandboxRequest[];
  };
  return answer.requests;
}

export interface ListedGroup {
  uid: string;
  name: string;
  description?: string | null;
  content_types: { uid: string; status: string }[];
  personalize_metadata?: { experience_uid: string; experience_short_uid: string; status?: string } | null;
  variants?: {
    uid: string;
    name: string;
    alias?: string;
    personalize_metadata?: { variant_short_uid?: string } | null;
  }[];
}

export async function listGroups(engine: Engine): Promise<ListedGroup[]> {
  const all: ListedGroup[] = [];
  for (let skip = 0; ; skip += 100) {
    const response = await fetch(
      `${engine.sandbox.url}/v3/variant_groups?include_variant_info=true&limit=100&skip=${skip}`,
      {
        headers: { authtoken: engine.credentials.authtoken, api_key: engine.credentials.api_key },
      },
    );
    if (response.status === 429) {
      await sleep(1100);
      skip -= 100;
      continue;
    }
    const page = (await response.json()) as { variant_groups: ListedGroup[] };
    all.push(...page.variant_groups);
    if (page.variant_groups.length < 100) return all;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` until it returns a value other than undefined, or fails with the last observation. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 30_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: string | undefined;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error instanceof Error ? error.message : JSON.stringify(error);
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last === undefined ? '' : `: ${last}`}`);
    await sleep(250);
  }
}

export interface VariantSpec {
  shortUid?: string;
  name: string;
}

/** Drives the sandbox's Personalize API the way a marketer would. Retries the sandbox's own 429s. */
export class PersonalizeHelper {
  /** Every write this helper made, as the marketer: the request log's other writes are the app's. */
  readonly writes: { method: string; path: string }[] = [];
  /** Every request this helper sent (retries included), with when it was in flight: the marketer's share of the log. */
  readonly sent: MarketerRequest[] = [];

  constructor(
    private readonly base: string,
    private readonly credentials: Credentials,
  ) {}

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    for (;;) {
      const from = Date.now();
      const response = await fetch(`${this.base}/personalize${path}`, {
        method,
        headers: {
          authtoken: this.credentials.authtoken,
          'x-project-uid': this.credentials.personalize_project_uid,
          'content-type': 'application/json',
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const record = (): void => {
        this.sent.push({ method, path: `/personalize${path.split('?')[0] ?? path}`, from, to: Date.now() });
      };
      if (response.status === 429 || (response.status >= 500 && method !== 'POST')) {
        await response.arrayBuffer();
        record();
        await sleep(response.status === 429 ? 1100 : 100);
        continue;
      }
      const text = await response.text();
      record();
      if (method !== 'GET') this.writes.push({ method, path: `/personalize${path}` });
      if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${text}`);
      return (text === '' ? null : JSON.parse(text)) as T;
    }
  }

  async createAbTest(name: string): Promise<{ uid: string; shortUid: string; latestVersion: string }> {
    return this.call('POST', '/experiences', { name, description: '', __type: 'AB_TEST' });
  }

  /** Writes the draft (or a new draft) with these A/B variants, optionally activating it. */
  async writeVersion(
    experienceUid: string,
    variants: VariantSpec[],
    status: 'DRAFT' | 'ACTIVE' = 'DRAFT',
  ): Promise<{ uid: string; status: string; variants: { shortUid: string; name: string }[] }> {
    const versions = await this.call<{ uid: string; status: string }[]>(
      'GET',
      `/experiences/${experienceUid}/versions`,
    );
    const draft = versions.find((v) => v.status === 'DRAFT');
    const share = Math.floor(100 / Math.max(1, variants.length));
    const body = {
      status,
      variants: variants.map((v, i) => ({
        __type: 'ABTestVariant',
        ...(v.shortUid === undefined ? {} : { shortUid: v.shortUid }),
        name: v.name,
        trafficDistribution: i === 0 ? 100 - share * (variants.length - 1) : share,
      })),
    };
    return draft === undefined
      ? this.call('POST', `/experiences/${experienceUid}/versions`, body)
      : this.call('PUT', `/experiences/${experienceUid}/versions/${draft.uid}`, body);
  }

  /** Pauses the ACTIVE version, or resumes the PAUSED one (a locked version changes only its status). */
  async setLiveStatus(experienceUid: string, status: 'ACTIVE' | 'PAUSED'): Promise<void> {
    const versions = await this.call<{ uid: string; status: string; variants: unknown[] }[]>(
      'GET',
      `/experiences/${experienceUid}/versions`,
    );
    const live = versions.find((v) => v.status === 'ACTIVE' || v.status === 'PAUSED');
    if (live === undefined) throw new Error(`${experienceUid} has no live version`);
    await this.call('PUT', `/experiences/${experienceUid}/versions/${live.uid}`, { status, variants: live.variants });
  }

  async renameExperience(experienceUid: string, name: string): Promise<void> {
    await this.call('PUT', `/experiences/${experienceUid}`, { name });
  }

  async deleteExperience(experienceUid: string): Promise<void> {
    await this.call('DELETE', `/experiences/${experienceUid}`);
  }

  async versions(
    experienceUid: string,
  ): Promise<{ uid: string; status: string; variants: { shortUid: string; name: string }[] }[]> {
    return this.call('GET', `/experiences/${experienceUid}/versions`);
  }

  async experience(
    experienceUid: string,
  ): Promise<{ uid: string; shortUid: string; name: string; description: string }> {
    return this.call('GET', `/experiences/${experienceUid}`);
  }
}

/** Idle = nothing waiting, active or delayed in the mirror queue. */
export async function mirrorQueueIdle(engine: Engine, timeoutMs = 60_000): Promise<void> {
  const { Queue } = await import('bullmq');
  const queue = new Queue('mirror', { connection: engine.redis, prefix: engine.config.QUEUE_PREFIX });
  try {
    // Twice in a row: a finishing job may be about to add its successor (latest-wins).
    let quietRounds = 0;
    await eventually(
      async () => {
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
        quietRounds = Object.values(counts).every((n) => n === 0) ? quietRounds + 1 : 0;
        return quietRounds >= 3 ? true : undefined;
      },
      timeoutMs,
      'mirror queue idle',
    );
  } finally {
    await queue.close();
  }
}

export interface ExpectedMirror {
  name: string;
  shortUid: string;
  variants: Record<string, string>;
}

/** What the group of an experience must look like: its ACTIVE version's variants, else its latest version's. */
export async function expectedMirror(engine: Engine, experienceUid: string): Promise<ExpectedMirror> {
  const experience = await engine.personalize.experience(experienceUid);
  const versions = await engine.personalize.versions(experienceUid);
  const followed = versions.find((v) => v.status === 'ACTIVE') ?? versions[0];
  return {
    name: experience.name,
    shortUid: experience.shortUid,
    variants: Object.fromEntries((followed?.variants ?? []).map((v) => [v.shortUid, v.name])),
  };
}

/** Differences between the CMS and the expected mirror of one experience (empty when it is an exact mirror). */
export function mirrorDifferences(groups: ListedGroup[], experienceUid: string, expected: ExpectedMirror): string[] {
  const mine = groups.filter((g) => g.personalize_metadata?.experience_uid === experienceUid);
  if (mine.length !== 1) return [`${experienceUid}: ${mine.length} groups`];
  const group = mine[0] as ListedGroup;
  const problems: string[] = [];
  if (group.name !== expected.name) problems.push(`${experienceUid}: group name ${group.name} ≠ ${expected.name}`);
  const actual: Record<string, string> = {};
  for (const variant of group.variants ?? []) {
    const shortUid = variant.personalize_metadata?.variant_short_uid ?? '?';
    actual[shortUid] = variant.name;
    if (variant.alias !== `cs_personalize_${expected.shortUid}_${shortUid}`) {
      problems.push(`${experienceUid}: variant ${variant.uid} alias ${String(variant.alias)}`);
    }
  }
  const sort = (r: Record<string, string>) => JSON.stringify(Object.entries(r).sort());
  if (sort(actual) !== sort(expected.variants))
    problems.push(`${experienceUid}: variants ${sort(actual)} ≠ ${sort(expected.variants)}`);
  return problems;
}

/**
 * What the app is responsible for on one experience's group, as the CMA shows it: exactly one group claims the
 * experience (Personalize's sync made it; the app never makes one) and it is linked to every auto-linked content type.
 */
export function guardDifferences(groups: ListedGroup[], experienceUid: string): string[] {
  const mine = groups.filter((g) => g.personalize_metadata?.experience_uid === experienceUid);
  if (mine.length !== 1) return [`${experienceUid}: ${mine.length} groups`];
  const linked = new Set((mine[0] as ListedGroup).content_types.filter((c) => c.status === 'linked').map((c) => c.uid));
  return AUTO_LINKED.filter((ct) => !linked.has(ct)).map((ct) => `${experienceUid}: ${ct} not linked`);
}

/** The guard's sync record of an experience, as the workers stored it. */
export interface SyncRecordView {
  state: string;
  groupUid?: string;
  versionUid?: string;
  waitingSince?: string;
  checkedAt?: string;
}

export async function syncRecord(engine: Engine, experienceUid: string): Promise<SyncRecordView | null> {
  const raw = await engine.redis.hget(
    `${engine.config.QUEUE_PREFIX}:mirror:sync:${engine.credentials.personalize_project_uid}`,
    experienceUid,
  );
  return raw === null ? null : (JSON.parse(raw) as SyncRecordView);
}

/** The experiences the edge API serves a visitor, by short uid → variant short uid (null: not in it). */
export async function served(engine: Engine): Promise<Map<string, string | null>> {
  const response = await fetch(`${engine.http.url}/edge/manifest`, {
    headers: { 'x-project-uid': engine.credentials.personalize_project_uid },
  });
  if (!response.ok) throw new Error(`manifest: HTTP ${response.status}`);
  const body = (await response.json()) as { experiences: { shortUid: string; activeVariantShortUid: string | null }[] };
  return new Map(body.experiences.map((e) => [e.shortUid, e.activeVariantShortUid]));
}

/**
 * Writes to what Personalize owns that the sandbox received, less the marketer's own (`marketer`, the helper's
 * record): what is left came from the app, and none may exist.
 */
export function ownedWrites(
  requests: SandboxRequest[],
  marketer: readonly { method: string; path: string }[],
): SandboxRequest[] {
  const theirs = new Map<string, number>();
  for (const w of marketer) theirs.set(`${w.method} ${w.path}`, (theirs.get(`${w.method} ${w.path}`) ?? 0) + 1);
  const notTheirs = requests.filter((r) => {
    const key = `${r.method} ${r.path}`;
    const left = theirs.get(key) ?? 0;
    if (left === 0) return true;
    theirs.set(key, left - 1);
    return false;
  });
  return notTheirs.filter(
    (r) =>
      (r.method === 'POST' && /^\/v3\/variant_groups\/?$/.test(r.path)) ||
      (r.method === 'DELETE' && r.path.startsWith('/v3/variant_groups')) ||
      (r.method !== 'GET' && /^\/v3\/variant_groups\/[^/]+\/variants\/[^/]+/.test(r.path)) ||
      (r.method === 'POST' && /^\/v3\/variant_groups\/[^/]+\/variants\/?$/.test(r.path)) ||
      (r.method !== 'GET' && /^\/personalize\/experiences\/[^/]+\/?$/.test(r.path)) ||
      r.status === 403,
  );
}

export interface MarketerRequest {
  method: string;
  path: string;
  from: number;
  to: number;
}

/** The sandbox's log less the marketer's own requests (matched by method, path and time in flight): the app's. */
export function appRequests(requests: SandboxRequest[], marketer: readonly MarketerRequest[]): SandboxRequest[] {
  const left = [...marketer];
  return requests.filter((r) => {
    const i = left.findIndex(
      (m) => m.method === r.method && m.path === r.path && r.at >= m.from - 5 && r.at <= m.to + 5,
    );
    if (i < 0) return true;
    left.splice(i, 1);
    return false;
  });
}

/** The most calls of one kind the sandbox saw in any one-second window. */
export function maxPerSecond(requests: SandboxRequest[], kind: SandboxRequest['kind']): number {
  const times = requests
    .filter((r) => r.kind === kind)
    .map((r) => r.at)
    .sort((a, b) => a - b);
  let max = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while ((times[end] as number) - (times[start] as number) >= 1000) start++;
    max = Math.max(max, end - start + 1);
  }
  return max;
}
