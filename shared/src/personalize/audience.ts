// Audiences and their rule grammar, as the Personalize Management API returns them:
//   RuleCombination { combinationType: AND|OR, rules: (Rule | RuleCombination)[] }
//   Rule { attribute, attributeMatchCondition, attributeMatchOptions?, invertCondition }
// Only StringMatchOptions is confirmed by name in public material; the number / time / json / membership option
// shapes below are our assumption (the sandbox stores option objects as given: sandbox/src/personalize/model.ts). Each condition accepts exactly the option
// type that can express it, so an evaluator never has to guess what a rule means.
import { z } from 'zod';
import { combinationTypeSchema, uidSchema } from './common';

export const PRESET_ATTRIBUTES = [
  'COUNTRY',
  'REGION',
  'CITY',
  'DEVICE_TYPE',
  'OPERATING_SYSTEM',
  'QUERY_PARAMETERS',
  'REFERRER',
  'DATE_AND_TIME',
] as const;
export const presetAttributeSchema = z.enum(PRESET_ATTRIBUTES);
export type PresetAttribute = z.infer<typeof presetAttributeSchema>;

export const presetAttributeReferenceSchema = z.looseObject({
  __type: z.literal('PresetAttributeReference'),
  ref: presetAttributeSchema,
});
export type PresetAttributeReference = z.infer<typeof presetAttributeReferenceSchema>;

export const customAttributeReferenceSchema = z.looseObject({
  __type: z.literal('CustomAttributeReference'),
  /** The custom attribute's uid. */
  ref: uidSchema,
});
export type CustomAttributeReference = z.infer<typeof customAttributeReferenceSchema>;

export const attributeReferenceSchema = z.discriminatedUnion('__type', [
  presetAttributeReferenceSchema,
  customAttributeReferenceSchema,
]);
export type AttributeReference = z.infer<typeof attributeReferenceSchema>;

export const MATCH_CONDITIONS = [
  'STRING_EQUALS',
  'CONTAINS_SUBSTRING',
  'HAS_ANY_VALUE',
  'IS_TRUE',
  'IS_FALSE',
  'NUMBER_LESS_THAN',
  'NUMBER_GREATER_THAN',
  'NUMBER_EQUAL_TO',
  'JSON_MATCH',
  'IS_MEMBER_OF',
  'BEFORE_TIME',
  'AFTER_TIME',
  'BETWEEN_TIME',
] as const;
export const matchConditionSchema = z.enum(MATCH_CONDITIONS);
export type MatchCondition = z.infer<typeof matchConditionSchema>;

export const stringMatchOptionsSchema = z.looseObject({
  __type: z.literal('StringMatchOptions'),
  value: z.string(),
});
export type StringMatchOptions = z.infer<typeof stringMatchOptionsSchema>;

export const numberMatchOptionsSchema = z.looseObject({
  __type: z.literal('NumberMatchOptions'),
  value: z.number().finite(),
});
export type NumberMatchOptions = z.infer<typeof numberMatchOptionsSchema>;

/** ISO-8601 instants. BEFORE_TIME / AFTER_TIME use `value`; BETWEEN_TIME uses `from` and `to`. */
export const timeMatchOptionsSchema = z.looseObject({
  __type: z.literal('TimeMatchOptions'),
  value: z.iso.datetime({ offset: true }).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});
export type TimeMatchOptions = z.infer<typeof timeMatchOptionsSchema>;

/** JSON_MATCH: the attribute holds JSON; `path` (dotted, optional) selects a part that must deep-equal `value`. */
export const jsonMatchOptionsSchema = z.looseObject({
  __type: z.literal('JsonMatchOptions'),
  path: z.string().optional(),
  value: z.json(),
});
export type JsonMatchOptions = z.infer<typeof jsonMatchOptionsSchema>;

/** IS_MEMBER_OF: the attribute value must be one of `values`. */
export const memberMatchOptionsSchema = z.looseObject({
  __type: z.literal('MemberMatchOptions'),
  values: z.array(z.string()),
});
export type MemberMatchOptions = z.infer<typeof memberMatchOptionsSchema>;

