// The sync's states as the experiences page reads them from the UI API. A paused sync: "sync overdue" within the
// deadline plus one poll. A first activation that remaps CMS variant uids (reported by integrators; the sandbox plays
// it on request): the guard notices the remap and counts the old variant's entry variants, the experiences page's
// move carries them to the new variant (each verified by a re-read before the old one is deleted), and the report
// clears.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '@pb/sandbox';
import { eventually } from '../support/eventually';
import { startUiApiServer, type UiApiServer } from '../support/ui-api-server';
import { appTokenFor, call } from './harness';

const PROMO = 'promo_banner';
let sandbox: RunningSandbox;
let api: UiApiServer;
let token: string;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, timeScale: 0.01, personalizeSyncDelayMs: 100 });
  // The deadline leaves the page (looked at every 1.5 s, each look a few budgeted Personalize reads) several looks at
  // "waiting" before it turns "overdue", also on a loaded machine: 2 s once let a full run miss the waiting state.
  api = await startUiApiServer({
    sandbox,
    env: { POLL_INTERVAL_S: '1', SYNC_DEADLINE_S: '8', CONTENTSTACK_AUTO_LINK_CONTENT_TYPES: PROMO },
  });
  const session = await call(`${api.url}/api/ui/session`, {
    body: { app_token: await appTokenFor(sandbox.url, api.credentials.api_key) },
  });
  token = String(session.body['session_token']);
  await api.startWorkers();
});
afterAll(async () => {
  await api?.stop();
  await sandbox?.close();
});

