// The mirror suite's views of the CMS and the workers' records, over the engine of test/support/engine.ts: the
// variant groups as the CMA lists them, what an exact mirror of an experience must look like, the guard's sync records
// and the app's writes to what Personalize owns.
import { sleep } from '../support/eventually';
import { AUTO_LINKED, type Engine } from '../support/engine';
import type { SandboxRequest } from '../support/sandbox-requests';
import { mirrorKeys } from '@pb/server/mirror/keys';

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
    mirrorKeys(engine.config.QUEUE_PREFIX).sync(engine.credentials.personalize_project_uid),
    experienceUid,
  );
  return raw === null ? null : (JSON.parse(raw) as SyncRecordView);
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
