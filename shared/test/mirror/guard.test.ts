// The guard planner's specification is data (shared/cases/mirror/guard-cases.json). Every case is also checked for
// the properties that make the guard safe on a real stack: it plans no write that Personalize owns, applying its plan
// and re-planning from what it remembered plans nothing more, and re-planning keeps the state it found.
import { describe, expect, it } from 'vitest';
import cases from '../../cases/mirror/guard-cases.json';
import { variantGroupSchema } from '../../src/cms/variant-group';
import {
  mirroredExperienceSchema,
  planGuard,
  syncRecordSchema,
  type GroupSnapshot,
  type GuardInput,
  type GuardOperation,
} from '../../src/mirror/index';

interface Case {
  name: string;
  input: Record<string, unknown>;
  expected: Record<string, unknown>;
}

function toInput(r: Record<string, unknown>): GuardInput {
  return {
    projectUid: String(r['projectUid']),
    experienceUid: String(r['experienceUid']),
    experience: r['experience'] === null ? null : mirroredExperienceSchema.parse(r['experience']),
    groups: (r['groups'] as unknown[]).map((g) => variantGroupSchema.parse(g)),
    entryVariants: r['entryVariants'] as Record<string, number>,
    previous: r['previous'] === null ? null : syncRecordSchema.parse(r['previous']),
    now: String(r['now']),
    syncDeadlineMs: Number(r['syncDeadlineMs']),
    policy: r['policy'] as GuardInput['policy'],
  };
}

/** A miniature CMA: applies the guard's operations the way the CMA would. */
function apply(groups: readonly GroupSnapshot[], operations: readonly GuardOperation[]): GroupSnapshot[] {
  const next = JSON.parse(JSON.stringify(groups)) as GroupSnapshot[];
  for (const op of operations) {
    const group = next.find((g) => g.uid === op.groupUid);
    if (group === undefined) throw new Error(`no group ${op.groupUid}`);
    if (group.name !== op.name) throw new Error(`the CMA refuses a link write that renames ${op.groupUid}`);
    const status = op.op === 'link-content-types' ? 'linked' : 'unlinked';
    for (const uid of op.contentTypes) {
      const link = group.content_types.find((c) => c.uid === uid);
      if (link === undefined) group.content_types.push({ uid, status });
      else link.status = status;
    }
  }
  return next;
}

describe('sync guard planner cases', () => {
  it('has cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });

  it.each((cases as Case[]).map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const input = toInput(c.input);
    const plan = planGuard(input);
    const expected = c.expected;
    expect(plan.record.state).toBe(expected['state']);
    expect(plan.groupUid).toEqual(expected['groupUid']);
    expect(plan.link).toEqual(expected['link']);
    expect(plan.operations).toEqual(expected['operations']);
    expect(plan.reports).toEqual(expected['reports']);
    if ('usageNeeded' in expected) expect(plan.usageNeeded).toEqual(expected['usageNeeded']);
    if ('waitingSince' in expected) expect(plan.record.waitingSince).toBe(expected['waitingSince']);
    if ('missing' in expected) expect(plan.record.missing).toEqual(expected['missing']);
    // What it remembers reads back through the schema the server parses it with.
    expect(syncRecordSchema.parse(JSON.parse(JSON.stringify(plan.record)))).toEqual(plan.record);
  });

  it.each((cases as Case[]).map((c) => [c.name, c] as const))('converges: %s', (_name, c) => {
    const input = toInput(c.input);
    const plan = planGuard(input);
    // Only content-type links, ever: no create, rename, re-describe or delete of what Personalize owns.
    for (const op of plan.operations) expect(['link-content-types', 'unlink-content-types']).toContain(op.op);
    const later = new Date(Date.parse(input.now) + 1000).toISOString();
    const again = planGuard({
      ...input,
      groups: apply(input.groups, plan.operations),
      previous: plan.record,
      now: later,
    });
    expect(again.operations).toEqual([]);
    expect(again.record.state).toBe(plan.record.state);
    expect(again.link).toEqual(plan.link);
    if (plan.record.waitingSince !== undefined) expect(again.record.waitingSince).toBe(plan.record.waitingSince);
  });
});
