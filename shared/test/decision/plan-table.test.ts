// The recompute's pure plan (shared/cases/decision/plan-table-cases.json): what is served and in which order, what is
// left out and why, which coverage is kept, placed or still to read, and that a rerun on its own output changes
// nothing. Every case is also checked for determinism: the same input plans the same table.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import planCases from '../../cases/decision/plan-table-cases.json';
import { planTable, type GroupCoverage, type StoredTable, type TablePlanInput } from './subject';

const coverageSchema = z.record(
  z.string(),
  z
    .object({
      contentTypes: z.array(z.string()),
      byVariant: z.record(z.string(), z.record(z.string(), z.array(z.string()))),
    })
    .nullable(),
);
const linkSchema = z.object({ variantGroup: z.string(), variants: z.record(z.string(), z.string()) });
const casesSchema = z.object({
  world: z.object({
    experiences: z.array(z.unknown()),
    versions: z.record(z.string(), z.array(z.unknown())),
    priority: z.array(z.string()),
    audiences: z.array(z.unknown()),
    attributeKeys: z.record(z.string(), z.string()),
    eventKeys: z.record(z.string(), z.string()),
  }),
  cases: z.array(
    z.object({
      name: z.string(),
      experiences: z.array(z.unknown()).optional(),
      coverage: coverageSchema.optional(),
      cmsLinks: z.record(z.string(), linkSchema).optional(),
      again: z.object({ refreshCoverageFor: z.array(z.string()).optional() }).optional(),
      expect: z.object({
        served: z.array(z.object({ experienceUid: z.string(), shortUid: z.string(), paused: z.boolean() })).optional(),
        notServed: z.array(z.unknown()).optional(),
        notServedUids: z.array(z.string()).optional(),
        coverageNeeded: z.array(z.string()).optional(),
        contentTypes: z.record(z.string(), z.array(z.string())).optional(),
        coverage: z.record(z.string(), z.unknown()).optional(),
        variantGroups: z.record(z.string(), z.string()).optional(),
        problems: z.array(z.unknown()).optional(),
        unchangedOnRerun: z.boolean().optional(),
        coverageNeededOnRerun: z.array(z.string()).optional(),
      }),
    }),
  ),
});
// Parsed rather than cast: the JSON import's inferred types are too literal for the mixed case shapes.
const { world, cases } = casesSchema.parse(planCases);

const asStored = (content: NonNullable<ReturnType<typeof planTable>['content']>): StoredTable => ({
  ...content,
  revision: 1,
  compiledAt: new Date(0).toISOString(),
});

describe('planTable', () => {
  it.each(cases)('$name', (c) => {
    const input: TablePlanInput = {
      projectUid: 'proj',
      stackApiKey: 'stack',
      answers: { ...world, experiences: c.experiences ?? world.experiences },
      previous: null,
      refreshCoverageFor: [],
      ...(c.cmsLinks === undefined ? {} : { cmsLinks: c.cmsLinks }),
      coverage: new Map<string, GroupCoverage | null>(Object.entries(c.coverage ?? {})),
    };
    const plan = planTable(input);
    expect(planTable(input)).toEqual(plan);
    const e = c.expect;
    if (e.served !== undefined) expect(plan.served).toEqual(e.served);
    if (e.notServed !== undefined) expect(plan.notServed).toEqual(e.notServed);
    if (e.notServedUids !== undefined) expect(plan.notServed.map((n) => n.experienceUid)).toEqual(e.notServedUids);
    if (e.coverageNeeded !== undefined)
      expect(plan.coverageNeeded.map((n) => n.variantGroup)).toEqual(e.coverageNeeded);
    if (e.problems !== undefined) expect(plan.problems).toEqual(e.problems);
    expect(plan.content).not.toBeNull();
    if (e.contentTypes !== undefined) expect(plan.content?.contentTypes).toEqual(e.contentTypes);
    if (e.coverage !== undefined) expect(plan.content?.coverage).toEqual(e.coverage);
    if (e.variantGroups !== undefined) expect(plan.content?.variantGroups).toEqual(e.variantGroups);
    // The table published as notServed says the same as the plan.
    expect(plan.content?.notServed).toEqual(plan.notServed);
    if (c.again !== undefined && plan.content !== null) {
      const rerun = planTable({
        ...input,
        previous: asStored(plan.content),
        refreshCoverageFor: c.again.refreshCoverageFor ?? [],
        coverage: new Map(),
      });
      if (e.unchangedOnRerun === true) expect(rerun.content).toBeNull();
      if (e.coverageNeededOnRerun !== undefined)
        expect(rerun.coverageNeeded.map((n) => n.variantGroup)).toEqual(e.coverageNeededOnRerun);
    }
  });
});
