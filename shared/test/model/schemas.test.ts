// Table-driven schema checks: every case in schema-cases.json is parsed with the schema it names; valid cases must
// parse (and contain `output` when given), malformed ones must fail naming `errorPath` (and `reason` for webhooks).
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import {
  parseWith,
  attributeSchema,
  audienceSchema,
  eventSchema,
  experienceSchema,
  experienceVersionInputSchema,
  experienceVersionSchema,
  projectSchema,
  ruleCombinationSchema,
  ruleSchema,
  contentTypeSchema,
  entrySchema,
  entryVariantSchema,
  entryVariantUpsertSchema,
  variantGroupSchema,
  variantSchema,
  parseWebhook,
  schemaCases as raw,
  type Audience,
  type ExperienceVersion,
  type ExperienceVersionInput,
  type Rule,
  type RuleCombination,
  type WebhookEnvelope,
} from './subject';

const schemas = {
  audience: audienceSchema,
  ruleCombination: ruleCombinationSchema,
  rule: ruleSchema,
  project: projectSchema,
  attribute: attributeSchema,
  event: eventSchema,
  experience: experienceSchema,
  experienceVersion: experienceVersionSchema,
  experienceVersionInput: experienceVersionInputSchema,
  contentType: contentTypeSchema,
  entry: entrySchema,
  variantGroup: variantGroupSchema,
  variant: variantSchema,
  entryVariant: entryVariantSchema,
  entryVariantUpsert: entryVariantUpsertSchema,
} as const;

type SchemaName = keyof typeof schemas | 'webhook';
const schemaNames: [SchemaName, ...SchemaName[]] = ['webhook', ...(Object.keys(schemas) as (keyof typeof schemas)[])];

const schemaCase = z.strictObject({
  name: z.string(),
  schema: z.enum(schemaNames),
  input: z.unknown(),
  valid: z.boolean(),
  errorPath: z.string().optional(),
  reason: z.string().optional(),
  output: z.record(z.string(), z.unknown()).optional(),
});
const cases = z.array(schemaCase).parse(raw);

type Outcome = { ok: true; value: unknown } | { ok: false; reason: string; paths: string[]; detail: string };

function run(name: SchemaName, input: unknown): Outcome {
  if (name === 'webhook') {
    const result = parseWebhook(input);
    if (result.ok) return result;
    const paths = result.reason === 'invalid' ? result.issues.map((i) => i.path) : [];
    return { ok: false, reason: result.reason, paths, detail: result.detail };
  }
  const result = parseWith(schemas[name], input);
  if (result.ok) return result;
  return { ok: false, reason: result.reason, paths: result.issues.map((i) => i.path), detail: result.detail };
}

describe('schema cases', () => {
  it('has at least 40 cases, valid and malformed', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    expect(cases.filter((c) => c.valid).length).toBeGreaterThanOrEqual(15);
    expect(cases.filter((c) => !c.valid).length).toBeGreaterThanOrEqual(15);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const outcome = run(c.schema, c.input);
    if (c.valid) {
      expect(outcome.ok ? 'ok' : outcome.detail).toBe('ok');
      if (c.output !== undefined && outcome.ok) expect(outcome.value).toMatchObject(c.output);
      return;
    }
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    if (c.reason !== undefined) expect(outcome.reason).toBe(c.reason);
    if (c.errorPath !== undefined) {
      expect(outcome.paths).toContain(c.errorPath);
      // The one-line description names the failing path too (what logs and API answers show).
      expect(outcome.detail).toContain(`${c.errorPath}: `);
    }
  });

  it('every malformed schema case names the failing path (webhooks may name a reason instead)', () => {
    const unnamed = cases.filter((c) => !c.valid && c.errorPath === undefined && c.reason === undefined);
    expect(unnamed.map((c) => c.name)).toEqual([]);
  });
});

// Type-level expectations (checked by `tsc`, which the repository's check runs): the inferred types others build on.
describe('exported types', () => {
  it('keep the shapes the rest of the code relies on', () => {
    expectTypeOf<RuleCombination['rules'][number]>().toEqualTypeOf<Rule | RuleCombination>();
    expectTypeOf<Rule['invertCondition']>().toEqualTypeOf<boolean>();
    expectTypeOf<Audience['definition']>().toEqualTypeOf<RuleCombination>();
    expectTypeOf<ExperienceVersion['status']>().toEqualTypeOf<'DRAFT' | 'ACTIVE' | 'PAUSED' | 'ARCHIVED'>();
    expectTypeOf<ExperienceVersionInput['status']>().toEqualTypeOf<'DRAFT' | 'ACTIVE' | 'PAUSED' | 'PAUSE'>();
    // No `experience` module: Personalize sends no webhooks.
    expectTypeOf<WebhookEnvelope['module']>().toEqualTypeOf<
      'entry' | 'content_type' | 'entry_variant' | 'app_installation'
    >();
  });
});
