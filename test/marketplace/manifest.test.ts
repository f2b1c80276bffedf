// The real manifest.json: it has the documented shape, every UI location path is a route the app serves, and every
// webhook channel it subscribes to arrives in an envelope that `parseWebhook` accepts and the server's real HTTP
// ingest accepts, signed the way Contentstack signs it: lifecycle channels change the installation record, the others
// are queued (202) for an installed stack and refused (403) for any other.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { isWebhookChannel, parseWebhook, WEBHOOK_CHANNELS } from '@pb/shared';
import type { HttpRuntime } from '@pb/server/http-runtime';
import { QUEUES, queuePrefix } from '@pb/server/queue/names';
import { ROUTES } from '../../app-ui/src/routes';
import { rsaSignature, type SigningKey } from '../support/signing';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';
import { manifestSchema, type Manifest } from './manifest-schema';
import { sampleEnvelope } from './sample-envelopes';

const raw: unknown = JSON.parse(readFileSync(new URL('../../manifest.json', import.meta.url), 'utf8'));

/**
 * Scope names from Contentstack's published OAuth scope list (Developer Hub → "OAuth Scopes",
 * https://www.contentstack.com/docs/developers/developer-hub/oauth-scopes; 95 scopes). Kept as data, only the ones
 * this app could ask for. Sources: contentstack-apis.md §5 (`cm.content-types.management:read|write`,
 * `personalize:read|manage`, and no scope named for variant groups); the page itself (`cm.stacks.management:read|write`
 * seen in its table); the entries, publish, environment and language names are the page's entries as the team noted
 * them and were not re-read here. A name outside this list (such as the old `cm.variant-groups.management:*`) is
 * refused at publish time, so the test fails on it.
 */
const PUBLISHED_SCOPES: ReadonlySet<string> = new Set([
  'cm.stacks.management:read',
  'cm.stacks.management:write',
  'cm.content-types.management:read',
  'cm.content-types.management:write',
  'cm.entries.management:read',
  'cm.entries.management:write',
  'cm.entry:publish',
  'cm.entry:unpublish',
  'cm.environments.management:read',
  'cm.languages.management:read',
  'personalize:read',
  'personalize:manage',
]);

function issuePaths(value: unknown): string[] {
  const parsed = manifestSchema.safeParse(value);
  return parsed.success ? [] : parsed.error.issues.map((issue) => issue.path.join('.'));
}

function loadManifest(): Manifest {
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`manifest.json: ${parsed.error.message}`);
  return parsed.data;
}

const manifest = loadManifest();
const locationPaths = manifest.ui_location.locations.flatMap((location) =>
  location.meta.map((meta) => [location.type, meta.path] as const),
);
const channels = manifest.webhook.channels;

describe('manifest.json shape', () => {
  it('matches the documented manifest shape with nothing left over', () => {
    expect(issuePaths(raw)).toEqual([]);
  });

  it('declares each of the sidebar, configuration and full-page locations exactly once', () => {
    const types = manifest.ui_location.locations.map((location) => location.type).sort();
    expect(types).toEqual(['cs.cm.stack.config', 'cs.cm.stack.full_page', 'cs.cm.stack.sidebar']);
  });

  // The schema must be able to refuse: each mutation of the real manifest breaks one promise and names its path.
  const mutations: [string, (m: Record<string, unknown>) => void, string][] = [
    ['an unsigned location', (m) => setIn(m, ['ui_location', 'locations', 0, 'meta', 0, 'signed'], false), 'signed'],
    ['an unsigned webhook', (m) => setIn(m, ['webhook', 'signed'], false), 'webhook.signed'],
    [
      'a localhost webhook target',
      (m) => setIn(m, ['webhook', 'target_url'], 'https://localhost/webhooks/contentstack'),
      'webhook.target_url',
    ],
    ['an http base URL', (m) => setIn(m, ['ui_location', 'base_url'], 'http://example.com'), 'ui_location.base_url'],
    ['a 21-character name', (m) => setIn(m, ['name'], 'x'.repeat(21)), 'name'],
    [
      'an unknown location type',
      (m) => setIn(m, ['ui_location', 'locations', 0, 'type'], 'cs.cm.stack.nowhere'),
      'ui_location.locations.0.type',
    ],
    ['hosting that is not external', (m) => setIn(m, ['hosting', 'provider'], 'launch'), 'hosting.provider'],
  ];
  it.each(mutations)('refuses %s', (_name, mutate, path) => {
    const copy = structuredClone(raw) as Record<string, unknown>;
    mutate(copy);
    expect(issuePaths(copy).some((issue) => issue.endsWith(path))).toBe(true);
  });
});