export const matchOptionsSchema = z.discriminatedUnion('__type', [
  stringMatchOptionsSchema,
  numberMatchOptionsSchema,
  timeMatchOptionsSchema,
  jsonMatchOptionsSchema,
  memberMatchOptionsSchema,
]);
export type MatchOptions = z.infer<typeof matchOptionsSchema>;
export type MatchOptionsType = MatchOptions['__type'];

/** Which option type each condition takes; `null` means the condition needs no options (any sent are ignored). */
export const MATCH_OPTIONS_FOR_CONDITION: Readonly<Record<MatchCondition, MatchOptionsType | null>> = {
  STRING_EQUALS: 'StringMatchOptions',
  CONTAINS_SUBSTRING: 'StringMatchOptions',
  HAS_ANY_VALUE: null,
  IS_TRUE: null,
  IS_FALSE: null,
  NUMBER_LESS_THAN: 'NumberMatchOptions',
  NUMBER_GREATER_THAN: 'NumberMatchOptions',
  NUMBER_EQUAL_TO: 'NumberMatchOptions',
  JSON_MATCH: 'JsonMatchOptions',
  IS_MEMBER_OF: 'MemberMatchOptions',
  BEFORE_TIME: 'TimeMatchOptions',
  AFTER_TIME: 'TimeMatchOptions',
  BETWEEN_TIME: 'TimeMatchOptions',
};

export const ruleSchema = z
  .looseObject({
    __type: z.literal('Rule'),
    attribute: attributeReferenceSchema,
    attributeMatchCondition: matchConditionSchema,
    attributeMatchOptions: matchOptionsSchema.nullish(),
    /** Negates the rule's outcome; absent means false. */
    invertCondition: z.boolean().default(false),
  })
  .superRefine((rule, ctx) => {
    const expected = MATCH_OPTIONS_FOR_CONDITION[rule.attributeMatchCondition];
    if (expected === null) return;
    const options = rule.attributeMatchOptions;
    if (options == null) {
      ctx.addIssue({
        code: 'custom',
        path: ['attributeMatchOptions'],
        message: `${rule.attributeMatchCondition} needs ${expected}`,
      });
      return;
    }
    if (options.__type !== expected) {
      ctx.addIssue({
        code: 'custom',
        path: ['attributeMatchOptions', '__type'],
        message: `${rule.attributeMatchCondition} needs ${expected}, got ${options.__type}`,
      });
      return;
    }
    if (options.__type !== 'TimeMatchOptions') return;
    const needed = rule.attributeMatchCondition === 'BETWEEN_TIME' ? (['from', 'to'] as const) : (['value'] as const);
    for (const key of needed) {
      if (options[key] === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['attributeMatchOptions', key],
          message: `${rule.attributeMatchCondition} needs ${key}`,
        });
      }
    }
  });
export type Rule = z.infer<typeof ruleSchema>;

// Recursive schema (zod 4 getter form): the annotation on `rules` breaks the inference cycle. Both members are
// discriminated by `__type`, so a bad nested rule reports a precise path such as `rules[1].rules[0].attributeMatchCondition`.
const ruleCombinationObject = z.looseObject({
  __type: z.literal('RuleCombination'),
  combinationType: combinationTypeSchema,
  get rules(): z.ZodArray<z.ZodDiscriminatedUnion<[typeof ruleSchema, typeof ruleCombinationObject]>> {
    return z.array(z.discriminatedUnion('__type', [ruleSchema, ruleCombinationObject]));
  },
});
export const ruleCombinationSchema = ruleCombinationObject;
export type RuleCombination = z.infer<typeof ruleCombinationSchema>;
export type RuleNode = Rule | RuleCombination;

export const audienceSchema = z.looseObject({
  uid: uidSchema,
  name: z.string().min(1),
  description: z.string().nullish(),
  definition: ruleCombinationSchema,
});
export type Audience = z.infer<typeof audienceSchema>;
