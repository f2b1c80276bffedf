// The sync guard's planner: from what Personalize says an experience is, the groups that claim it and what the guard
// remembered last time, the state of Personalize's CMS sync for that experience, what it leaves undone (content-type
// links) and what it got wrong or late (reports). Pure and order-insensitive: it never looks at what caused the run,
// so a replayed, duplicated or reordered trigger cannot change the outcome. It never plans a write that Personalize
// owns (a group's or variant's name, description, existence, or the `_cms` link): a difference there is reported.
import { aliasedVariantShortUid, variantAlias } from './alias';
import type {
  MirrorLink,
  GroupSnapshot,
  GroupVariant,
  GuardInput,
  GuardOperation,
  GuardPlan,
  GuardReport,
  MirroredExperience,
  SyncRecord,
  VariantRemap,
} from './model';

export function planGuard(input: GuardInput): GuardPlan {
  if (input.experience === null) return planDeleted(input);
  return planLive(input, input.experience);
}

/** The experience's group: the one its `_cms` link names, else the oldest that claims it by metadata. */
function chooseGroup(
  input: GuardInput,
  experience: MirroredExperience,
): { group: GroupSnapshot | null; reports: GuardReport[] } {
  const reports: GuardReport[] = [];
  const claimers = claimersOf(input);
  const linkedUid = experience.cmsLink?.variantGroup;
  const linked = linkedUid === undefined ? undefined : input.groups.find((g) => g.uid === linkedUid);
  if (linkedUid !== undefined && linked === undefined)
    reports.push({ kind: 'cms-link-dangling', variantGroup: linkedUid });
  const group = linked ?? claimers[0] ?? null;
  if (group !== null) {
    for (const other of claimers) {
      if (other.uid === group.uid) continue;
      reports.push({
        kind: 'duplicate-group',
        groupUid: other.uid,
        winnerUid: group.uid,
        reason: linked === undefined ? 'oldest' : 'cms-link',
      });
    }
  }
  return { group, reports };
}

function claimersOf(input: GuardInput): GroupSnapshot[] {
  return input.groups
    .filter(
      (g) =>
        g.personalize_metadata?.experience_uid === input.experienceUid &&
        g.personalize_metadata.project_uid === input.projectUid,
    )
    .sort(byAge);
}

function byAge(a: GroupSnapshot, b: GroupSnapshot): number {
  const at = typeof a.created_at === 'string' ? a.created_at : '';
  const bt = typeof b.created_at === 'string' ? b.created_at : '';
  if (at !== bt) return at < bt ? -1 : 1;
  return a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0;
}

/** The short uid a CMS variant stands for: its metadata's, else the one its alias names. */
function shortUidOf(variant: GroupVariant, experienceShortUid: string): string | undefined {
  return variant.personalize_metadata?.variant_short_uid ?? aliasedVariantShortUid(variant.alias, experienceShortUid);
}

