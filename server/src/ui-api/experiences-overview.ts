// The experiences page's data: every experience of the installation's project with its mirror state, its variants
// (split or audiences) and, per variant, which entries still lack an entry variant. Reads only; the numbered steps
// below are the order of the story.
import { experienceFingerprint } from '@pb/shared';
import { followedVersion, toMirrored } from '../mirror/mirror-experience';
import type {
  CoverageTable,
  ExperienceView,
  GroupView,
  MirrorJobFacts,
  PersonalizeReader,
  StackReader,
  VersionView,
} from './ports';
import { MAX_ENTRIES_PER_CONTENT_TYPE } from './http-readers';

export type MirrorStateName = 'in-sync' | 'pending' | 'error' | 'orphaned';

export interface MirrorStatus {
  state: MirrorStateName;
  /** Why the state is what it is, in words an author understands. */
  reason?: string;
  lastMirroredAt?: string;
  /** What the last mirror reported without it being a failure (e.g. Personalize not taking the `_cms` link). */
  notes?: string[];
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
}

export interface OverviewDeps {
  personalize: PersonalizeReader;
  stack: StackReader;
  fingerprints: Map<string, string>;
  reports: Map<string, unknown>;
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
    const version = followed(experience, versions);
    // 2. The group: the experience's `_cms` link, else the group whose metadata names it.
    const group =
      groups.find((g) => g.uid === experience.cmsLink?.variantGroup) ??
      groups.find((g) => g.metadata?.projectUid === projectUid && g.metadata.experienceUid === experience.uid);
    // 3. Mirror state from the engine's records.
    const mirror = mirrorStatus(deps, experience, versions, group);
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
      ? [{ groupUid: g.uid, name: g.name, experienceUid: g.metadata.experienceUid }]
      : [],
  );
  return { experiences: overviews, orphanedGroups };
}

function followed(experience: ExperienceView, versions: VersionView[]): VersionView | null {
  return (
    versions.find((v) => v.status === 'ACTIVE') ??
    versions.find((v) => v.uid === experience.latestVersion) ??
    versions.at(-1) ??
    null
  );
}

/** The fingerprint exactly as the sweep computes it, so "in sync" here means "the sweep has nothing to do". */
function currentFingerprint(experience: ExperienceView, versions: VersionView[]): string {
  const record = {
    uid: experience.uid,
    shortUid: experience.shortUid,
    name: experience.name,
    description: experience.description,
    latestVersion: experience.latestVersion,
    cmsLink: experience.cmsLink,
    contentTypes: experience.contentTypes,
  };
  const plain = versions.map((v) => ({ uid: v.uid, status: v.status, variants: v.variants }));
  return experienceFingerprint(toMirrored(record, followedVersion(record, plain)));
}

/** A mirror report in an author's words, and whether it leaves the experience orphaned or is only a note. */
function describeReport(report: unknown): { orphaned: boolean; text: string } | null {
  if (typeof report !== 'object' || report === null || !('kind' in report)) return null;
  const r = report as { kind: unknown; variantUid?: unknown; reason?: unknown; status?: unknown };
  switch (r.kind) {
    case 'orphaned-variant':
      return {
        orphaned: true,
        text:
          r.reason === 'policy-keep'
            ? `CMS variant ${String(r.variantUid)} is no longer in the experience and is kept by policy`
            : `CMS variant ${String(r.variantUid)} is no longer in the experience but entry variants still use it`,
      };
    case 'duplicate-group':
      return { orphaned: false, text: 'another variant group also claims this experience' };
    case 'cms-link-refused':
      return {
        orphaned: false,
        text: `Personalize did not accept the link back to the variant group (HTTP ${String(r.status)})`,
      };
    default:
      return null;
  }
}

function mirrorStatus(
  deps: OverviewDeps,
  experience: ExperienceView,
  versions: VersionView[],
  group: GroupView | undefined,
): MirrorStatus {
  const jobs = deps.jobs.get(experience.uid);
  const last = jobs?.lastMirroredAt ?? null;
  const reports = deps.reports.get(experience.uid);
  const described = (Array.isArray(reports) ? reports : []).map(describeReport).filter((r) => r !== null);
  const notes = described.filter((r) => !r.orphaned).map((r) => r.text);
  const extra = {
    ...(last === null ? {} : { lastMirroredAt: new Date(last).toISOString() }),
    ...(notes.length === 0 ? {} : { notes }),
  };
  if (jobs?.failure != null && !jobs.pending) return { state: 'error', reason: jobs.failure, ...extra };
  if (jobs?.pending === true)
    return { state: 'pending', reason: jobs.failure ?? 'a mirror is queued or running', ...extra };
  const recorded = deps.fingerprints.get(experience.uid);
  if (recorded === undefined) return { state: 'pending', reason: 'not mirrored yet', ...extra };
  if (recorded !== currentFingerprint(experience, versions))
    return { state: 'pending', reason: 'changed in Personalize since the last mirror', ...extra };
  if (group === undefined) return { state: 'orphaned', reason: 'its variant group no longer exists', ...extra };
  const orphaned = described.filter((r) => r.orphaned).map((r) => r.text);
  if (orphaned.length > 0) return { state: 'orphaned', reason: orphaned.join('; '), ...extra };
  return { state: 'in-sync', ...extra };
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
