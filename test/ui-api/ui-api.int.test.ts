// The UI API against the real sandbox and Redis: app tokens minted by the sandbox are traded for sessions; expired,
// forged and foreign-stack tokens are refused with their reason; sessions expire; the experiences listing reports
// mirror state and coverage; "mirror now" queues a real mirror that the real workers run.
import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUiApiServer, type UiApiServer } from '../support/ui-api-server';
import { appTokenFor, call } from './harness';

const PROMO = 'promo_banner';
let clockShift = 0;
const now = () => Date.now() + clockShift;
let api: UiApiServer;
let appToken: string;

beforeAll(async () => {
  api = await startUiApiServer({ now });
  appToken = await appTokenFor(api.sandbox.url, api.credentials.api_key);
});
afterAll(async () => {
  await api?.stop();
});

async function session(token = appToken): Promise<string> {
  const answer = await call(`${api.url}/api/ui/session`, { body: { app_token: token } });
  expect(answer.status).toBe(200);
  return String(answer.body['session_token']);
}

interface Listed {
  experiences: {
    uid: string;
    name: string;
    type: string;
    variantGroupUid?: string;
    variants: {
      shortUid: string;
      cmsVariantUid?: string;
      coverage?: { contentTypeUid: string; entries: number; missing: { uid: string }[] }[];
    }[];
    mirror: { state: string; reason?: string; lastMirroredAt?: string };
  }[];
}