function planLive(input: GuardInput, experience: MirroredExperience): GuardPlan {
  const { group, reports } = chooseGroup(input, experience);
  const base = {
    versionUid: experience.versionUid,
    versionStatus: experience.versionStatus,
    checkedAt: input.now,
  };
  if (group === null) {
    if (experience.variants.length === 0) {
      // Personalize syncs an experience once a version has variants: nothing is late yet.
      return plan(null, null, [], reports, [], {
        state: 'no-variants',
        variants: {},
        remaps: [],
        staleCounts: {},
        ...base,
      });
    }
    return waiting(input, reports, 'group', base);
  }

  // Which CMS variant serves each short uid: the one `_cms` names (Personalize's own record), else by metadata/alias.
  const cmsVariants = experience.cmsLink?.variantGroup === group.uid ? experience.cmsLink.variants : {};
  const inGroup = new Map((group.variants ?? []).map((v) => [v.uid, v]));
  const byShortUid = new Map<string, GroupVariant[]>();
  for (const variant of group.variants ?? []) {
    const s = shortUidOf(variant, experience.shortUid);
    if (s !== undefined) byShortUid.set(s, [...(byShortUid.get(s) ?? []), variant]);
  }
  const servedBy = (s: string): GroupVariant | undefined => {
    const named = cmsVariants[s];
    const fromLink = named === undefined ? undefined : inGroup.get(named);
    return fromLink ?? byShortUid.get(s)?.[0];
  };

  const mapping: Record<string, string> = {};
  const missing: string[] = [];
  const differences: string[] = [];
  if (group.name !== experience.name) differences.push(`group name "${group.name}" ≠ experience "${experience.name}"`);
  for (const variant of experience.variants) {
    const cms = servedBy(variant.shortUid);
    if (cms === undefined) {
      missing.push(variant.shortUid);
      continue;
    }
    mapping[variant.shortUid] = cms.uid;
    if (cms.name !== variant.name)
      differences.push(`variant ${variant.shortUid} name "${cms.name}" ≠ experience "${variant.name}"`);
    const alias = variantAlias(experience.shortUid, variant.shortUid);
    if (cms.alias !== undefined && cms.alias !== alias)
      differences.push(`variant ${variant.shortUid} alias "${cms.alias}" ≠ "${alias}"`);
  }
  if (differences.length > 0) reports.push({ kind: 'group-differs', groupUid: group.uid, differences });

  const operations = linkOperations(group, experience.contentTypes);
  const remaps = remapsOf(input, group, byShortUid, mapping);
  for (const r of remaps) reports.push({ kind: 'variant-remapped', ...withoutTime(r) });
  const remapped = new Set(remaps.map((r) => r.fromVariantUid));
  const stale = staleVariants(experience, group, byShortUid).filter((v) => !remapped.has(v.uid));
  // A stale variant's entry variants are counted once (it costs a scan of the linked content types); the count is
  // remembered, since no version will ever serve that variant again.
  const staleCounts: Record<string, number> = {};
  for (const v of stale) {
    const count = input.entryVariants[v.uid] ?? input.previous?.staleCounts[v.uid];
    if (count !== undefined) staleCounts[v.uid] = count;
  }
  const usageNeeded = [
    ...remaps.filter((r) => r.entryVariants === null).map((r) => r.fromVariantUid),
    ...stale.filter((v) => staleCounts[v.uid] === undefined).map((v) => v.uid),
  ];
  for (const v of stale) {
    const count = staleCounts[v.uid];
    if (count !== undefined && count > 0) {
      reports.push({
        kind: 'stale-variant',
        groupUid: group.uid,
        variantUid: v.uid,
        shortUid: shortUidOf(v, experience.shortUid) ?? null,
        entryVariants: count,
      });
    }
  }

  const common = {
    groupUid: group.uid,
    variants: { ...input.previous?.variants, ...mapping },
    remaps,
    staleCounts,
    ...base,
  };
  if (missing.length > 0) {
    const w = waiting(input, reports, missing, common);
    return { ...w, groupUid: group.uid, operations, usageNeeded };
  }
  const link: MirrorLink = { variantGroup: group.uid, variants: mapping };
  const previousSyncedAt = input.previous?.state === 'synced' ? input.previous.syncedAt : undefined;
  const record: SyncRecord = { state: 'synced', syncedAt: previousSyncedAt ?? input.now, ...common, variants: mapping };
  return plan(group.uid, link, operations, reports, usageNeeded, record);
}

/** Not (fully) synced yet: waiting since the guard first saw it so, overdue past the deadline. */
function waiting(
  input: GuardInput,
  reports: GuardReport[],
  missing: 'group' | string[],
  fields: Omit<SyncRecord, 'state' | 'waitingSince' | 'missing' | 'variants' | 'remaps' | 'staleCounts'> &
    Partial<Pick<SyncRecord, 'variants' | 'remaps' | 'staleCounts'>>,
): GuardPlan {
  const previous = input.previous;
  const wasWaiting = previous !== null && (previous.state === 'waiting' || previous.state === 'overdue');
  const since = wasWaiting && previous.waitingSince !== undefined ? previous.waitingSince : input.now;
  const overdue = Date.parse(input.now) - Date.parse(since) >= input.syncDeadlineMs;
  if (overdue) reports.push({ kind: 'sync-overdue', waitingSince: since, missing });
  const record: SyncRecord = {
    variants: {},
    remaps: [],
    staleCounts: {},
    ...fields,
    state: overdue ? 'overdue' : 'waiting',
    waitingSince: since,
    missing,
  };
  return plan(fields.groupUid ?? null, null, [], reports, [], record);
}

