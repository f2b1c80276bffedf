// The mirror use case: make the CMS variant group of one experience an exact mirror of it.
// It re-reads both sides every time (reconciliation, not replay), so it is idempotent and order-insensitive: a retry
// after a partial failure, a duplicate job or an out-of-order event all end in the same state.
import {
  expectedCmsLink,
  experienceFingerprint,
  deletedFingerprint,
  mirroredExperienceSchema,
  planMirror,
  type GroupSnapshot,
  type MirrorInput,
  type MirrorOperation,
  type MirrorPlan,
  type MirrorPolicy,
  type MirrorReport,
  type MirroredExperience,
} from '@pb/shared';
import type { ExperienceRecord, PersonalizePort, VariantGroupPort, VersionRecord } from './ports';

export interface MirrorDeps {
  personalize: PersonalizePort;
  cma: VariantGroupPort;
  policy: MirrorPolicy;
}

export interface MirrorOutcome {
  experience: MirroredExperience | null;
  groupUid: string | null;
  applied: MirrorOperation[];
  reports: MirrorReport[];
  /** The `_cms` link as it stands after the run (null when the experience is gone or has no group). */
  link: { variantGroup: string; variants: Record<string, string> } | null;
  fingerprint: string;
}

export async function mirrorExperience(
  deps: MirrorDeps,
  target: { projectUid: string; experienceUid: string },
): Promise<MirrorOutcome> {
  // 1. What Personalize says the experience is (its ACTIVE version, else its latest).
  const experience = await readExperience(deps.personalize, target.experienceUid);
  // 2. What the CMS holds.
  const groups = await deps.cma.listGroups();
  const input: MirrorInput = { ...target, experience, groups, variantsInUse: [], policy: deps.policy };
  // 3. Plan; variants the plan would delete are checked for entry variants first (only those: it costs reads).
  let plan = planMirror(input);
  const deletions = plan.operations.filter((o) => o.op === 'delete-variant');
  const group = groups.find((g) => g.uid === plan.groupUid);
  if (deletions.length > 0 && group !== undefined) {
    const inUse = await deps.cma.variantsInUse(
      group,
      deletions.map((o) => o.variantUid),
    );
    if (inUse.length > 0) plan = planMirror({ ...input, variantsInUse: inUse });
  }
  // 4. Apply, in plan order.
  const link = await applyPlan(deps, experience, group, plan);
  return {
    experience,
    groupUid: link?.variantGroup ?? plan.groupUid,
    applied: plan.operations,
    reports: plan.reports,
    link,
    fingerprint: experience === null ? deletedFingerprint : experienceFingerprint(experience),
  };
}

export async function readExperience(
  personalize: PersonalizePort,
  experienceUid: string,
): Promise<MirroredExperience | null> {
  const record = await personalize.getExperience(experienceUid);
  if (record === null) return null;
  const versions = await personalize.listVersions(experienceUid);
  return toMirrored(record, followedVersion(record, versions));
}

/** The version the mirror follows: the ACTIVE one when there is one, else the latest. */
export function followedVersion(
  experience: ExperienceRecord,
  versions: readonly VersionRecord[],
): VersionRecord | null {
  return (
    versions.find((v) => v.status === 'ACTIVE') ??
    versions.find((v) => v.uid === experience.latestVersion) ??
    versions.at(-1) ??
    null
  );
}

export function toMirrored(record: ExperienceRecord, version: VersionRecord | null): MirroredExperience {
  return mirroredExperienceSchema.parse({
    uid: record.uid,
    shortUid: record.shortUid,
    name: record.name,
    description: record.description,
    versionUid: version?.uid ?? record.latestVersion ?? 'none',
    versionStatus: version?.status ?? 'DRAFT',
    variants: version?.variants ?? [],
    contentTypes: record.contentTypes,
    cmsLink: record.cmsLink,
  });
}

async function applyPlan(
  deps: MirrorDeps,
  experience: MirroredExperience | null,
  existing: GroupSnapshot | undefined,
  plan: MirrorPlan,
): Promise<MirrorOutcome['link']> {
  // The group as it becomes, kept up to date so the `_cms` link written at the end names the uids that now exist.
  let group: GroupSnapshot | undefined =
    existing === undefined ? undefined : { ...existing, variants: [...(existing.variants ?? [])] };
  const groupUidOf = (uid: string | null): string => {
    const resolved = uid ?? group?.uid;
    if (resolved === undefined) throw new Error('plan refers to a group it has not created');
    return resolved;
  };
  for (const op of plan.operations) {
    switch (op.op) {
      case 'create-group': {
        const uid = await deps.cma.createGroup(op);
        group = {
          uid,
          name: op.name,
          description: op.description,
          content_types: [],
          personalize_metadata: op.personalizeMetadata,
          variants: [],
        };
        break;
      }
      case 'update-group':
        await deps.cma.updateGroup(op.groupUid, { name: op.name, description: op.description });
        break;
      case 'link-content-types':
        await deps.cma.linkContentTypes(groupUidOf(op.groupUid), op.name, op.contentTypes);
        break;
      case 'add-variant': {
        const uid = await deps.cma.createVariant(groupUidOf(op.groupUid), op);
        group?.variants?.push({ uid, name: op.name, alias: op.alias, personalize_metadata: op.personalizeMetadata });
        break;
      }
      case 'rename-variant':
        await deps.cma.renameVariant(op.groupUid, op.variantUid, op.name);
        break;
      case 'delete-variant':
        await deps.cma.deleteVariant(op.groupUid, op.variantUid);
        if (group !== undefined) group.variants = (group.variants ?? []).filter((v) => v.uid !== op.variantUid);
        break;
      case 'unlink-group':
        await deps.cma.updateGroup(op.groupUid, { name: op.name, personalizeMetadata: op.personalizeMetadata });
        break;
      case 'delete-group':
        await deps.cma.deleteGroup(op.groupUid);
        group = undefined;
        break;
      case 'write-cms-link':
        if (experience !== null && group !== undefined) {
          const written = await deps.personalize.writeCmsLink(op.experienceUid, expectedCmsLink(experience, group));
          if (!written.written)
            plan.reports.push({ kind: 'cms-link-refused', experienceUid: op.experienceUid, status: written.status });
        }
        break;
    }
  }
  return experience !== null && group !== undefined ? expectedCmsLink(experience, group) : null;
}
