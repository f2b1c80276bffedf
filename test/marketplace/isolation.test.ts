// Isolation between installations: two stacks in two organizations, both installed through the real marketplace flow
// (install redirect → OAuth callback, lifecycle webhooks), against the whole HTTP side as `npm run server` runs it.
// Every cross-stack attempt — data, actions, forged or stale credentials, a webhook for a stack that is not
// installed — fails with its exact status, and nothing is queued because of it. Also: security headers, CORS and
// per-client rate limits. The tests run in order: the last ones uninstall and reinstall Contoso.
import { generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  contentstack,
  eventually,
  http,
  startMarketplace,
  type Answer,
  type Installed,
  type Marketplace,
} from './isolation-harness';

const HERO = '6650a1c0ffee0000000000c1'; // seeded Northwind experience (segmented)
const PROMO = 'promo_banner'; // seeded Northwind content type
const APP_ORIGIN = 'https://app.example';
const EDGE_LIMIT = 5;

let clockShift = 0;
const now = () => Date.now() + clockShift;
let m: Marketplace;
let northwind: Installed;
let contoso: Installed;
let contosoProject: { projectUid: string; experienceUid: string };
let northwindSession: string;
let contosoSession: string;
let contosoAppToken: string;

const ui = (path: string) => `${m.url}/api/ui${path}`;

/** Every job id in the mirror, webhook-event and recompute queues, whatever its state. */
async function jobSnapshot(): Promise<string[]> {
  const ids = await Promise.all(
    m.queues.map(async (q) =>
      (await q.getJobs(['waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed'], 0, -1)).map(
        (job) => `${q.name}/${job.id ?? ''}`,
      ),
    ),
  );
  return ids.flat().sort();
}

/**
 * Waits until earlier steps stopped queueing: the platform has no webhook delivery in flight and the queues hold
 * still (an earlier change — a link, a reinstall — may still be arriving when an attempt starts).
 */
async function settled(): Promise<string[]> {
  let previous = await jobSnapshot();
  return eventually(
    async () => {
      const { deliveries } = (await http(`${m.sandbox.url}/_sandbox/webhook-deliveries`)).body as {
        deliveries: { state: string }[];
      };
      await new Promise((resolve) => setTimeout(resolve, 150));
      const current = await jobSnapshot();
      const still = deliveries.every((d) => d.state !== 'pending') && current.join() === previous.join();
      previous = current;
      return still ? current : undefined;
    },
    45_000,
    'the queues to settle',
  );
}

/** Runs an attempt and checks that it queued nothing (the workers are stopped: jobs only appear, never move). */
async function queuesNothing(attempt: () => Promise<Answer>): Promise<Answer> {
  const before = await settled();
  const answer = await attempt();
  expect(await jobSnapshot()).toEqual(before);
  return answer;
}

/** Activates the DRAFT version of a seeded Northwind experience, as an author does in Personalize. */
async function activate(experienceUid: string): Promise<void> {
  const headers = {
    authtoken: m.credentials.authtoken,
    'x-project-uid': m.credentials.personalize_project_uid,
  };
  const base = `${m.sandbox.url}/personalize/experiences/${experienceUid}/versions`;
  const versions = (await contentstack(base, { headers })).body as unknown as {
    uid: string;
    status: string;
    variants: unknown;
    targeting?: unknown;
    metrics?: unknown;
  }[];
  const draft = versions.find((v) => v.status === 'DRAFT');
  if (draft === undefined) throw new Error(`no draft version of ${experienceUid}`);
  const answer = await contentstack(`${base}/${draft.uid}`, {
    method: 'PUT',
    headers,
    body: {
      status: 'ACTIVE',
      variants: draft.variants,
      ...(draft.targeting === undefined ? {} : { targeting: draft.targeting }),
      ...(draft.metrics === undefined ? {} : { metrics: draft.metrics }),
    },
  });
  if (answer.status !== 200) throw new Error(`activate ${experienceUid}: HTTP ${answer.status} ${answer.text}`);
}

/** A session token with its payload changed and the signature kept. */
function tampered(token: string, change: Record<string, unknown>): string {
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  return [header, Buffer.from(JSON.stringify({ ...claims, ...change })).toString('base64url'), signature].join('.');
}

/** App-token claims as the platform mints them, for forging. */
function claimsOf(installed: Installed, userUid = 'mallory') {
  return {
    organization_uid: installed.organizationUid,
    installation_uid: installed.installationUid,
    app_uid: m.credentials.app.app_uid,
    stack_api_key: installed.apiKey,
    user_uid: userUid,
  };
}

