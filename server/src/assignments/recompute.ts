// Recompute a project's assignment table: read the live versions from Personalize, compile them in priority order,
// carry over what the previous table knew (A/B ranges, so a changed split moves only the users that must move;
// coverage of experiences that did not change), read coverage from the CMA where needed, and publish the result
// as a new immutable revision. Safe to run twice: the same inputs yield the same table, and an unchanged table is
// not republished. An experience whose record, live version or audiences the engine cannot understand is left out
// with its reason (stored beside the table as `notServed`), and every other experience is still served.
import {
  experienceAssignmentFromVersion,
  readAudiences,
  readExperiences,
  readLiveVersion,
  unservableReason,
  type Audience,
  type CmsLink,
  type Experience,
  type ExperienceAssignment,
  type ExperienceVersion,
  type NotServedExperience,
} from '@pb/shared';
import type { CoverageReadPort, PersonalizeReadPort } from './sources';
import type { Coverage, ExperienceMetric, StoredTable } from './stored-table';
import type { RedisTableStore } from './table-store';

export interface RecomputeRequest {
  stackApiKey: string;
  projectUid: string;
  /** Experiences whose coverage is read again from the CMA (the one just activated); others keep theirs. */
  refreshCoverageFor: readonly string[];
  /** CMS links known from the mirror, for experiences whose `_cms` Personalize does not (yet) carry. */
  cmsLinks?: Readonly<Record<string, CmsLink>>;
}

export interface RecomputeProblem {
  experienceUid: string;
  reason: string;
  detail?: string;
}

export interface RecomputeOutcome {
  revision: number | null;
  /** False when the table was already up to date (a rerun). */
  published: boolean;
  served: { experienceUid: string; shortUid: string; paused: boolean }[];
  /** Live experiences left out of the table, with the reason shown on the experiences page. */
  notServed: NotServedExperience[];
  problems: RecomputeProblem[];
  coverageCalls: number;
}

export interface RecomputeDeps {
  personalize: PersonalizeReadPort;
  coverage: CoverageReadPort;
  store: Pick<RedisTableStore, 'update'>;
}

type TableContent = Omit<StoredTable, 'revision' | 'compiledAt'>;

interface LiveExperience {
  experience: Experience;
  version: ExperienceVersion;
}

