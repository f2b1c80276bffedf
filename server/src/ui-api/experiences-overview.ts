// The experiences page's data: every experience of the installation's project with the state of Personalize's CMS
// sync as the guard last saw it, its variants (split or audiences) and, per variant, which entries still lack an
// entry variant. Reads only; the numbered steps below are the order of the story.
import { followedVersion, type GuardReport, type SyncRecord } from '@pb/shared';
import type { CoverageTable, ExperienceView, GroupView, MirrorJobFacts, PersonalizeReader, StackReader } from './ports';
import { MAX_ENTRIES_PER_CONTENT_TYPE } from './http-readers';

export type MirrorStateName =
  'in-sync' | 'pending' | 'error' | 'orphaned' | 'waiting-for-sync' | 'sync-overdue' | 'not-personalized';

export interface RemapView {
  shortUid: string;
  fromVariantUid: string;
  toVariantUid: string;
  entryVariants: number | null;
}

export interface MirrorStatus {
  state: MirrorStateName;
  /** Why the state is what it is, in words an author understands. */
  reason?: string;
  /** How long the experience has waited for Personalize's sync (waiting-for-sync, sync-overdue). */
  waitingSeconds?: number;
  lastMirroredAt?: string;
  /** What the guard reported without it being a failure (a name that differs, a second group). */
  notes?: string[];
  /** CMS variants Personalize replaced whose entry variants are not served until moved. */
  remaps?: RemapView[];
}

export interface ContentTypeCoverage {
  contentTypeUid: string;
  entries: number;
  missing: { uid: string; title: string }[];
  /** More entries than were checked. */
  truncated?: boolean;
}

export interface VariantOverview {
  shortUid: string;
  name: string;
  cmsVariantUid?: string;
  trafficDistribution?: number;
  audienceNames?: string[];
  coverage?: ContentTypeCoverage[];
}

export interface ExperienceOverview {
  uid: string;
  shortUid: string;
  name: string;
  type: 'SEGMENTED' | 'AB_TEST';
  status: string;
  versionUid?: string;
  variantGroupUid?: string;
  contentTypes: string[];
  variants: VariantOverview[];
  mirror: MirrorStatus;
}

export interface OrphanedGroup {
  groupUid: string;
  name: string;
  experienceUid: string;
  /** Content types still linked to the group (an author could still attach content to it). */
  contentTypes: string[];
}

export interface OverviewDeps {
  personalize: PersonalizeReader;
  stack: StackReader;
  syncRecords: Map<string, SyncRecord>;
  /** Experience uid → why the assignments engine does not serve it (it cannot evaluate its audiences, say). */
  notServed: Map<string, string>;
  reports: Map<string, GuardReport[]>;
  /** When the page is read (ages are counted from it). */
  now: Date;
  jobs: Map<string, MirrorJobFacts>;
  /** The assignments engine's coverage of served experiences; entries it does not cover are read from the CMA. */
  coverageTable: CoverageTable | null;
  /** Coverage costs CMA reads per entry when the table does not have it: only the experiences page asks for it. */
  withCoverage: boolean;
}

