// The sync guard's use case for one experience: read what Personalize says it is and the groups that claim it, plan
// (pure), count entry variants only where the plan asks, link the content types Personalize leaves to people, and
// return what to remember. It re-reads both sides every time (reconciliation, not replay), so it is idempotent and
// order-insensitive: a retry after a partial failure, a duplicate job or an out-of-order trigger end the same way.
import {
  experienceFingerprint,
  deletedFingerprint,
  followedVersion,
  mirroredExperienceSchema,
  planGuard,
  type GroupSnapshot,
  type GuardInput,
  type GuardOperation,
  type GuardPlan,
  type GuardPolicy,
  type MirroredExperience,
  type SyncRecord,
} from '@pb/shared';
import type { ExperienceRecord, PersonalizePort, VariantGroupPort, VersionRecord } from './ports';

export interface GuardDeps {
  personalize: PersonalizePort;
  cma: VariantGroupPort;
  policy: GuardPolicy;
  syncDeadlineMs: number;
  now: () => Date;
}

export interface GuardOutcome {
  experience: MirroredExperience | null;
  plan: GuardPlan;
  applied: GuardOperation[];
  fingerprint: string;
}

export async function guardExperience(
  deps: GuardDeps,
  target: { projectUid: string; experienceUid: string; previous: SyncRecord | null },
): Promise<GuardOutcome> {
  // 1. What Personalize says the experience is (the version the guard follows), with its own `_cms` link.
  const experience = await readExperience(deps.personalize, target.experienceUid);
  // 2. The groups that claim it, and the one `_cms` names when no metadata points at it.
  const groups = await groupsFor(deps.cma, target.experienceUid, experience);
  const input: GuardInput = {
    projectUid: target.projectUid,
    experienceUid: target.experienceUid,
    experience,
    groups,
    entryVariants: {},
    previous: target.previous,
    now: deps.now().toISOString(),
    syncDeadlineMs: deps.syncDeadlineMs,
    policy: deps.policy,
  };
  // 3. Plan; entry variants are counted only for the CMS variants the plan asks about (it costs reads).
  let plan = planGuard(input);
  const group = groups.find((g) => g.uid === plan.groupUid);
  if (plan.usageNeeded.length > 0 && group !== undefined) {
    plan = planGuard({ ...input, entryVariants: await deps.cma.entryVariantCounts(group, plan.usageNeeded) });
  }
  // 4. Apply: content-type links only, with the group's current name.
  for (const op of plan.operations) {
    await deps.cma.setContentTypeLinks(
      op.groupUid,
      op.name,
      op.contentTypes,
      op.op === 'link-content-types' ? 'linked' : 'unlinked',
    );
  }
  return {
    experience,
    plan,
    applied: plan.operations,
    fingerprint: experience === null ? deletedFingerprint : experienceFingerprint(experience),
  };
}

async function groupsFor(
  cma: VariantGroupPort,
  experienceUid: string,
  experience: MirroredExperience | null,
): Promise<GroupSnapshot[]> {
  const claiming = await cma.groupsOfExperience(experienceUid);
  const linked = experience?.cmsLink?.variantGroup;
  if (linked === undefined || claiming.some((g) => g.uid === linked)) return claiming;
  const named = await cma.getGroup(linked);
  return named === null ? claiming : [...claiming, named];
}

export async function readExperience(
  personalize: PersonalizePort,
  experienceUid: string,
): Promise<MirroredExperience | null> {
  const record = await personalize.getExperience(experienceUid);
  if (record === null) return null;
  const versions = await personalize.listVersions(experienceUid);
  return toMirrored(record, versions);
}

export function toMirrored(record: ExperienceRecord, versions: readonly VersionRecord[]): MirroredExperience {
  const version = followedVersion(record, versions);
  return mirroredExperienceSchema.parse({
    uid: record.uid,
    shortUid: record.shortUid,
    name: record.name,
    description: record.description,
    versionUid: version?.uid ?? record.latestVersion ?? 'none',
    versionStatus: normalStatus(version?.status ?? 'DRAFT'),
    variants: version?.variants ?? [],
    knownShortUids: [...new Set(versions.flatMap((v) => v.variants.map((x) => x.shortUid)))],
    contentTypes: record.contentTypes,
    cmsLink: record.cmsLink,
  });
}

/** Personalize spells the paused status `PAUSE` in some places and `PAUSED` in others. */
function normalStatus(status: string): string {
  return status === 'PAUSE' ? 'PAUSED' : status;
}