async function withClockShift<T>(ms: number, run: () => Promise<T>): Promise<T> {
  clockShift = ms;
  try {
    return await run();
  } finally {
    clockShift = 0;
  }
}

beforeAll(async () => {
  m = await startMarketplace({
    now,
    env: {
      UI_ALLOWED_ORIGINS: APP_ORIGIN,
      TRUST_PROXY_HOPS: '1',
      RATE_LIMIT_EDGE: String(EDGE_LIMIT),
      RATE_LIMIT_API: '100000',
      RATE_LIMIT_AUTH: '100000',
      RATE_LIMIT_WEBHOOKS: '100000',
    },
  });
  const other = m.credentials.stacks.find((s) => s.organization_uid !== m.credentials.organization_uid);
  if (other === undefined) throw new Error('the sandbox has no stack in another organization');
  northwind = await m.install(m.credentials.api_key);
  contosoProject = await m.personalizeProjectFor(other.api_key);
  contoso = await m.install(other.api_key);
  northwindSession = await m.session(await m.appToken(northwind.apiKey));
  contosoAppToken = await m.appToken(contoso.apiKey);
  contosoSession = await m.session(contosoAppToken);
  // Northwind serves HERO (activation → webhook → mirror → assignments), so its results exist and could leak.
  await m.startWorkers();
  await activate(HERO);
  await eventually(
    async () => {
      const results = await http(ui(`/experiences/${HERO}/results`), { token: northwindSession });
      return results.status === 200 ? true : undefined;
    },
    45_000,
    'Northwind serving HERO',
  );
  await m.stopWorkers();
}, 120_000);
afterAll(async () => {
  await m?.stop();
});

describe('each installation sees its own stack', () => {
  it('lists each project’s experiences to its own session only', async () => {
    const north = await http(ui('/experiences'), { token: northwindSession });
    expect(north.status).toBe(200);
    expect(north.text).toContain(HERO);
    expect(north.text).not.toContain(contosoProject.experienceUid);
    const cont = await http(ui('/experiences'), { token: contosoSession });
    expect(cont.status).toBe(200);
    expect(cont.text).toContain(contosoProject.experienceUid);
    expect(cont.text).not.toContain(HERO);
  });
});