async function cma(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  for (;;) {
    const response = await fetch(`${api.sandbox.url}/v3${path}`, {
      method,
      headers: {
        api_key: api.credentials.api_key,
        authorization: api.credentials.management_token,
        'content-type': 'application/json',
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    // The test shares the organization's rate limit with the server: wait out a 429 like any client.
    if (response.status === 429) {
      await response.arrayBuffer();
      await new Promise((resolve) => setTimeout(resolve, 1000));
      continue;
    }
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }
}

async function eventually<T>(
  check: () => Promise<{ value?: T; seen: unknown }>,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { value, seen } = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last seen ${JSON.stringify(seen)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('UI sessions', () => {
  it('trades a signed-location app token for a short-lived session bound to the stack', async () => {
    const answer = await call(`${api.url}/api/ui/session`, { body: { app_token: appToken } });
    expect(answer.status).toBe(200);
    expect(answer.body['expires_in']).toBe(900);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    // The session is the server's own token, never the app token echoed back.
    expect(answer.body['session_token']).not.toBe(appToken);
  });

  it('refuses an expired app token', async () => {
    clockShift = 10 * 60_000;
    try {
      const answer = await call(`${api.url}/api/ui/session`, { body: { app_token: appToken } });
      expect(answer.status).toBe(401);
      expect(answer.body['reason']).toBe('app-token-expired');
    } finally {
      clockShift = 0;
    }
  });

  it('refuses a token signed with a key that is not Contentstack’s', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const iat = Math.floor(Date.now() / 1000);
    const forged = await new SignJWT({
      organization_uid: api.credentials.organization_uid,
      installation_uid: 'forged',
      app_uid: 'forged',
      stack_api_key: api.credentials.api_key,
      user_uid: 'mallory',
    })
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuedAt(iat)
      .setExpirationTime(iat + 300)
      .sign(privateKey);
    const answer = await call(`${api.url}/api/ui/session`, { body: { app_token: forged } });
    expect(answer.status).toBe(401);
    expect(answer.body['reason']).toBe('app-token-signature-invalid');
    const garbage = await call(`${api.url}/api/ui/session`, { body: { app_token: 'not-a-jwt' } });
    expect(garbage.body['reason']).toBe('app-token-malformed');
    const missing = await call(`${api.url}/api/ui/session`, { body: {} });
    expect(missing.status).toBe(400);
    expect(String(missing.body['reason'])).toContain('app_token');
  });

  it('refuses a genuine token for a stack this server is not installed for', async () => {
    const other = api.credentials.stacks.find((s) => s.api_key !== api.credentials.api_key);
    expect(other).toBeDefined();
    const foreign = await appTokenFor(api.sandbox.url, other?.api_key ?? '');
    const answer = await call(`${api.url}/api/ui/session`, { body: { app_token: foreign } });
    expect(answer.status).toBe(403);
    expect(answer.body['reason']).toBe('stack-not-installed');
  });

  it('answers 401 without a session, with a forged one and after the session expired', async () => {
    const none = await call(`${api.url}/api/ui/queues`);
    expect(none.status).toBe(401);
    expect(none.body['reason']).toBe('session-missing');
    const token = await session();
    const forged = `${token.slice(0, -4)}AAAA`;
    expect((await call(`${api.url}/api/ui/queues`, { token: forged })).body['reason']).toBe('session-invalid');
    expect((await call(`${api.url}/api/ui/queues`, { token })).status).toBe(200);
    clockShift = 16 * 60_000;
    try {
      const expired = await call(`${api.url}/api/ui/queues`, { token });
      expect(expired.status).toBe(401);
      expect(expired.body['reason']).toBe('session-expired');
    } finally {
      clockShift = 0;
    }
  });

  it('lets the app’s origin call it (CORS preflight for the bearer header)', async () => {
    const preflight = await call(`${api.url}/api/ui/experiences`, { method: 'OPTIONS', origin: 'http://app.example' });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('experiences, mirror now and queues', () => {
  it('lists the project’s experiences as not mirrored yet, then in sync with coverage after “mirror now”', async () => {
    const token = await session();
    const before = await call(`${api.url}/api/ui/experiences`, { token });
    expect(before.status).toBe(200);
    const listed = before.body as unknown as Listed;
    expect(listed.experiences.length).toBeGreaterThan(0);
    const target = listed.experiences[0];
    if (target === undefined) throw new Error('no experience in the seed');
    expect(target.mirror.state).toBe('pending');

    await api.startWorkers();
    const queued = await call(`${api.url}/api/ui/experiences/${target.uid}/mirror`, { method: 'POST', token });
    expect(queued.status).toBe(202);

    const synced = await eventually(async () => {
      const answer = await call(`${api.url}/api/ui/experiences`, { token });
      const found = (answer.body as unknown as Listed).experiences.find((x) => x.uid === target.uid);
      return found?.mirror.state === 'in-sync' ? { value: found, seen: found } : { seen: found };
    }, 'the experience to be in sync');
    expect(synced.variantGroupUid).toEqual(expect.any(String));
    expect(Date.parse(synced.mirror.lastMirroredAt ?? '')).toBeGreaterThan(Date.now() - 60_000);
    for (const variant of synced.variants) {
      expect(variant.cmsVariantUid).toEqual(expect.any(String));
      expect(variant.coverage).toBeUndefined(); // only asked for with ?include=coverage
    }

    // Coverage: link a content type to the mirrored group, then give one entry an entry variant for variant 0.
    const groupUid = synced.variantGroupUid ?? '';
    const linked = await cma('PUT', `/variant_groups/${groupUid}`, {
      name: synced.name,
      content_types: [{ uid: PROMO, status: 'linked' }],
    });
    expect(linked.status).toBe(200);
    const entries = ((await cma('GET', `/content_types/${PROMO}/entries`)).body['entries'] as { uid: string }[]).map(
      (e) => e.uid,
    );
    const [first, second] = synced.variants;
    const covered = entries[0] ?? '';
    const written = await cma(
      'PUT',
      `/content_types/${PROMO}/entries/${covered}/variants/${first?.cmsVariantUid ?? ''}?locale=en-us`,
      { entry: { title: 'Variant title', _variant: { _change_set: ['title'] } } },
    );
    expect(written.status).toBe(201);
    const after = (await call(`${api.url}/api/ui/experiences?include=coverage`, { token })).body as unknown as Listed;
    const withCoverage = after.experiences.find((x) => x.uid === target.uid);
    const coverageOf = (shortUid: string | undefined) =>
      withCoverage?.variants.find((v) => v.shortUid === shortUid)?.coverage?.find((c) => c.contentTypeUid === PROMO);
    expect(coverageOf(first?.shortUid)).toMatchObject({ entries: entries.length });
    expect(coverageOf(first?.shortUid)?.missing.map((m) => m.uid)).toEqual(entries.filter((e) => e !== covered));
    expect(coverageOf(second?.shortUid)?.missing.map((m) => m.uid)).toEqual(entries);

    const queues = await call(`${api.url}/api/ui/queues`, { token });
    expect(queues.status).toBe(200);
    expect(queues.body['queues']).toMatchObject({ mirror: { completed: expect.any(Number) as number } });
    expect(((queues.body['queues'] as Record<string, Record<string, number>>)['mirror']?.['completed'] ?? 0) > 0).toBe(
      true,
    );
  });

  it('refuses a malformed experience uid and a region the server does not work in', async () => {
    const token = await session();
    const bad = await call(`${api.url}/api/ui/experiences/bad:uid/mirror`, { method: 'POST', token });
    expect(bad.status).toBe(400);
    const region = await call(`${api.url}/api/ui/personalize/projects?region=EU`, { token });
    expect(region.status).toBe(422);
    const projects = await call(`${api.url}/api/ui/personalize/projects?region=NA`, { token });
    expect(projects.status).toBe(200);
    expect(projects.body['projects']).toEqual(
      expect.arrayContaining([expect.objectContaining({ uid: api.credentials.personalize_project_uid })]),
    );
  });

  it('answers results of an experience that is not served with the reason', async () => {
    const token = await session();
    const answer = await call(`${api.url}/api/ui/experiences/nope/results`, { token });
    expect(answer.status).toBe(404);
    expect(answer.body['reason']).toEqual(expect.stringMatching(/experience-not-served/));
  });
});
