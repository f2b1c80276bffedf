/** The Personalize module mounted at /personalize on the test harness, with app tokens of each scope. */
import { createPersonalizeModule } from '../../../src/personalize';
import { SEED_PERSONALIZE_PROJECT_UID, SEED_PERSONALIZE_UIDS } from '../../../src/seed/personalize-seed';
import { MGMT_A, STACK_A, STACK_B, USER_A, USER_B, startHarness } from '../../apps/support/harness';
import type { Harness } from '../../apps/support/harness';

export const APP_TOKENS = {
  'app-manage': 'app-token-manage',
  'app-read': 'app-token-read',
  'app-none': 'app-token-no-personalize',
} as const;

export type AuthKind = 'user' | 'user-b' | 'mgmt' | 'none' | keyof typeof APP_TOKENS;

export async function startPersonalize(): Promise<Harness> {
  const h = await startHarness((app, parts) => {
    const mod = createPersonalizeModule(parts.ctx);
    app.use(mod.mount, mod.router);
  });
  const scopes: Record<keyof typeof APP_TOKENS, string[]> = {
    'app-manage': ['personalize:manage'],
    'app-read': ['personalize:read'],
    'app-none': ['cm.entries.management:read'],
  };
  for (const [kind, token] of Object.entries(APP_TOKENS) as Array<[keyof typeof APP_TOKENS, string]>) {
    h.credentials.registerAppToken(
      token,
      {
        kind: 'app',
        installationUid: `inst_${kind}`,
        appUid: 'app_x',
        orgUid: STACK_A.orgUid,
        stackApiKey: STACK_A.apiKey,
        scopes: scopes[kind],
      },
      new Date(Date.now() + 3_600_000),
    );
  }
  return h;
}

export function authHeaders(kind: AuthKind): Record<string, string> {
  switch (kind) {
    case 'user':
      return { authtoken: USER_A };
    case 'user-b':
      return { authtoken: USER_B };
    case 'mgmt':
      return { authorization: MGMT_A };
    case 'none':
      return {};
    default:
      return { authorization: `Bearer ${APP_TOKENS[kind]}` };
  }
}

const U = SEED_PERSONALIZE_UIDS;

/** Placeholders the JSON case files use. */
export const PLACEHOLDERS: Record<string, string> = {
  project: SEED_PERSONALIZE_PROJECT_UID,
  stackA: STACK_A.apiKey,
  stackB: STACK_B.apiKey,
  hero: U.experiences.homepageHero,
  abTest: U.experiences.freeShippingTest,
  heroDraft: U.versions.homepageHeroDraft,
  abDraft: U.versions.freeShippingTestDraft,
  eu: U.audiences.euVisitors,
  gold: U.audiences.goldMembers,
  mobile: U.audiences.mobileUsers,
  purchase: U.events.purchase,
  addToCart: U.events.addToCart,
  loyaltyTier: U.attributes.loyaltyTier,
  favouriteCategory: U.attributes.favouriteCategory,
  presetCountry: '6650a1c0ffee0000000000f0',
  unknown: '0123456789abcdef01234567',
};

export function fill<T>(value: T): T {
  return JSON.parse(
    JSON.stringify(value).replace(/\{\{(\w+)\}\}/g, (_m, name: string) => {
      const v = PLACEHOLDERS[name];
      if (v === undefined) throw new Error(`unknown placeholder ${name}`);
      return v;
    }),
  ) as T;
}

export async function call(
  h: Harness,
  method: string,
  path: string,
  opts: { auth?: AuthKind; project?: 'seed' | 'none' | 'unknown'; body?: unknown; rawBody?: string } = {},
): Promise<{ status: number; body: unknown }> {
  const headers: Record<string, string> = { ...authHeaders(opts.auth ?? 'user') };
  const project = opts.project ?? 'seed';
  if (project === 'seed') headers['x-project-uid'] = SEED_PERSONALIZE_PROJECT_UID;
  if (project === 'unknown') headers['x-project-uid'] = PLACEHOLDERS['unknown'] ?? '';
  let body: string | undefined;
  if (opts.rawBody !== undefined) body = opts.rawBody;
  else if (opts.body !== undefined) body = JSON.stringify(opts.body);
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${h.url}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await res.text();
  return { status: res.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

export function personalizeSnapshot(h: Harness): string {
  const part = h.parts.get('personalize');
  if (part === undefined) throw new Error('personalize state part not registered');
  return JSON.stringify(part.snapshot());
}

export function resetPersonalize(h: Harness): void {
  h.parts.get('personalize')?.reset();
  h.emitted.events.length = 0;
}