export async function experiencesOverview(
  deps: OverviewDeps,
  projectUid: string,
): Promise<{ experiences: ExperienceOverview[]; orphanedGroups: OrphanedGroup[] }> {
  // 1. Both sides: Personalize's experiences (with the version the mirror follows) and the stack's groups.
  const [experiences, groups, audiences] = await Promise.all([
    deps.personalize.listExperiences(),
    deps.stack.listGroups(),
    deps.personalize.audienceNames(),
  ]);
  const coverage = coverageReader(deps);
  const overviews: ExperienceOverview[] = [];
  for (const experience of experiences) {
    const versions = await deps.personalize.listVersions(experience.uid);
    const version = followedVersion(experience, versions);
    // 2. The group: the experience's `_cms` link, else the group whose metadata names it.
    const group =
      groups.find((g) => g.uid === experience.cmsLink?.variantGroup) ??
      groups.find((g) => g.metadata?.projectUid === projectUid && g.metadata.experienceUid === experience.uid);
    // 3. Mirror state from the engine's records.
    const mirror = mirrorStatus(deps, experience, group);
    // 4. Variants with their CMS variant, split or audiences, and coverage.
    const variants: VariantOverview[] = [];
    for (const v of version?.variants ?? []) {
      const cmsVariantUid =
        experience.cmsLink?.variants[v.shortUid] ?? group?.variants.find((g) => g.shortUid === v.shortUid)?.uid;
      const overview: VariantOverview = { shortUid: v.shortUid, name: v.name };
      if (cmsVariantUid !== undefined) overview.cmsVariantUid = cmsVariantUid;
      if (experience.type === 'AB_TEST' && v.trafficDistribution !== undefined)
        overview.trafficDistribution = v.trafficDistribution;
      if (experience.type === 'SEGMENTED')
        overview.audienceNames = (v.audiences ?? []).map((uid) => audiences.get(uid) ?? uid);
      if (deps.withCoverage && cmsVariantUid !== undefined && group !== undefined)
        overview.coverage = await coverage(group.contentTypes, cmsVariantUid);
      variants.push(overview);
    }
    overviews.push({
      uid: experience.uid,
      shortUid: experience.shortUid,
      name: experience.name,
      type: experience.type,
      status: version?.status ?? 'DRAFT',
      ...(version === null ? {} : { versionUid: version.uid }),
      ...(group === undefined ? {} : { variantGroupUid: group.uid }),
      contentTypes: group?.contentTypes ?? [],
      variants,
      mirror,
    });
  }
  // 5. Groups that still carry the metadata of an experience that no longer exists.
  const alive = new Set(experiences.map((e) => e.uid));
  const orphanedGroups = groups.flatMap((g): OrphanedGroup[] =>
    g.metadata !== null && g.metadata.projectUid === projectUid && !alive.has(g.metadata.experienceUid)
      ? [{ groupUid: g.uid, name: g.name, experienceUid: g.metadata.experienceUid, contentTypes: g.contentTypes }]
      : [],
  );
  return { experiences: overviews, orphanedGroups };
}

function describeReport(report: GuardReport): string | null {
  switch (report.kind) {
    case 'group-differs':
      return `the variant group differs from the experience (${report.differences.join('; ')}); Personalize owns these fields, so the app reports it and changes nothing`;
    case 'duplicate-group':
      return `another variant group (${report.groupUid}) also claims this experience; the one in use is ${report.winnerUid}${report.reason === 'cms-link' ? ", which Personalize's link names" : ' (the oldest)'}`;
    case 'cms-link-dangling':
      return `Personalize links this experience to variant group ${report.variantGroup}, which the stack does not have`;
    case 'stale-variant':
      return `CMS variant ${report.variantUid} is in no version of the experience but still has ${String(report.entryVariants)} entry variant(s)`;
    case 'experience-deleted':
      return report.action === 'content-types-unlinked'
        ? 'the experience was deleted; its variant group was kept and its content types unlinked'
        : 'the experience was deleted; its variant group was kept';
    case 'sync-overdue':
    case 'variant-remapped':
      // Shown as the experience's state and its remaps, not as notes.
      return null;
  }
}

function waitedSeconds(record: SyncRecord, now: Date): number | undefined {
  if (record.waitingSince === undefined) return undefined;
  return Math.max(0, Math.round((now.getTime() - Date.parse(record.waitingSince)) / 1000));
}

function missingWords(record: SyncRecord): string {
  return record.missing === 'group' || record.missing === undefined
    ? 'the variant group'
    : `CMS variants for variant(s) ${record.missing.join(', ')}`;
}