describe('manifest.json against the app', () => {
  it.each(locationPaths)('%s points at %s, a route the app serves', (_type, path) => {
    expect(Object.keys(ROUTES)).toContain(path);
  });

  it('webhook target and OAuth redirect live on the deployment', () => {
    const base = manifest.hosting.deployment_url;
    expect(manifest.ui_location.base_url).toBe(base);
    expect(manifest.webhook.target_url).toBe(`${base}/webhooks/contentstack`);
    expect(manifest.oauth.redirect_uri).toBe(`${base}/oauth/callback`);
  });

  it('asks for the Personalize, entries and content-type scopes the app calls with', () => {
    expect(manifest.oauth.app_token_config.scopes).toEqual(
      expect.arrayContaining([
        'personalize:read',
        'cm.content-types.management:read',
        // Linking a variant group to content types is a content-type write on the real platform (no variant-group
        // scope exists), and the sandbox enforces the same.
        'cm.content-types.management:write',
        'cm.entries.management:read',
        'cm.entries.management:write',
      ]),
    );
  });

  it('asks only for scopes Contentstack publishes, each once', () => {
    const scopes = manifest.oauth.app_token_config.scopes;
    expect(scopes.filter((scope) => !PUBLISHED_SCOPES.has(scope))).toEqual([]);
    expect(new Set(scopes).size).toBe(scopes.length);
  });

  it('asks for no Personalize write scope: the server only reads Personalize', () => {
    expect(manifest.oauth.app_token_config.scopes).not.toContain('personalize:manage');
  });

  it.each(channels)('channel %s is one the server parses', (channel) => {
    expect(isWebhookChannel(channel)).toBe(true);
    if (!isWebhookChannel(channel)) return;
    const target = WEBHOOK_CHANNELS[channel];
    const parsed = parseWebhook(sampleEnvelope(target, 'blt_stack', new Date()));
    expect(parsed).toMatchObject({ ok: true, value: { module: target.module, event: target.event } });
  });
});

describe('the server ingests every subscribed channel', () => {
  let receiver: WebhookReceiver;
  let http: HttpRuntime;
  let signing: SigningKey;
  let redis: Redis;
  let events: Queue;
  const apiKey = `blt_${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    receiver = await startWebhookReceiver({ prefixStem: 'pbmanifest' });
    ({ http, signing, redis } = receiver);
    events = new Queue(QUEUES.events, { connection: redis, prefix: queuePrefix(receiver.prefix, QUEUES.events) });
    // The stack installs the app first: events of stacks that did not are refused.
    expect(await deliver('cs.apps.installations.install', apiKey)).toEqual({
      status: 202,
      body: { status: 'installed' },
    });
  });

  afterAll(async () => {
    await events.obliterate({ force: true });
    await events.close();
    await receiver.stop();
  });

  const jobCount = () =>
    events.getJobCountByTypes('waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed');

  async function deliver(channel: string, stack: string): Promise<{ status: number; body: unknown }> {
    if (!isWebhookChannel(channel)) throw new Error(`${channel} is not a known channel`);
    const body = Buffer.from(JSON.stringify(sampleEnvelope(WEBHOOK_CHANNELS[channel], stack, new Date())));
    const response = await fetch(`${http.url}/webhooks/contentstack`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-contentstack-request-signature': rsaSignature(body, signing) },
      body: new Uint8Array(body),
    });
    return { status: response.status, body: await response.json() };
  }

  const lifecycle = channels.filter((c) => isWebhookChannel(c) && WEBHOOK_CHANNELS[c].module === 'app_installation');
  const content = channels.filter((c) => !lifecycle.includes(c));

  it('applies the four lifecycle channels to the installation record at once, queueing no event', async () => {
    expect([...lifecycle].sort()).toEqual([
      'cs.apps.installations.install',
      'cs.apps.installations.uninstall',
      'cs.apps.installations.update',
      'cs.apps.installations.upgrade',
    ]);
    const stack = `blt_${randomBytes(4).toString('hex')}`;
    const before = await jobCount();
    const outcomes: unknown[] = [];
    for (const channel of [
      'cs.apps.installations.install',
      'cs.apps.installations.update',
      'cs.apps.installations.upgrade',
    ]) {
      outcomes.push(await deliver(channel, stack));
    }
    expect(await http.installations.store.status(stack)).toBe('awaiting-authorization');
    outcomes.push(await deliver('cs.apps.installations.uninstall', stack));
    expect(outcomes).toEqual([
      { status: 202, body: { status: 'installed' } },
      { status: 202, body: { status: 'updated' } },
      { status: 202, body: { status: 'updated' } },
      { status: 202, body: { status: 'uninstalled' } },
    ]);
    expect(await http.installations.store.status(stack)).toBeUndefined();
    expect(await jobCount()).toBe(before);
  });

  it.each(content)('accepts a signed %s delivery of an installed stack with 202 and queues it', async (channel) => {
    const before = await jobCount();
    expect(await deliver(channel, apiKey)).toEqual({ status: 202, body: { status: 'queued' } });
    expect(await jobCount()).toBe(before + 1);
  });

  it.each(content)('refuses %s for a stack that is not installed, queueing nothing', async (channel) => {
    const before = await jobCount();
    expect(await deliver(channel, 'blt_never_installed')).toEqual({
      status: 403,
      body: { error: 'forbidden', reason: 'stack-not-installed' },
    });
    expect(await jobCount()).toBe(before);
  });
});

/** Sets a value at a path of plain objects and arrays (test mutations only). */
function setIn(root: Record<string, unknown>, path: (string | number)[], value: unknown): void {
  let node: unknown = root;
  for (const key of path.slice(0, -1)) {
    node = (node as Record<string | number, unknown>)[key];
  }
  const last = path.at(-1);
  if (last === undefined || typeof node !== 'object' || node === null)
    throw new Error(`no such path ${path.join('.')}`);
  (node as Record<string | number, unknown>)[last] = value;
}
