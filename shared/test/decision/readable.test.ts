// The tolerant reading of Personalize's answers (shared/cases/decision/readable-cases.json): every record is read on
// its own, what the engine cannot evaluate is set aside with a reason, and the rest is served.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { experiencePrioritySchema } from '../../src/personalize/experience';
import readableCases from '../../cases/decision/readable-cases.json';
import { readAudiences, readExperiences, readLiveVersion, unservableReason } from './subject';

const outcome = {
  readable: z.literal(true).optional(),
  reason: z.string().optional(),
  reasonStartsWith: z.string().optional(),
};
const casesSchema = z.object({
  audiences: z.array(z.object({ name: z.string(), input: z.unknown(), ...outcome })),
  experiences: z.array(z.object({ name: z.string(), input: z.unknown(), shortUid: z.string().optional(), ...outcome })),
  versions: z.array(
    z.object({
      name: z.string(),
      audiences: z.array(z.unknown()),
      versions: z.array(z.unknown()),
      served: z.string().nullable().optional(),
      ...outcome,
    }),
  ),
  priority: z.array(z.object({ name: z.string(), input: z.unknown(), order: z.array(z.string()) })),
});
// Parsed rather than cast: the JSON import's inferred types are too literal for the mixed case shapes.
const cases = casesSchema.parse(readableCases);

function expectReason(
  actual: string | undefined,
  c: { reason?: string | undefined; reasonStartsWith?: string | undefined },
) {
  if (c.reason !== undefined) expect(actual).toBe(c.reason);
  if (c.reasonStartsWith !== undefined) expect(actual?.startsWith(c.reasonStartsWith)).toBe(true);
}

describe('readAudiences', () => {
  it.each(cases.audiences)('$name', (c) => {
    const { audiences, unreadable } = readAudiences([c.input]);
    const uid = (c.input as { uid: string }).uid;
    expect(audiences.map((a) => a.uid)).toEqual(c.readable === true ? [uid] : []);
    expectReason(unreadable.get(uid), c);
    if (c.readable === true) expect(unreadable.size).toBe(0);
  });

  it('reads the other audiences of a list when one is unreadable', () => {
    const inputs = cases.audiences.map((c) => c.input);
    const { audiences, unreadable } = readAudiences(inputs);
    expect(audiences.length + unreadable.size).toBe(inputs.length);
    expect(audiences.map((a) => a.uid)).toEqual(['aud_de']);
  });
});

describe('readExperiences', () => {
  it.each(cases.experiences)('$name', (c) => {
    const { experiences, notServed } = readExperiences([c.input, 'not an object', { name: 'no uid' }]);
    const uid = (c.input as { uid: string }).uid;
    expect(experiences.map((e) => e.uid)).toEqual(c.readable === true ? [uid] : []);
    // Records without a uid cannot be attributed to an experience: nothing to report for them.
    expect(notServed.map((n) => n.experienceUid)).toEqual(c.readable === true ? [] : [uid]);
    expectReason(notServed[0]?.reason, c);
    if (c.shortUid !== undefined) expect(notServed[0]?.shortUid).toBe(c.shortUid);
  });
});

describe('readLiveVersion + unservableReason', () => {
  it.each(cases.versions)('$name', (c) => {
    const { unreadable } = readAudiences(c.audiences);
    const live = readLiveVersion(c.versions);
    const reason = !live.ok
      ? live.detail
      : live.value === null
        ? undefined
        : (unservableReason({}, live.value, unreadable) ?? undefined);
    if (c.served !== undefined) {
      expect(live.ok && (live.value?.uid ?? null)).toBe(c.served);
      expect(reason).toBeUndefined();
    } else {
      expect(reason).toBeDefined();
      expectReason(reason, c);
    }
  });
});

describe('experiencePrioritySchema', () => {
  it.each(cases.priority)('$name', (c) => {
    expect(experiencePrioritySchema.parse(c.input)).toEqual(c.order);
  });

  it('refuses anything else', () => {
    expect(experiencePrioritySchema.safeParse({ order: ['a'] }).success).toBe(false);
  });
});
