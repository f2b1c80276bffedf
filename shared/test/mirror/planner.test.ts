// The planner's specification is data (shared/cases/mirror/planner-cases.json). Every case is also checked for
// convergence: applying its plan to the stated CMS and re-planning gives an empty plan.
import { describe, expect, it } from 'vitest';
import cases from '../../cases/mirror/planner-cases.json';
import { variantGroupSchema } from '../../src/cms/variant-group';
import {
  expectedCmsLink,
  mirroredExperienceSchema,
  planMirror,
  type GroupSnapshot,
  type MirrorInput,
  type MirrorOperation,
} from '../../src/mirror/index';

interface Case {
  name: string;
  input: unknown;
  expected: { operations: unknown[]; reports: unknown[] };
}

function toInput(raw: unknown): MirrorInput {
  const r = raw as Record<string, unknown>;
  return {
    projectUid: String(r.projectUid),
    experienceUid: String(r.experienceUid),
    experience: r.experience === null ? null : mirroredExperienceSchema.parse(r.experience),
    groups: (r.groups as unknown[]).map((g) => variantGroupSchema.parse(g)),
    variantsInUse: r.variantsInUse as string[],
    policy: r.policy as MirrorInput['policy'],
  };
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** A miniature CMS: applies operations the way the CMA would, minting uids for created things. */
function apply(input: MirrorInput, operations: readonly MirrorOperation[]): MirrorInput {
  let groups: GroupSnapshot[] = clone([...input.groups]);
  let experience = input.experience === null ? null : clone(input.experience);
  let created: string | null = null;
  let counter = 0;
  const find = (uid: string | null): GroupSnapshot => {
    const g = groups.find((x) => x.uid === (uid ?? created));
    if (g === undefined) throw new Error(`no group ${String(uid)}`);
    return g;
  };
  for (const op of operations) {
    switch (op.op) {
      case 'create-group':
        created = `new-group-${++counter}`;
        groups.push({
          uid: created,
          name: op.name,
          description: op.description,
          content_types: [],
          personalize_metadata: op.personalizeMetadata,
          created_at: '2030-01-01T00:00:00Z',
          variants: [],
        });
        break;
      case 'update-group':
        Object.assign(find(op.groupUid), { name: op.name, description: op.description });
        break;
      case 'link-content-types':
        find(op.groupUid).content_types.push(...op.contentTypes.map((uid) => ({ uid, status: 'linked' as const })));
        break;
      case 'add-variant':
        (find(op.groupUid).variants ??= []).push({
          uid: `new-variant-${++counter}`,
          name: op.name,
          alias: op.alias,
          personalize_metadata: op.personalizeMetadata,
        });
        break;
      case 'rename-variant': {
        const v = find(op.groupUid).variants?.find((x) => x.uid === op.variantUid);
        if (v !== undefined) v.name = op.name;
        break;
      }
      case 'delete-variant': {
        const g = find(op.groupUid);
        g.variants = (g.variants ?? []).filter((v) => v.uid !== op.variantUid);
        break;
      }
      case 'unlink-group':
        find(op.groupUid).personalize_metadata = op.personalizeMetadata;
        break;
      case 'delete-group':
        groups = groups.filter((g) => g.uid !== op.groupUid);
        break;
      case 'write-cms-link': {
        if (experience === null) throw new Error('link written for a deleted experience');
        const group = find(created ?? planMirror(input).groupUid);
        experience = { ...experience, cmsLink: expectedCmsLink(experience, group) };
        break;
      }
    }
  }
  return { ...input, groups, experience };
}

describe('planMirror', () => {
  it('has at least 20 cases', () => {
    expect((cases as Case[]).length).toBeGreaterThanOrEqual(20);
  });

  it.each((cases as Case[]).map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const plan = planMirror(toInput(c.input));
    expect(plan.operations).toEqual(c.expected.operations);
    expect(plan.reports).toEqual(c.expected.reports);
  });

  it.each((cases as Case[]).map((c) => [c.name, c] as const))('converges: %s', (_name, c) => {
    const input = toInput(c.input);
    const after = apply(input, planMirror(input).operations);
    expect(planMirror(after).operations).toEqual([]);
  });
});
