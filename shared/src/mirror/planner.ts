// The mirror planner: from what Personalize says an experience is and what the CMS holds, the minimal list of writes
// that makes the CMS variant group an exact mirror. Pure and order-insensitive: it never looks at which event caused
// the run, so replaying, duplicating or reordering events cannot change the outcome (reconciliation, not replay).
import { aliasedVariantShortUid, variantAlias } from './alias';
import type {
  GroupSnapshot,
  GroupVariant,
  MirrorInput,
  MirrorOperation,
  MirrorPlan,
  MirrorReport,
  MirroredExperience,
  MirrorMetadata,
} from './model';

export function planMirror(input: MirrorInput): MirrorPlan {
  const { linked, duplicates } = findGroups(input);
  const reports: MirrorReport[] = duplicates;
  if (input.experience === null) return planDeleted(input, linked, reports);
  if (linked === null) return planCreate(input, input.experience, reports);
  return planUpdate(input, input.experience, linked, reports);
}

/**
 * 1. The group linked by metadata wins (Contentstack's own Personalize sync makes such groups: they are adopted).
 *    Several groups with the metadata (hand copies, old races): the oldest wins, the others are reported.
 * 2. Groups without metadata that carry the experience's name are hand-made look-alikes: reported, never merged.
 */
function findGroups(input: MirrorInput): { linked: GroupSnapshot | null; duplicates: MirrorReport[] } {
  const withMetadata = input.groups
    .filter((g) => g.personalize_metadata?.experience_uid === input.experienceUid)
    .sort(byAge);
  const linked = withMetadata[0] ?? null;
  const duplicates: MirrorReport[] = withMetadata.slice(1).map((g) => ({
    kind: 'duplicate-group',
    groupUid: g.uid,
    winnerUid: linked?.uid ?? null,
    reason: 'metadata',
  }));
  const name = input.experience?.name;
  if (name !== undefined) {
    for (const g of input.groups) {
      if (g.personalize_metadata == null && g.name === name) {
        duplicates.push({
          kind: 'duplicate-group',
          groupUid: g.uid,
          winnerUid: linked?.uid ?? null,
          reason: 'same-name',
        });
      }
    }
  }
  return { linked, duplicates };
}

function byAge(a: GroupSnapshot, b: GroupSnapshot): number {
  const at = typeof a.created_at === 'string' ? a.created_at : '';
  const bt = typeof b.created_at === 'string' ? b.created_at : '';
  if (at !== bt) return at < bt ? -1 : 1;
  return a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0;
}

function groupMetadata(input: MirrorInput, experience: MirroredExperience): MirrorMetadata {
  return {
    project_uid: input.projectUid,
    experience_uid: experience.uid,
    experience_short_uid: experience.shortUid,
    status: 'linked',
  };
}

function planCreate(input: MirrorInput, experience: MirroredExperience, reports: MirrorReport[]): MirrorPlan {
  const metadata = groupMetadata(input, experience);
  const operations: MirrorOperation[] = [
    { op: 'create-group', name: experience.name, description: experience.description, personalizeMetadata: metadata },
  ];
  if (experience.contentTypes.length > 0) {
    operations.push({
      op: 'link-content-types',
      groupUid: null,
      name: experience.name,
      contentTypes: [...experience.contentTypes],
    });
  }
  for (const variant of experience.variants) operations.push(addVariant(null, metadata, variant));
  operations.push({ op: 'write-cms-link', experienceUid: experience.uid });
  return { groupUid: null, operations, reports };
}

function addVariant(
  groupUid: string | null,
  metadata: MirrorMetadata,
  variant: { shortUid: string; name: string },
): MirrorOperation {
  return {
    op: 'add-variant',
    groupUid,
    shortUid: variant.shortUid,
    name: variant.name,
    alias: variantAlias(metadata.experience_short_uid, variant.shortUid),
    personalizeMetadata: { ...metadata, variant_short_uid: variant.shortUid },
  };
}

/** A CMS variant mirrors the Personalize variant whose short uid its metadata (or, failing that, its alias) names. */
function variantShortUid(variant: GroupVariant, experienceShortUid: string): string | undefined {
  return variant.personalize_metadata?.variant_short_uid ?? aliasedVariantShortUid(variant.alias, experienceShortUid);
}