/** Content types the group must be linked to and is not; the group's current name goes with the write (required). */
function linkOperations(group: GroupSnapshot, wanted: readonly string[]): GuardOperation[] {
  const linked = new Set(group.content_types.filter((c) => c.status !== 'unlinked').map((c) => c.uid));
  const missing = wanted.filter((ct) => !linked.has(ct));
  return missing.length === 0
    ? []
    : [{ op: 'link-content-types', groupUid: group.uid, name: group.name, contentTypes: [...new Set(missing)] }];
}

/**
 * Remaps: a short uid whose CMS variant changed since the last run, or that has a second CMS variant besides the one
 * served (Personalize made a new one). Resolved (dropped) once the old variant carries no entry variant.
 */
function remapsOf(
  input: GuardInput,
  group: GroupSnapshot,
  byShortUid: ReadonlyMap<string, GroupVariant[]>,
  mapping: Readonly<Record<string, string>>,
): VariantRemap[] {
  const found = new Map<string, VariantRemap>();
  const add = (shortUid: string, from: string, to: string, detectedAt: string) => {
    if (from === to || found.has(from)) return;
    const count = input.entryVariants[from];
    found.set(from, {
      shortUid,
      fromVariantUid: from,
      toVariantUid: to,
      detectedAt,
      entryVariants: count ?? null,
    });
  };
  const previous = input.previous;
  for (const r of previous?.remaps ?? []) {
    const to = mapping[r.shortUid];
    if (to !== undefined) add(r.shortUid, r.fromVariantUid, to, r.detectedAt);
  }
  if (previous?.groupUid === group.uid) {
    for (const [s, before] of Object.entries(previous.variants)) {
      const to = mapping[s];
      if (to !== undefined) add(s, before, to, input.now);
    }
  }
  for (const [s, to] of Object.entries(mapping)) {
    for (const v of byShortUid.get(s) ?? []) add(s, v.uid, to, input.now);
  }
  return [...found.values()].filter((r) => r.entryVariants !== 0);
}

/** CMS variants of the group that stand for no variant of any version of the experience. */
function staleVariants(
  experience: MirroredExperience,
  group: GroupSnapshot,
  byShortUid: ReadonlyMap<string, GroupVariant[]>,
): GroupVariant[] {
  const known = new Set([...experience.knownShortUids, ...experience.variants.map((v) => v.shortUid)]);
  const counted = new Set([...byShortUid.entries()].filter(([s]) => known.has(s)).flatMap(([, vs]) => vs));
  return (group.variants ?? []).filter((v) => !counted.has(v));
}

function planDeleted(input: GuardInput): GuardPlan {
  const claimers = claimersOf(input);
  const reports: GuardReport[] = [];
  const operations: GuardOperation[] = [];
  for (const group of claimers) {
    const linked = group.content_types.filter((c) => c.status !== 'unlinked').map((c) => c.uid);
    const unlink = input.policy.deletedExperience === 'unlink-content-types';
    if (unlink && linked.length > 0)
      operations.push({ op: 'unlink-content-types', groupUid: group.uid, name: group.name, contentTypes: linked });
    reports.push({
      kind: 'experience-deleted',
      groupUid: group.uid,
      action: unlink ? 'content-types-unlinked' : 'kept',
    });
  }
  const first = claimers[0];
  const record: SyncRecord = {
    state: first === undefined ? 'gone' : 'orphaned',
    ...(first === undefined ? {} : { groupUid: first.uid }),
    variants: {},
    remaps: [],
    staleCounts: {},
    checkedAt: input.now,
  };
  return plan(first?.uid ?? null, null, operations, reports, [], record);
}

function plan(
  groupUid: string | null,
  link: MirrorLink | null,
  operations: GuardOperation[],
  reports: GuardReport[],
  usageNeeded: string[],
  record: SyncRecord,
): GuardPlan {
  return { groupUid, link, operations, reports, usageNeeded, record };
}

function withoutTime(r: VariantRemap): Omit<VariantRemap, 'detectedAt'> {
  return {
    shortUid: r.shortUid,
    fromVariantUid: r.fromVariantUid,
    toVariantUid: r.toVariantUid,
    entryVariants: r.entryVariants,
  };
}