/** A call to one of the sandbox's APIs as a person would make it (429s waited out). */
async function send(
  method: string,
  path: string,
  body?: unknown,
  extra: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  for (;;) {
    const response = await fetch(`${sandbox.url}${path}`, {
      method,
      headers: { authtoken: api.credentials.authtoken, 'content-type': 'application/json', ...extra },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (response.status === 429) {
      await response.arrayBuffer();
      await new Promise((resolve) => setTimeout(resolve, 1000));
      continue;
    }
    const text = await response.text();
    return { status: response.status, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
  }
}
const personalize = (method: string, path: string, body?: unknown) =>
  send(method, `/personalize${path}`, body, { 'x-project-uid': api.credentials.personalize_project_uid });
const cma = (method: string, path: string, body?: unknown) =>
  send(method, `/v3${path}`, body, { api_key: api.credentials.api_key });

interface Listed {
  experiences: {
    uid: string;
    variantGroupUid?: string;
    variants: { shortUid: string; cmsVariantUid?: string }[];
    mirror: {
      state: string;
      reason?: string;
      remaps?: { shortUid: string; fromVariantUid: string; toVariantUid: string; entryVariants: number | null }[];
    };
  }[];
}

async function listed(uid: string): Promise<Listed['experiences'][number] | undefined> {
  const answer = await call(`${api.url}/api/ui/experiences`, { token });
  return (answer.body as unknown as Listed).experiences.find((e) => e.uid === uid);
}

// Every look at the experiences page costs Personalize reads from the organization's budget, which the guard and the
// poll share: a tight loop here would starve them (as an open page that refreshed this often would).
const until = <T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> =>
  eventually(check, timeoutMs, what, 1500);

describe('a paused sync', () => {
  it('reads "sync overdue" on the experiences page, saying what is missing, and "in sync" once the sync runs', async () => {
    await send('PUT', '/_sandbox/personalize-sync', { paused: true });
    try {
      const created = await personalize('POST', '/experiences', {
        name: 'Late hero',
        description: '',
        __type: 'AB_TEST',
      });
      const uid = String(created.body['uid']);
      const draft = (
        (await personalize('GET', `/experiences/${uid}/versions`)).body as unknown as { uid: string }[]
      )[0];
      await personalize('PUT', `/experiences/${uid}/versions/${draft?.uid ?? ''}`, {
        status: 'ACTIVE',
        variants: [
          { __type: 'ABTestVariant', name: 'A', trafficDistribution: 50 },
          { __type: 'ABTestVariant', name: 'B', trafficDistribution: 50 },
        ],
      });
      const waiting = await until('waiting for the sync', async () => {
        const e = await listed(uid);
        if (e?.mirror.state !== 'waiting-for-sync')
          throw new Error(`state ${e?.mirror.state ?? 'unlisted'}: ${e?.mirror.reason ?? ''}`);
        return e;
      });
      expect(waiting.mirror.reason).toContain("Waiting for Contentstack's sync to make the variant group");
      const overdue = await until('overdue', async () => {
        const e = await listed(uid);
        return e?.mirror.state === 'sync-overdue' ? e : undefined;
      });
      expect(overdue.mirror.reason).toContain('has not made the variant group');
      expect(overdue.mirror.reason).toContain('Mirror now');
      await send('PUT', '/_sandbox/personalize-sync', { paused: false });
      await until('in sync', async () => ((await listed(uid))?.mirror.state === 'in-sync' ? true : undefined));
    } finally {
      await send('PUT', '/_sandbox/personalize-sync', { paused: false });
    }
  }, 120_000);
});

describe('a remap on first activation', () => {
  it('is reported with its entry variants, and the move carries them to the new CMS variant', async () => {
    await send('PUT', '/_sandbox/personalize-sync', { remapOnFirstActivation: true });
    const created = await personalize('POST', '/experiences', {
      name: 'Remap hero',
      description: '',
      __type: 'AB_TEST',
    });
    const uid = String(created.body['uid']);
    const versions = await personalize('GET', `/experiences/${uid}/versions`);
    const draft = (versions.body as unknown as { uid: string }[])[0]?.uid ?? '';
    const variants = [
      { __type: 'ABTestVariant', name: 'Control', trafficDistribution: 50 },
      { __type: 'ABTestVariant', name: 'Bold', trafficDistribution: 50 },
    ];
    const written = await personalize('PUT', `/experiences/${uid}/versions/${draft}`, { status: 'DRAFT', variants });
    expect(written.status).toBe(200);

    // The draft is synced and linked; an author writes an entry variant for "Bold".
    const before = await until('the draft synced', async () => {
      const e = await listed(uid);
      return e?.mirror.state === 'in-sync' && e.variants.every((v) => v.cmsVariantUid !== undefined) ? e : undefined;
    });
    const bold = before.variants[1];
    const oldUid = bold?.cmsVariantUid ?? '';
    const entries = (await cma('GET', `/content_types/${PROMO}/entries`)).body['entries'] as { uid: string }[];
    const entry = entries[0]?.uid ?? '';
    const path = `/content_types/${PROMO}/entries/${entry}/variants`;
    const authored = await cma('PUT', `${path}/${oldUid}?locale=en-us`, {
      entry: { title: 'Bold title', _variant: { _change_set: ['title'] } },
    });
    expect(authored.status).toBe(201);

    // Activation: Personalize (the sandbox, on request) gives every variant a new CMS variant.
    const activated = await personalize('PUT', `/experiences/${uid}/versions/${draft}`, {
      status: 'ACTIVE',
      variants: (written.body['variants'] as unknown[]) ?? variants,
    });
    expect(activated.status).toBe(200);
    const remapped = await until('the remap reported with its entry variant', async () => {
      const e = await listed(uid);
      const remap = e?.mirror.remaps?.find((r) => r.fromVariantUid === oldUid);
      return remap?.entryVariants === 1 ? remap : undefined;
    });
    expect(remapped.shortUid).toBe(bold?.shortUid);
    expect(remapped.toVariantUid).not.toBe(oldUid);

    const moved = await call(`${api.url}/api/ui/experiences/${uid}/remaps/move`, {
      token,
      body: { fromVariantUid: oldUid, toVariantUid: remapped.toVariantUid },
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toEqual({ moved: [{ contentTypeUid: PROMO, entryUid: entry, locale: 'en-us' }], failed: [] });

    // Re-read through the CMA: the new variant carries the content, the old one has none any more.
    const now = await cma('GET', `${path}/${remapped.toVariantUid}?locale=en-us`);
    expect((now.body['entry'] as { title?: string } | undefined)?.title).toBe('Bold title');
    expect((await cma('GET', `${path}/${oldUid}?locale=en-us`)).status).toBe(404);
    await until('the remap report cleared', async () => {
      const e = await listed(uid);
      return e !== undefined && (e.mirror.remaps ?? []).length === 0 ? true : undefined;
    });
  }, 150_000);
});
