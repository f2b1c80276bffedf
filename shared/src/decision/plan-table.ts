// The pure core of a project's recompute: from what Personalize answered (read once, records unparsed), the table
// published before (or none) and the coverage read so far, the next table content — or "unchanged" — and the
// coverage still to read. The caller gathers (I/O), plans (this), and publishes with a compare-and-set; on a conflict
// it plans again against the newer table, which costs no call.
//
// What it keeps from the previous table: each A/B experience's ranges (so a changed split moves only the users that
// must move), each experience's CMS link when Personalize's `_cms` and the mirror say nothing, and the coverage of
// experiences whose CMS variants did not change and that no job asked to read again.
import type { Audience } from '../personalize/audience';
import type { CmsLink, Experience, ExperienceVersion } from '../personalize/experience';
import type { ExperienceAssignment } from './assignment-table';
import { experienceAssignmentFromVersion } from './from-version';
import {
  readAudiences,
  readExperiences,
  readLiveVersion,
  unservableReason,
  type NotServedExperience,
} from './readable';
import type { Coverage, ExperienceMetric, StoredTable } from './stored-table';

/** What Personalize answered for the project, each list as it came (records are read one by one here). */
export interface ProjectAnswers {
  experiences: readonly unknown[];
  /** Versions per experience uid, for the experiences that have a live version (drafts-only ones are not read). */
  versions: Readonly<Record<string, readonly unknown[]>>;
  /** Experience uids, highest priority first. */
  priority: readonly string[];
  audiences: readonly unknown[];
  /** Custom attributes: uid → key (what the edge SDK sends). */
  attributeKeys: Readonly<Record<string, string>>;
  /** Events: uid → key. */
  eventKeys: Readonly<Record<string, string>>;
}

/** What the CMA said about a variant group: its linked content types and, per CMS variant, the covered entries. */
export interface GroupCoverage {
  contentTypes: string[];
  byVariant: Coverage;
}

export interface TablePlanInput {
  projectUid: string;
  stackApiKey: string;
  answers: ProjectAnswers;
  previous: StoredTable | null;
  /** Experiences whose coverage must be read again (the one a job named); others keep theirs when unchanged. */
  refreshCoverageFor: readonly string[];
  /** CMS links known from the mirror, for experiences whose `_cms` Personalize does not (yet) carry. */
  cmsLinks?: Readonly<Record<string, CmsLink>>;
  /** Coverage read for this plan, per variant group uid; null: the group does not exist. */
  coverage: ReadonlyMap<string, GroupCoverage | null>;
}

export type TableContent = Omit<StoredTable, 'revision' | 'compiledAt'>;

export interface TablePlanProblem {
  experienceUid: string;
  reason: string;
  detail?: string;
}

export interface TablePlan {
  /** The next table; null when it equals the previous one (nothing to publish). */
  content: TableContent | null;
  /** Variant groups whose coverage is unknown in `content`: read them, then plan again. */
  coverageNeeded: { variantGroup: string; variantUids: string[] }[];
  served: { experienceUid: string; shortUid: string; paused: boolean }[];
  notServed: NotServedExperience[];
  problems: TablePlanProblem[];
}

export function planTable(input: TablePlanInput): TablePlan {
  const { answers, previous } = input;
  const { experiences, notServed: unreadableExperiences } = readExperiences(answers.experiences);
  const { audiences, unreadable: unreadableAudiences } = readAudiences(answers.audiences);
  const { live, notServed: unservable } = liveVersions(
    orderByPriority(experiences, answers.priority),
    answers.versions,
    unreadableAudiences,
  );
  const problems: TablePlanProblem[] = [];
  const needed = new Map<string, Set<string>>();
  const rows: ExperienceAssignment[] = [];
  const next: TableContent = {
    projectUid: input.projectUid,
    stackApiKey: input.stackApiKey,
    table: { experiences: rows, audiences: [], attributeKeys: { ...answers.attributeKeys } },
    variantGroups: {},
    contentTypes: {},
    coverage: {},
    metrics: {},
    notServed: [...unreadableExperiences, ...unservable],
  };
  const previousRows = new Map((previous?.table.experiences ?? []).map((row) => [row.experienceUid, row]));

  for (const { experience, version } of live) {
    // 1. One row per live experience, A/B ranges derived from the previous row's.
    const before = previousRows.get(experience.uid);
    const link = experience._cms ?? input.cmsLinks?.[experience.uid] ?? linkFromRow(before, previous);
    const compiled = experienceAssignmentFromVersion({
      experience: { ...experience, _cms: link ?? null },
      version,
      previousRanges: before?.type === 'AB_TEST' ? before.ranges : null,
    });
    if (!compiled.ok) {
      problems.push({
        experienceUid: experience.uid,
        reason: compiled.reason,
        ...(compiled.detail === undefined ? {} : { detail: compiled.detail }),
      });
      next.notServed.push({
        experienceUid: experience.uid,
        shortUid: experience.shortUid,
        reason: `the live version cannot be served (${compiled.reason}${compiled.detail === undefined ? '' : `: ${compiled.detail}`})`,
      });
      continue;
    }
    rows.push(compiled.value);
    next.metrics[experience.uid] = metricsOf(version, experience, answers.eventKeys);

    // 2. Coverage: kept from the previous table, taken from what was read for this plan, or still to read.
    if (link === null) continue;
    next.variantGroups[experience.uid] = link.variantGroup;
    const variantUids = Object.values(link.variants);
    // A row whose CMS variants changed (a new version, a remap) is read again even when no job asked for it: refresh
    // jobs are coalesced per project, so the experience that asked may be another one.
    const sameVariants =
      before !== undefined &&
      JSON.stringify(before.variants.map((v) => v.cms?.variantUid ?? null).sort()) ===
        JSON.stringify([...variantUids].sort());
    const keep =
      previous !== null &&
      sameVariants &&
      previous.variantGroups[experience.uid] === link.variantGroup &&
      previous.contentTypes[link.variantGroup] !== undefined &&
      !input.refreshCoverageFor.includes(experience.uid);
    if (keep) {
      next.contentTypes[link.variantGroup] = previous.contentTypes[link.variantGroup] ?? [];
      for (const uid of variantUids) next.coverage[uid] = previous.coverage[uid] ?? {};
      continue;
    }
    const read = input.coverage.get(link.variantGroup);
    if (read === undefined) {
      // Left unknown (no content types recorded), so the caller reads it and plans again.
      const wanted = needed.get(link.variantGroup) ?? new Set<string>();
      for (const uid of variantUids) wanted.add(uid);
      needed.set(link.variantGroup, wanted);
      continue;
    }
    if (read === null) {
      problems.push({ experienceUid: experience.uid, reason: 'variant-group-missing', detail: link.variantGroup });
      continue;
    }
    next.contentTypes[link.variantGroup] = read.contentTypes;
    for (const uid of variantUids) next.coverage[uid] = read.byVariant[uid] ?? {};
  }
  next.table.audiences = referencedAudiences(rows, audiences);
  return {
    content: previous !== null && sameContent(previous, next) ? null : next,
    coverageNeeded: [...needed].map(([variantGroup, uids]) => ({ variantGroup, variantUids: [...uids] })),
    served: rows.map((r) => ({ experienceUid: r.experienceUid, shortUid: r.shortUid, paused: r.paused === true })),
    notServed: next.notServed,
    problems,
  };
}