function planUpdate(
  input: MirrorInput,
  experience: MirroredExperience,
  group: GroupSnapshot,
  reports: MirrorReport[],
): MirrorPlan {
  const metadata = groupMetadata(input, experience);
  const operations: MirrorOperation[] = [];
  const description = group.description ?? '';
  if (group.name !== experience.name || description !== experience.description) {
    operations.push({
      op: 'update-group',
      groupUid: group.uid,
      name: experience.name,
      description: experience.description,
    });
  }
  const linkedTypes = new Set(group.content_types.filter((c) => c.status !== 'unlinked').map((c) => c.uid));
  const missingTypes = experience.contentTypes.filter((ct) => !linkedTypes.has(ct));
  if (missingTypes.length > 0) {
    operations.push({
      op: 'link-content-types',
      groupUid: group.uid,
      name: experience.name,
      contentTypes: missingTypes,
    });
  }

  // Index the CMS variants by the short uid they mirror; a second CMS variant for one short uid is surplus.
  const byShortUid = new Map<string, GroupVariant>();
  const surplus: GroupVariant[] = [];
  for (const variant of group.variants ?? []) {
    const shortUid = variantShortUid(variant, experience.shortUid);
    if (shortUid === undefined || byShortUid.has(shortUid)) surplus.push(variant);
    else byShortUid.set(shortUid, variant);
  }
  const wanted = new Set(experience.variants.map((v) => v.shortUid));
  for (const variant of experience.variants) {
    const existing = byShortUid.get(variant.shortUid);
    if (existing === undefined) operations.push(addVariant(group.uid, metadata, variant));
    else if (existing.name !== variant.name) {
      operations.push({ op: 'rename-variant', groupUid: group.uid, variantUid: existing.uid, name: variant.name });
    }
  }

  const removed = [...[...byShortUid].filter(([shortUid]) => !wanted.has(shortUid)).map(([, v]) => v), ...surplus];
  const inUse = new Set(input.variantsInUse);
  for (const variant of removed) {
    if (input.policy.removedVariants === 'keep') {
      reports.push({ kind: 'orphaned-variant', groupUid: group.uid, variantUid: variant.uid, reason: 'policy-keep' });
    } else if (inUse.has(variant.uid)) {
      reports.push({
        kind: 'orphaned-variant',
        groupUid: group.uid,
        variantUid: variant.uid,
        reason: 'used-by-entry-variants',
      });
    } else {
      operations.push({ op: 'delete-variant', groupUid: group.uid, variantUid: variant.uid });
    }
  }

  if (operations.some((o) => o.op === 'add-variant') || !cmsLinkMatches(experience, group)) {
    operations.push({ op: 'write-cms-link', experienceUid: experience.uid });
  }
  return { groupUid: group.uid, operations, reports };
}

/** The `_cms` link Personalize should hold for a group in this state. */
export function expectedCmsLink(
  experience: MirroredExperience,
  group: GroupSnapshot,
): { variantGroup: string; variants: Record<string, string> } {
  const variants: Record<string, string> = {};
  const wanted = new Set(experience.variants.map((v) => v.shortUid));
  for (const variant of group.variants ?? []) {
    const shortUid = variantShortUid(variant, experience.shortUid);
    if (shortUid !== undefined && wanted.has(shortUid) && variants[shortUid] === undefined) {
      variants[shortUid] = variant.uid;
    }
  }
  return { variantGroup: group.uid, variants };
}

function cmsLinkMatches(experience: MirroredExperience, group: GroupSnapshot): boolean {
  const current = experience.cmsLink;
  if (current === null) return false;
  const expected = expectedCmsLink(experience, group);
  if (current.variantGroup !== expected.variantGroup) return false;
  const a = Object.entries(current.variants).sort(([x], [y]) => (x < y ? -1 : 1));
  const b = Object.entries(expected.variants).sort(([x], [y]) => (x < y ? -1 : 1));
  return JSON.stringify(a) === JSON.stringify(b);
}

function planDeleted(input: MirrorInput, group: GroupSnapshot | null, reports: MirrorReport[]): MirrorPlan {
  if (group === null) return { groupUid: null, operations: [], reports };
  const metadata = group.personalize_metadata;
  if (input.policy.deletedExperience === 'delete') {
    reports.push({ kind: 'experience-deleted', groupUid: group.uid, action: 'deleted' });
    return { groupUid: group.uid, operations: [{ op: 'delete-group', groupUid: group.uid }], reports };
  }
  if (metadata?.status === 'unlinked') {
    reports.push({ kind: 'experience-deleted', groupUid: group.uid, action: 'already-unlinked' });
    return { groupUid: group.uid, operations: [], reports };
  }
  reports.push({ kind: 'experience-deleted', groupUid: group.uid, action: 'unlinked' });
  return {
    groupUid: group.uid,
    operations: [
      {
        op: 'unlink-group',
        groupUid: group.uid,
        name: group.name,
        personalizeMetadata: {
          project_uid: metadata?.project_uid ?? input.projectUid,
          experience_uid: input.experienceUid,
          experience_short_uid: metadata?.experience_short_uid ?? '',
          status: 'unlinked',
        },
      },
    ],
    reports,
  };
}