function mirrorStatus(deps: OverviewDeps, experience: ExperienceView, group: GroupView | undefined): MirrorStatus {
  const jobs = deps.jobs.get(experience.uid);
  const last = jobs?.lastMirroredAt ?? null;
  const reports = deps.reports.get(experience.uid);
  const list = reports ?? [];
  const notes = list.map(describeReport).filter((r) => r !== null);
  const remaps = list.flatMap((r): RemapView[] =>
    r.kind === 'variant-remapped'
      ? [
          {
            shortUid: r.shortUid,
            fromVariantUid: r.fromVariantUid,
            toVariantUid: r.toVariantUid,
            entryVariants: r.entryVariants,
          },
        ]
      : [],
  );
  const extra = {
    ...(last === null ? {} : { lastMirroredAt: new Date(last).toISOString() }),
    ...(notes.length === 0 ? {} : { notes }),
    ...(remaps.length === 0 ? {} : { remaps }),
  };
  if (jobs?.failure != null && !jobs.pending) return { state: 'error', reason: jobs.failure, ...extra };
  const unserved = deps.notServed.get(experience.uid);
  if (unserved !== undefined) return { state: 'not-personalized', reason: unserved, ...extra };
  const record = deps.syncRecords.get(experience.uid);
  if (record === undefined || record.checkedAt === undefined)
    return { state: 'pending', reason: jobs?.failure ?? 'not checked yet', ...extra };
  const waited = waitedSeconds(record, deps.now);
  const age = waited === undefined ? {} : { waitingSeconds: waited };
  switch (record.state) {
    case 'waiting':
      return {
        state: 'waiting-for-sync',
        reason: `Waiting for Contentstack's sync to make ${missingWords(record)} (${String(waited ?? 0)} s)`,
        ...age,
        ...extra,
      };
    case 'overdue':
      return {
        state: 'sync-overdue',
        reason: `Contentstack's sync has not made ${missingWords(record)} ${String(waited ?? 0)} s after the version got variants. Check that the stack is connected to the project in Personalize, then press Mirror now to check again.`,
        ...age,
        ...extra,
      };
    case 'no-variants':
      return {
        state: 'in-sync',
        reason: 'no variants yet: Personalize syncs an experience once a version has variants',
        ...extra,
      };
    case 'orphaned':
    case 'gone':
      return {
        state: 'orphaned',
        reason: 'the experience was deleted; its variant group is left in the stack',
        ...extra,
      };
    case 'synced':
      if (group === undefined) return { state: 'pending', reason: 'its variant group is no longer listed', ...extra };
      if (jobs?.pending === true) return { state: 'pending', reason: 'a check is queued or running', ...extra };
      return { state: 'in-sync', ...extra };
  }
}

/** Coverage of one CMS variant over the group's content types; entry lists and entry reads are shared per request. */
function coverageReader(deps: OverviewDeps) {
  const entries = new Map<string, Promise<{ uid: string; title: string }[]>>();
  const variantsOf = new Map<string, Promise<string[]>>();
  const listEntries = (ct: string) => {
    let p = entries.get(ct);
    if (p === undefined) {
      p = deps.stack.listEntries(ct);
      entries.set(ct, p);
    }
    return p;
  };
  const entryVariants = (ct: string, entryUid: string) => {
    const key = `${ct}/${entryUid}`;
    let p = variantsOf.get(key);
    if (p === undefined) {
      p = deps.stack.entryVariantUids(ct, entryUid);
      variantsOf.set(key, p);
    }
    return p;
  };
  return async (contentTypes: string[], variantUid: string): Promise<ContentTypeCoverage[]> => {
    const out: ContentTypeCoverage[] = [];
    for (const ct of contentTypes) {
      const list = await listEntries(ct);
      const fromTable = deps.coverageTable?.[variantUid]?.[ct];
      const missing: { uid: string; title: string }[] = [];
      for (const entry of list) {
        const has =
          fromTable !== undefined
            ? fromTable.includes(entry.uid)
            : (await entryVariants(ct, entry.uid)).includes(variantUid);
        if (!has) missing.push(entry);
      }
      out.push({
        contentTypeUid: ct,
        entries: list.length,
        missing,
        ...(list.length >= MAX_ENTRIES_PER_CONTENT_TYPE ? { truncated: true } : {}),
      });
    }
    return out;
  };
}