export async function recomputeProject(deps: RecomputeDeps, request: RecomputeRequest): Promise<RecomputeOutcome> {
  // 1. The source of truth, read once per run, each record on its own: what cannot be understood is set aside.
  const [rawExperiences, priority, rawAudiences, attributes, events] = await Promise.all([
    deps.personalize.listExperiences(),
    deps.personalize.priority(),
    deps.personalize.listAudiences(),
    deps.personalize.listAttributes(),
    deps.personalize.listEvents(),
  ]);
  const { experiences, notServed: unreadableExperiences } = readExperiences(rawExperiences);
  const { audiences, unreadable: unreadableAudiences } = readAudiences(rawAudiences);
  const { live, notServed: unservable } = await liveVersions(
    deps.personalize,
    orderByPriority(experiences, priority),
    unreadableAudiences,
  );
  const notServed = [...unreadableExperiences, ...unservable];
  const eventKeys = new Map(events.map((e) => [e.uid, e.key]));
  const attributeKeys = Object.fromEntries(attributes.filter((a) => a.__type === 'CUSTOM').map((a) => [a.uid, a.key]));

  const problems: RecomputeProblem[] = [];
  let coverageCalls = 0;
  const coverageCache = new Map<string, { contentTypes: string[]; byVariant: Coverage } | null>();
  let served: RecomputeOutcome['served'] = [];
  let leftOut: NotServedExperience[] = [];

  // Decisions first, coverage second: the edge API does not use coverage, so a new activation is published at once
  // and the CMA reads its coverage needs (a few per entry) follow in a second revision.
  let deferred = false;
  let coverageAttempts = 0;
  const build = (readCoverageNow: boolean) => async (previous: StoredTable | null) => {
    problems.length = 0;
    // A retry means the table changed under this run (the coverage events of a webhook, say): what this run read of
    // the CMA may be older than what was published meanwhile, so it is read again rather than reused.
    if (readCoverageNow && coverageAttempts++ > 0) coverageCache.clear();
    const rows: ExperienceAssignment[] = [];
    const next: TableContent = {
      projectUid: request.projectUid,
      stackApiKey: request.stackApiKey,
      table: { experiences: rows, audiences: [], attributeKeys },
      variantGroups: {},
      contentTypes: {},
      coverage: {},
      metrics: {},
      notServed: [...notServed],
    };
    const previousRows = new Map((previous?.table.experiences ?? []).map((row) => [row.experienceUid, row]));

    // 2. One row per live experience, A/B ranges derived from the previous row's.
    for (const { experience, version } of live) {
      const before = previousRows.get(experience.uid);
      const link = experience._cms ?? request.cmsLinks?.[experience.uid] ?? linkFromRow(before, previous);
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
      next.metrics[experience.uid] = metricsOf(version, experience, eventKeys);

      // 3. Coverage: kept from the previous table unless this experience asked for a fresh read.
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
        !request.refreshCoverageFor.includes(experience.uid);
      if (keep) {
        next.contentTypes[link.variantGroup] = previous.contentTypes[link.variantGroup] ?? [];
        for (const uid of variantUids) next.coverage[uid] = previous.coverage[uid] ?? {};
        continue;
      }
      if (!readCoverageNow) {
        // Left unknown (no content types recorded), so the second pass and any later run read it.
        deferred = true;
        continue;
      }
      let read = coverageCache.get(link.variantGroup);
      if (read === undefined) {
        const counted = countingCoverage(deps.coverage, () => coverageCalls++);
        read = await readCoverage(counted, link.variantGroup, variantUids);
        coverageCache.set(link.variantGroup, read);
      }
      if (read === null) {
        problems.push({ experienceUid: experience.uid, reason: 'variant-group-missing', detail: link.variantGroup });
        continue;
      }
      next.contentTypes[link.variantGroup] = read.contentTypes;
      for (const uid of variantUids) next.coverage[uid] = read.byVariant[uid] ?? {};
    }
    next.table.audiences = referencedAudiences(rows, audiences);
    served = rows.map((r) => ({ experienceUid: r.experienceUid, shortUid: r.shortUid, paused: r.paused === true }));
    leftOut = next.notServed;
    if (previous !== null && sameContent(previous, next)) return null;
    return next;
  };
  let result = await deps.store.update(request.projectUid, build(false));
  if (deferred) {
    const withCoverage = await deps.store.update(request.projectUid, build(true));
    result = { revision: withCoverage.revision, changed: result.changed || withCoverage.changed };
  }
  return {
    revision: result.revision,
    published: result.changed,
    served,
    notServed: leftOut,
    problems,
    coverageCalls,
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

/**
 * The ACTIVE or PAUSED version of each experience that has one; experiences with only drafts are not served. A live
 * version that cannot be read, or that asks for audiences the engine cannot evaluate, leaves its experience out.
 */
async function liveVersions(
  personalize: PersonalizeReadPort,
  ordered: Experience[],
  unreadableAudiences: ReadonlyMap<string, string>,
): Promise<{ live: LiveExperience[]; notServed: NotServedExperience[] }> {
  const live: LiveExperience[] = [];
  const notServed: NotServedExperience[] = [];
  for (const experience of ordered) {
    // The summary says whether a live version exists: skip the call for drafts-only experiences.
    if (experience.status === 'DRAFT') continue;
    const version = readLiveVersion(await personalize.listVersions(experience.uid));
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
  eventKeys: ReadonlyMap<string, string>,
): ExperienceMetric[] {
  const metrics = version.metrics ?? experience.metrics ?? [];
  return metrics.map((m, i) => ({
    eventUid: m.event,
    eventKey: eventKeys.get(m.event) ?? null,
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

function countingCoverage(port: CoverageReadPort, count: () => void): CoverageReadPort {
  return {
    linkedContentTypes: (group) => (count(), port.linkedContentTypes(group)),
    listEntryUids: (ct) => (count(), port.listEntryUids(ct)),
    entryVariantUids: (ct, entry) => (count(), port.entryVariantUids(ct, entry)),
  };
}

/** For each linked content type, which entries have an entry variant for each of `variantUids`. */
export async function readCoverage(
  port: CoverageReadPort,
  variantGroupUid: string,
  variantUids: readonly string[],
): Promise<{ contentTypes: string[]; byVariant: Coverage } | null> {
  const contentTypes = await port.linkedContentTypes(variantGroupUid);
  if (contentTypes === null) return null;
  const wanted = new Set(variantUids);
  const byVariant: Coverage = Object.fromEntries(variantUids.map((uid) => [uid, {}]));
  for (const ct of contentTypes) {
    for (const uid of variantUids) (byVariant[uid] as Record<string, string[]>)[ct] = [];
    for (const entryUid of await port.listEntryUids(ct)) {
      for (const variantUid of await port.entryVariantUids(ct, entryUid)) {
        if (wanted.has(variantUid)) byVariant[variantUid]?.[ct]?.push(entryUid);
      }
    }
  }
  return { contentTypes, byVariant };
}

function sameContent(previous: StoredTable, next: TableContent): boolean {
  const { revision: _r, compiledAt: _c, ...before } = previous;
  return JSON.stringify(before) === JSON.stringify(next);
}
