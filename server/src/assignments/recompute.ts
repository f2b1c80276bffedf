// Recompute a project's assignment table, in three steps: gather what Personalize says (each list read once per
// run, records left unparsed), plan the next table (shared `planTable`: pure, with its cases in
// shared/cases/decision/plan-table-cases.json), and publish it with a compare-and-set. Decisions first, coverage
// second: the edge API does not use coverage, so a new activation is published at once, and the CMA reads its
// coverage needs (a few per entry) follow, outside the compare-and-set, in a second revision. Safe to run twice: the
// same inputs yield the same table, and an unchanged table is not republished. An experience the engine cannot
// understand is left out with its reason (stored beside the table as `notServed`), and every other one is served.
import {
  mayHaveLiveVersion,
  planTable,
  readExperiences,
  type CmsLink,
  type Coverage,
  type GroupCoverage,
  type NotServedExperience,
  type ProjectAnswers,
  type TablePlan,
  type TablePlanProblem,
} from '@pb/shared';
import { scanEntryVariants } from '../clients/cma-entry-reads';
import type { CoverageReadPort, PersonalizeReadPort } from './sources';
import type { RedisTableStore } from './table-store';

export interface RecomputeRequest {
  stackApiKey: string;
  projectUid: string;
  /** Experiences whose coverage is read again from the CMA (the one just activated); others keep theirs. */
  refreshCoverageFor: readonly string[];
  /** CMS links known from the mirror, for experiences whose `_cms` Personalize does not (yet) carry. */
  cmsLinks?: Readonly<Record<string, CmsLink>>;
}

export type RecomputeProblem = TablePlanProblem;

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
  store: Pick<RedisTableStore, 'current' | 'update' | 'tryUpdate'>;
}

/** How often the coverage pass is tried again when the table changed while its coverage was being read. */
const COVERAGE_ROUNDS = 5;

export async function recomputeProject(deps: RecomputeDeps, request: RecomputeRequest): Promise<RecomputeOutcome> {
  // 1. Gather: the source of truth, read once.
  const answers = await gatherAnswers(deps.personalize);
  let coverageCalls = 0;
  const counted = countingCoverage(deps.coverage, () => coverageCalls++);
  let plan: TablePlan | undefined;
  const planned =
    (coverage: ReadonlyMap<string, GroupCoverage | null>) =>
    (previous: Parameters<typeof planTable>[0]['previous']) => {
      plan = planTable({
        projectUid: request.projectUid,
        stackApiKey: request.stackApiKey,
        answers,
        previous,
        refreshCoverageFor: request.refreshCoverageFor,
        ...(request.cmsLinks === undefined ? {} : { cmsLinks: request.cmsLinks }),
        coverage,
      });
      return plan.content;
    };
  // 2. Plan and publish the decisions (coverage still to read stays unknown); a conflict is planned again.
  let result = await deps.store.update(request.projectUid, planned(new Map()));
  // 3. Read the coverage the plan needs, then plan and publish again. A table that changed meanwhile (the coverage
  //    events of a webhook, say) may know newer coverage than what was read: it is read again rather than reused.
  for (let round = 0; plan !== undefined && plan.coverageNeeded.length > 0 && round < COVERAGE_ROUNDS; round++) {
    const reads = new Map<string, GroupCoverage | null>();
    for (const need of plan.coverageNeeded)
      reads.set(need.variantGroup, await readCoverage(counted, need.variantGroup, need.variantUids));
    const published = await deps.store.tryUpdate(request.projectUid, planned(reads));
    if (!published.ok) continue;
    result = { revision: published.revision, changed: result.changed || published.changed };
    break;
  }
  if (plan === undefined) throw new Error('recompute planned nothing');
  return {
    revision: result.revision,
    published: result.changed,
    served: plan.served,
    notServed: plan.notServed,
    problems: plan.problems,
    coverageCalls,
  };
}

/** Every list the plan reads; versions only of experiences that may have a live one (drafts-only are skipped). */
async function gatherAnswers(personalize: PersonalizeReadPort): Promise<ProjectAnswers> {
  const [experiences, priority, audiences, attributes, events] = await Promise.all([
    personalize.listExperiences(),
    personalize.priority(),
    personalize.listAudiences(),
    personalize.listAttributes(),
    personalize.listEvents(),
  ]);
  const versions: Record<string, unknown[]> = {};
  for (const experience of readExperiences(experiences).experiences) {
    if (mayHaveLiveVersion(experience)) versions[experience.uid] = await personalize.listVersions(experience.uid);
  }
  return {
    experiences,
    versions,
    priority,
    audiences,
    attributeKeys: Object.fromEntries(attributes.filter((a) => a.__type === 'CUSTOM').map((a) => [a.uid, a.key])),
    eventKeys: Object.fromEntries(events.map((e) => [e.uid, e.key])),
  };
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
): Promise<GroupCoverage | null> {
  const contentTypes = await port.linkedContentTypes(variantGroupUid);
  if (contentTypes === null) return null;
  const byVariant: Coverage = Object.fromEntries(
    variantUids.map((uid) => [uid, Object.fromEntries(contentTypes.map((ct) => [ct, [] as string[]]))]),
  );
  const reads = {
    entries: async (ct: string) => (await port.listEntryUids(ct)).map((uid) => ({ uid, title: uid })),
    entryVariantUids: (ct: string, entry: string) => port.entryVariantUids(ct, entry),
  };
  await scanEntryVariants(reads, contentTypes, (ct, entryUid, variantUid) => {
    byVariant[variantUid]?.[ct]?.push(entryUid);
  });
  return { contentTypes, byVariant };
}