describe('cross-stack attempts with a genuine session', () => {
  it('results of the other stack’s experience: 404 like an unknown uid, nothing of it in the answer', async () => {
    const own = await http(ui(`/experiences/${HERO}/results`), { token: northwindSession });
    expect(own.status).toBe(200);
    const foreign = await queuesNothing(() => http(ui(`/experiences/${HERO}/results`), { token: contosoSession }));
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual({ error: 'not-found', reason: 'experience-not-served' });
    const unknown = await http(ui('/experiences/nope/results'), { token: contosoSession });
    expect(unknown.body).toEqual(foreign.body);
    // The results API (operator route) with the same session: the same answer.
    const api = await http(`${m.url}/api/experiences/${HERO}/results`, { token: contosoSession });
    expect(api.status).toBe(404);
    expect(api.text).not.toContain('variants');
  });

  it('mirror status and experiences of the other stack: naming it in headers or query changes nothing', async () => {
    const answer = await queuesNothing(() =>
      http(ui(`/experiences?api_key=${northwind.apiKey}&project_uid=${m.credentials.personalize_project_uid}`), {
        token: contosoSession,
        headers: { api_key: northwind.apiKey, 'x-project-uid': m.credentials.personalize_project_uid },
      }),
    );
    expect(answer.status).toBe(200);
    const uids = (answer.body['experiences'] as { uid: string }[]).map((e) => e.uid);
    expect(uids).toEqual([contosoProject.experienceUid]);
    expect(answer.text).not.toContain(HERO);
  });

  it('“mirror now” of the other stack’s experience: 403 and nothing queued, both ways', async () => {
    const intoNorthwind = await queuesNothing(() =>
      http(ui(`/experiences/${HERO}/mirror`), { method: 'POST', token: contosoSession }),
    );
    expect(intoNorthwind.status).toBe(403);
    expect(intoNorthwind.body).toEqual({ error: 'forbidden', reason: 'experience-not-in-project' });
    const intoContoso = await queuesNothing(() =>
      http(ui(`/experiences/${contosoProject.experienceUid}/mirror`), { method: 'POST', token: northwindSession }),
    );
    expect(intoContoso.status).toBe(403);
    expect(intoContoso.body).toEqual({ error: 'forbidden', reason: 'experience-not-in-project' });
  });

  it('coverage of the other stack: only the session’s own groups, content types and entries', async () => {
    type Listed = {
      uid: string;
      variantGroupUid?: string;
      variants: { coverage?: { missing: { uid: string }[] }[] }[];
    };
    const heroOf = async () =>
      (
        (await http(ui('/experiences?include=coverage'), { token: northwindSession })).body['experiences'] as Listed[]
      ).find((e) => e.uid === HERO);
    // An editor links a content type to HERO's variant group: Northwind's coverage now names its entries.
    const group = (await heroOf())?.variantGroupUid ?? '';
    // The workers share the organization's write limit with this editor: a 429 is waited out as the CMS would.
    // Personalize made the group and owns its name: the link is sent with the name the group has.
    const cma = { api_key: northwind.apiKey, authorization: m.credentials.management_token };
    const current = await contentstack(`${m.sandbox.url}/v3/variant_groups/${group}`, { headers: cma });
    const linked = await contentstack(`${m.sandbox.url}/v3/variant_groups/${group}`, {
      method: 'PUT',
      headers: cma,
      body: { name: String(current.body['name']), content_types: [{ uid: PROMO, status: 'linked' }] },
    });
    expect(linked.status).toBe(200);
    const hero = await heroOf();
    const entries = (hero?.variants ?? []).flatMap((v) =>
      (v.coverage ?? []).flatMap((c) => c.missing.map((e) => e.uid)),
    );
    expect(entries.length).toBeGreaterThan(0);
    const cont = await queuesNothing(() =>
      http(ui('/experiences?include=coverage'), { token: contosoSession, headers: { api_key: northwind.apiKey } }),
    );
    expect(cont.status).toBe(200);
    expect(cont.text).not.toContain(group);
    expect(cont.text).not.toContain(PROMO);
    for (const entry of entries) expect(cont.text).not.toContain(entry);
    expect(cont.body['orphanedGroups']).toEqual([]);
  });

  it('queue health of the other stack: each session counts its own stack’s jobs only', async () => {
    const [mirrorQueue] = m.queues;
    const jobs = (await mirrorQueue?.getJobs(['completed'], 0, -1)) ?? [];
    const mine = (apiKey: string) => jobs.filter((j) => (j.data as { stackApiKey?: string }).stackApiKey === apiKey);
    expect(mine(northwind.apiKey).length).toBeGreaterThan(0);
    const completed = async (token: string) => {
      const answer = await http(ui('/queues'), { token });
      expect(answer.status).toBe(200);
      return (answer.body['queues'] as Record<string, Record<string, number>>)['mirror']?.['completed'];
    };
    expect(await completed(northwindSession)).toBe(mine(northwind.apiKey).length);
    expect(await completed(contosoSession)).toBe(mine(contoso.apiKey).length);
  });

  it('configuration of the other stack: the project list is the session’s organization’s only', async () => {
    const cont = await queuesNothing(() =>
      http(ui('/personalize/projects?region=NA'), { token: contosoSession, headers: { api_key: northwind.apiKey } }),
    );
    expect(cont.status).toBe(200);
    expect(cont.body['projects']).toEqual([expect.objectContaining({ uid: contosoProject.projectUid })]);
    const north = await http(ui('/personalize/projects?region=NA'), { token: northwindSession });
    expect(north.text).toContain(m.credentials.personalize_project_uid);
    expect(north.text).not.toContain(contosoProject.projectUid);
  });
});