/** Priority list first (in its order), then experiences it does not name, oldest short uid first. */
export function orderByPriority(experiences: readonly Experience[], priority: readonly string[]): Experience[] {
  const rank = new Map(priority.map((uid, i) => [uid, i]));
  return [...experiences].sort((a, b) => {
    const ra = rank.get(a.uid) ?? Number.MAX_SAFE_INTEGER;
    const rb = rank.get(b.uid) ?? Number.MAX_SAFE_INTEGER;
    return ra - rb || Number(a.shortUid) - Number(b.shortUid);
  });
}

/** Whether an experience's versions are worth reading: its summary says whether a live version exists. */
export function mayHaveLiveVersion(experience: Pick<Experience, 'status'>): boolean {
  return experience.status !== 'DRAFT';
}

/**
 * The ACTIVE or PAUSED version of each experience that has one; experiences with only drafts are not served. A live
 * version that cannot be read, or that asks for audiences the engine cannot evaluate, leaves its experience out.
 */
function liveVersions(
  ordered: readonly Experience[],
  versions: Readonly<Record<string, readonly unknown[]>>,
  unreadableAudiences: ReadonlyMap<string, string>,
): { live: { experience: Experience; version: ExperienceVersion }[]; notServed: NotServedExperience[] } {
  const live: { experience: Experience; version: ExperienceVersion }[] = [];
  const notServed: NotServedExperience[] = [];
  for (const experience of ordered) {
    if (!mayHaveLiveVersion(experience)) continue;
    const version = readLiveVersion(versions[experience.uid] ?? []);
    const reason = !version.ok
      ? (version.detail ?? version.reason)
      : version.value === null
        ? null
        : unservableReason(experience, version.value, unreadableAudiences);
    if (reason !== null) {
      notServed.push({ experienceUid: experience.uid, shortUid: experience.shortUid, reason });
    } else if (version.ok && version.value !== null) {
      live.push({ experience, version: version.value });
    }
  }
  return { live, notServed };
}

function linkFromRow(row: ExperienceAssignment | undefined, previous: StoredTable | null): CmsLink | null {
  const group = row === undefined ? undefined : previous?.variantGroups[row.experienceUid];
  if (row === undefined || group === undefined) return null;
  const variants: Record<string, string> = {};
  for (const v of row.variants) if (v.cms !== null) variants[v.shortUid] = v.cms.variantUid;
  return { variantGroup: group, variants };
}

function metricsOf(
  version: ExperienceVersion,
  experience: Experience,
  eventKeys: Readonly<Record<string, string>>,
): ExperienceMetric[] {
  const metrics = version.metrics ?? experience.metrics ?? [];
  return metrics.map((m, i) => ({
    eventUid: m.event,
    eventKey: eventKeys[m.event] ?? null,
    name: m.name,
    primary: i === 0,
  }));
}

function referencedAudiences(rows: readonly ExperienceAssignment[], audiences: readonly Audience[]): Audience[] {
  const used = new Set<string>();
  for (const row of rows) {
    for (const uid of row.targeting.audiences) used.add(uid);
    if (row.type === 'SEGMENTED') for (const v of row.variants) for (const uid of v.audience.audiences) used.add(uid);
  }
  return audiences.filter((a) => used.has(a.uid));
}

function sameContent(previous: StoredTable, next: TableContent): boolean {
  const { revision: _r, compiledAt: _c, ...before } = previous;
  return JSON.stringify(before) === JSON.stringify(next);
}
