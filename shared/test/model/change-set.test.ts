// Table-driven change-set and merge checks from change-set-cases.json. Every change-set case is also checked as a
// round trip: the variant body built from (base, edited) applied back onto the base gives the edited copy.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  contentTypeSchema,
  ENTRY_SYSTEM_KEYS,
  computeChangeSet,
  applyEntryVariant,
  applyEntryVariants,
  applyEntryVariantsWithReport,
  buildEntryVariantBody,
  changeSetCases as raw,
  type EntryVariantLike,
} from './subject';

const jsonObject = z.record(z.string(), z.unknown());
const entryRef = z.union([z.string(), jsonObject]);
const variant = jsonObject.and(
  z.looseObject({ _variant: z.looseObject({ _uid: z.string(), _change_set: z.array(z.string()) }) }),
);

const caseFile = z.strictObject({
  contentTypes: z.record(z.string(), contentTypeSchema),
  entries: z.record(z.string(), jsonObject),
  changeSets: z.array(
    z.strictObject({
      name: z.string(),
      base: entryRef,
      edited: jsonObject,
      contentType: z.string().optional(),
      expected: z.array(z.string()),
      roundTrip: z.boolean().optional(),
    }),
  ),
  merges: z.array(
    z.strictObject({
      name: z.string(),
      base: entryRef,
      variants: z.array(variant),
      expected: jsonObject,
      skipped: z.array(z.strictObject({ variant: z.string(), path: z.string(), reason: z.string() })).optional(),
    }),
  ),
});
const cases = caseFile.parse(raw);

function entry(ref: string | Record<string, unknown>): Record<string, unknown> {
  if (typeof ref !== 'string') return ref;
  const found = cases.entries[ref];
  if (found === undefined) throw new Error(`unknown entry ${ref} in change-set-cases.json`);
  return found;
}

function contentType(name: string | undefined) {
  if (name === undefined) return undefined;
  const found = cases.contentTypes[name];
  if (found === undefined) throw new Error(`unknown content type ${name} in change-set-cases.json`);
  return found;
}

/** The edited copy as a merge can reproduce it: content from `edited`, system keys from the base. */
function contentOf(edited: Record<string, unknown>, base: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(edited)) if (!ENTRY_SYSTEM_KEYS.has(key)) out[key] = value;
  for (const [key, value] of Object.entries(base)) if (ENTRY_SYSTEM_KEYS.has(key)) out[key] = value;
  return out;
}

const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

const deepFreeze = <T>(value: T): T => {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
};

describe('change-set and merge cases', () => {
  it('has at least 30 cases', () => {
    expect(cases.changeSets.length + cases.merges.length).toBeGreaterThanOrEqual(30);
  });
});

describe('computeChangeSet', () => {
  it.each(cases.changeSets.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const base = entry(c.base);
    const ct = contentType(c.contentType);
    expect(computeChangeSet(base, c.edited, ct)).toEqual(c.expected);
    // Symmetric in what changed: the reverse edit touches the same paths.
    expect(computeChangeSet(c.edited, base, ct)).toEqual(c.expected);
  });

  it.each(cases.changeSets.filter((c) => c.roundTrip !== false).map((c) => [c.name, c] as const))(
    'round trip: %s',
    (_name, c) => {
      const base = deepFreeze(copy(entry(c.base)));
      const body = buildEntryVariantBody(base, c.edited, contentType(c.contentType));
      expect(body.entry._variant._change_set).toEqual(c.expected);
      expect(applyEntryVariant(base, body.entry)).toEqual(contentOf(c.edited, base));
    },
  );
});

describe('applyEntryVariants', () => {
  it.each(cases.merges.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    // Frozen inputs: applying must never mutate the base or a variant.
    const base = deepFreeze(copy(entry(c.base)));
    const variants = deepFreeze(copy(c.variants)) as EntryVariantLike[];
    const outcome = applyEntryVariantsWithReport(base, variants);
    expect(outcome.entry).toEqual(c.expected);
    expect([...outcome.skipped].sort((a, b) => a.path.localeCompare(b.path))).toEqual(c.skipped ?? []);
    expect(applyEntryVariants(base, variants)).toEqual(c.expected);
  });

  it('returns a copy that shares no structure with the base', () => {
    const base = entry('landing');
    const merged = applyEntryVariants(base, []);
    expect(merged).toEqual(base);
    expect(merged['banner']).not.toBe(base['banner']);
  });
});

describe('paths from outside cannot reach object prototypes', () => {
  // Built with JSON.parse so `__proto__` is an own key, exactly as a webhook or CMA body would carry it.
  const variant = JSON.parse(
    '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}, "title": "T",' +
      '"_variant": {"_uid": "cs_v_evil", "_change_set": ["__proto__.polluted", "constructor.prototype.polluted", "title"]}}',
  ) as EntryVariantLike;

  it('skips unsafe change-set paths as malformed and applies the rest', () => {
    const outcome = applyEntryVariantsWithReport({ uid: 'blt_entry_1', locale: 'en-us', title: 'Base' }, [variant]);
    expect(outcome.entry).toEqual({ uid: 'blt_entry_1', locale: 'en-us', title: 'T' });
    expect(outcome.skipped.map((s) => s.reason)).toEqual(['malformed-path', 'malformed-path']);
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('never emits an unsafe path in a change set', () => {
    const edited = JSON.parse('{"title": "Base", "__proto__": {"polluted": true}}') as Record<string, unknown>;
    expect(computeChangeSet({ title: 'Base' }, edited)).toEqual([]);
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
});