describe('forged, tampered and stale credentials', () => {
  it('a session signed with another secret: 401 session-invalid', async () => {
    const iat = Math.floor(Date.now() / 1000);
    const forged = await new SignJWT({
      stk: northwind.apiKey,
      ins: northwind.installationUid,
      org: northwind.organizationUid,
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject('mallory')
      .setAudience('personalize-bridge-ui')
      .setIssuedAt(iat)
      .setExpirationTime(iat + 600)
      .sign(new TextEncoder().encode('not-the-servers-secret-not-the-servers-secret'));
    const answer = await queuesNothing(() =>
      http(ui(`/experiences/${HERO}/mirror`), { method: 'POST', token: forged }),
    );
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ error: 'unauthorized', reason: 'session-invalid' });
  });

  it('a session whose claims were changed to the other stack: 401 session-invalid', async () => {
    const forged = tampered(contosoSession, {
      stk: northwind.apiKey,
      org: northwind.organizationUid,
      ins: northwind.installationUid,
    });
    for (const [method, path] of [
      ['GET', '/experiences'],
      ['POST', `/experiences/${HERO}/mirror`],
      ['GET', `/experiences/${HERO}/results`],
    ] as const) {
      const answer = await queuesNothing(() => http(ui(path), { method, token: forged }));
      expect(answer.status).toBe(401);
      expect(answer.body['reason']).toBe('session-invalid');
    }
    const results = await http(`${m.url}/api/experiences/${HERO}/results`, { token: forged });
    expect(results.status).toBe(401);
  });

  it('an app token signed with a key that is not the platform’s, or with alg none: 401, no session', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const iat = Math.floor(Date.now() / 1000);
    const wrongKey = await new SignJWT(claimsOf(northwind))
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuedAt(iat)
      .setExpirationTime(iat + 300)
      .sign(privateKey);
    const signed = await http(ui('/session'), { body: { app_token: wrongKey } });
    expect(signed.status).toBe(401);
    expect(signed.body).toEqual({ error: 'unauthorized', reason: 'app-token-signature-invalid' });
    const unsigned = new UnsecuredJWT(claimsOf(northwind))
      .setIssuedAt(iat)
      .setExpirationTime(iat + 300)
      .encode();
    const none = await http(ui('/session'), { body: { app_token: unsigned } });
    expect(none.status).toBe(401);
    expect(none.body).toEqual({ error: 'unauthorized', reason: 'app-token-malformed' });
    expect(none.text).not.toContain('session_token');
  });

  it('an expired session: 401 session-expired, nothing queued', async () => {
    const expiredSession = await withClockShift(16 * 60_000, () =>
      queuesNothing(() =>
        http(ui(`/experiences/${contosoProject.experienceUid}/mirror`), { method: 'POST', token: contosoSession }),
      ),
    );
    expect(expiredSession.status).toBe(401);
    expect(expiredSession.body).toEqual({ error: 'unauthorized', reason: 'session-expired' });
  });

  it('an expired app token: 401 app-token-expired, no session', async () => {
    const expiredToken = await withClockShift(10 * 60_000, () =>
      http(ui('/session'), { body: { app_token: contosoAppToken } }),
    );
    expect(expiredToken.status).toBe(401);
    expect(expiredToken.body).toEqual({ error: 'unauthorized', reason: 'app-token-expired' });
  });
});

describe('after Contoso uninstalls', () => {
  it('its session replayed is refused on every route', async () => {
    await m.uninstall(contoso);
    for (const [method, path] of [
      ['GET', '/experiences'],
      ['GET', '/experiences?include=coverage'],
      ['POST', `/experiences/${contosoProject.experienceUid}/mirror`],
      ['GET', `/experiences/${contosoProject.experienceUid}/results`],
      ['GET', '/queues'],
      ['GET', '/personalize/projects'],
    ] as const) {
      const answer = await queuesNothing(() => http(ui(path), { method, token: contosoSession }));
      expect([path, answer.status, answer.body]).toEqual([
        path,
        403,
        { error: 'forbidden', reason: 'stack-not-installed' },
      ]);
    }
    const results = await http(`${m.url}/api/experiences/${contosoProject.experienceUid}/results`, {
      token: contosoSession,
    });
    expect(results.status).toBe(401);
  });

  it('an app token of the uninstalled installation buys no session', async () => {
    // Still within its lifetime and genuinely signed by the platform: only the installation is gone.
    const exchange = await http(ui('/session'), { body: { app_token: contosoAppToken } });
    expect(exchange.status).toBe(403);
    expect(exchange.body).toEqual({ error: 'forbidden', reason: 'stack-not-installed' });
  });

  it('a signed webhook carrying its api key (Northwind’s entry in the data): 403, nothing queued', async () => {
    // The platform still knows where to deliver (its receiver was registered at install); the app is gone.
    const emitted = await queuesNothing(async () => {
      await http(`${m.sandbox.url}/_sandbox/webhook-events`, {
        body: {
          api_key: contoso.apiKey,
          // An entry event: Personalize sends no webhooks, so a forged experience body would be refused (400) as an
          // unknown module before the stack is even looked at.
          module: 'entry',
          event: 'update',
          data: {
            entry: { uid: `forged_${HERO}`, title: 'Forged', locale: 'en-us', _version: 1 },
            content_type: { uid: 'hero', title: 'Hero' },
          },
        },
      });
      return eventually(
        async () => {
          const answer = await http(
            `${m.sandbox.url}/_sandbox/webhook-deliveries?api_key=${contoso.apiKey}&module=entry&event=update`,
          );
          const deliveries = answer.body['deliveries'] as { attempts: { status?: number }[] }[];
          const statuses = deliveries.flatMap((d) => d.attempts.map((a) => a.status));
          return statuses.length > 0 ? answer : undefined;
        },
        45_000,
        'the forged delivery answered',
      );
    });
    const deliveries = emitted.body['deliveries'] as { attempts: { status?: number }[] }[];
    expect(deliveries.flatMap((d) => d.attempts.map((a) => a.status))).toEqual(
      deliveries.flatMap((d) => d.attempts.map(() => 403)),
    );
  });

  it('after a reinstall, the old installation’s session and app token are refused; a new one works', async () => {
    const reinstalled = await m.install(contoso.apiKey);
    expect(reinstalled.installationUid).not.toBe(contoso.installationUid);
    const replayed = await queuesNothing(() => http(ui('/experiences'), { token: contosoSession }));
    expect(replayed.status).toBe(403);
    expect(replayed.body).toEqual({ error: 'forbidden', reason: 'installation-not-current' });
    const oldToken = await http(ui('/session'), { body: { app_token: contosoAppToken } });
    expect(oldToken.status).toBe(403);
    expect(oldToken.body).toEqual({ error: 'forbidden', reason: 'installation-not-current' });
    const fresh = await m.session(await m.appToken(contoso.apiKey));
    const listed = await http(ui('/experiences'), { token: fresh });
    expect(listed.status).toBe(200);
    expect(listed.text).toContain(contosoProject.experienceUid);
  });
});

describe('HTTP hardening', () => {
  it.each(['/healthz', '/api/ui/experiences', '/oauth/callback', '/webhooks/contentstack', '/edge/manifest'])(
    '%s answers with helmet’s security headers',
    async (path) => {
      const answer = await http(`${m.url}${path}`);
      expect(answer.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
      expect(answer.headers.get('x-frame-options')).toBe('DENY');
      expect(answer.headers.get('strict-transport-security')).toMatch(/max-age=/);
      expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
      expect(answer.headers.get('x-powered-by')).toBeNull();
    },
  );

  it('CORS: the app’s origin may call /api/ui, a foreign origin is refused, the edge API answers every site', async () => {
    const allowed = await http(ui('/experiences'), {
      method: 'OPTIONS',
      headers: { origin: APP_ORIGIN, 'access-control-request-method': 'GET' },
    });
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    const foreign = await queuesNothing(() =>
      http(ui(`/experiences/${HERO}/mirror`), {
        method: 'POST',
        token: northwindSession,
        headers: { origin: 'https://evil.example' },
      }),
    );
    expect(foreign.status).toBe(403);
    expect(foreign.body).toEqual({ error: 'forbidden', reason: 'origin-not-allowed' });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await http(`${m.url}/edge/manifest`, {
      method: 'OPTIONS',
      headers: { origin: 'https://shop.example', 'access-control-request-headers': 'x-project-uid' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    const manifest = await http(`${m.url}/edge/manifest`, {
      headers: { origin: 'https://shop.example', 'x-project-uid': m.credentials.personalize_project_uid },
    });
    expect(manifest.status).toBe(200);
    expect(manifest.headers.get('access-control-allow-origin')).toBe('*');
    expect(manifest.headers.get('access-control-expose-headers')).toContain('X-CS-Personalize-User-Uid');
  });

  it('a client over the edge rate limit gets 429 with Retry-After and RateLimit headers; another client does not', async () => {
    const edge = (client: string) =>
      http(`${m.url}/edge/manifest`, {
        headers: { 'x-forwarded-for': client, 'x-project-uid': m.credentials.personalize_project_uid },
      });
    const statuses: number[] = [];
    for (let i = 0; i < EDGE_LIMIT; i++) statuses.push((await edge('203.0.113.7')).status);
    expect(statuses).toEqual(Array.from({ length: EDGE_LIMIT }, () => 200));
    const over = await edge('203.0.113.7');
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(over.headers.get('ratelimit-policy')).toContain(`q=${EDGE_LIMIT}`);
    expect(over.headers.get('ratelimit')).toContain('r=0');
    expect(over.body['error']).toBe('rate-limited');
    const other = await edge('203.0.113.8');
    expect(other.status).toBe(200);
  });
});
