/**
 * Personalize records as the sandbox stores them (and saves them in the state file). JSON is camelCase
 * like the real API. Types are inferred from the schemas so the state file is validated on restore.
 */
import { z } from 'zod';

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

/** Conditions that compare against a value and therefore need `attributeMatchOptions`. */
export const CONDITIONS_NEEDING_OPTIONS: ReadonlySet<string> = new Set([
  'STRING_EQUALS',
  'CONTAINS_SUBSTRING',
  'NUMBER_LESS_THAN',
  'NUMBER_GREATER_THAN',
  'NUMBER_EQUAL_TO',
  'JSON_MATCH',
  'IS_MEMBER_OF',
  'BEFORE_TIME',
  'AFTER_TIME',
  'BETWEEN_TIME',
]);

export const ruleSchema = z.strictObject({
  __type: z.literal('Rule'),
  attribute: z.discriminatedUnion('__type', [
    z.strictObject({ __type: z.literal('PresetAttributeReference'), ref: z.enum(PRESET_ATTRIBUTES) }),
    z.strictObject({ __type: z.literal('CustomAttributeReference'), ref: z.string().min(1) }),
  ]),
  attributeMatchCondition: z.enum(MATCH_CONDITIONS),
  // Only StringMatchOptions is documented by name; other option shapes pass through as given.
  attributeMatchOptions: z.looseObject({ __type: z.string().min(1) }).optional(),
  invertCondition: z.boolean().optional(),
});
export type Rule = z.infer<typeof ruleSchema>;

export interface RuleCombination {
  __type: 'RuleCombination';
  combinationType: 'AND' | 'OR';
  rules: Array<Rule | RuleCombination>;
}

export const ruleCombinationSchema: z.ZodType<RuleCombination> = z.lazy(() =>
  z.strictObject({
    __type: z.literal('RuleCombination'),
    combinationType: z.enum(['AND', 'OR']),
    rules: z.array(z.union([ruleSchema, ruleCombinationSchema])),
  }),
);

export const combinationType = z.enum(['AND', 'OR']);

export const segmentedVariantSchema = z.strictObject({
  __type: z.literal('SegmentedVariant'),
  shortUid: z.string(),
  name: z.string().min(1),
  audiences: z.array(z.string()),
  audienceCombinationType: combinationType,
  lyticsAudiences: z.array(z.string()).optional(),
});

export const abTestVariantSchema = z.strictObject({
  __type: z.literal('ABTestVariant'),
  shortUid: z.string(),
  name: z.string().min(1),
  trafficDistribution: z.number().int().min(0).max(100),
});

export const variantSchema = z.discriminatedUnion('__type', [segmentedVariantSchema, abTestVariantSchema]);
export type Variant = z.infer<typeof variantSchema>;

export const targetingSchema = z.strictObject({
  audience: z.strictObject({ audiences: z.array(z.string()), audienceCombinationType: combinationType }).optional(),
});
export type Targeting = z.infer<typeof targetingSchema>;

export const metricSchema = z.strictObject({
  event: z.string().min(1),
  name: z.string().min(1),
  __type: z.string().min(1),
});
export type Metric = z.infer<typeof metricSchema>;

export const VERSION_STATUSES = ['DRAFT', 'ACTIVE', 'PAUSED', 'ARCHIVED'] as const;
export type VersionStatus = (typeof VERSION_STATUSES)[number];

const timestamps = { createdAt: z.string(), updatedAt: z.string() };

export const projectRecord = z.object({
  uid: z.string(),
  name: z.string(),
  description: z.string(),
  connectedStackApiKey: z.string().nullable(),
  organizationUid: z.string(),
  /** Experience short uids are integer strings, issued in order and never reused. */
  nextExperienceShortUid: z.number().int().nonnegative(),
  ...timestamps,
});
export type Project = z.infer<typeof projectRecord>;

export const attributeRecord = z.object({
  uid: z.string(),
  projectUid: z.string(),
  key: z.string(),
  name: z.string(),
  description: z.string(),
  __type: z.enum(['PRESET', 'CUSTOM']),
  ...timestamps,
});
export type Attribute = z.infer<typeof attributeRecord>;

export const eventRecord = z.object({
  uid: z.string(),
  projectUid: z.string(),
  key: z.string(),
  description: z.string(),
  ...timestamps,
});
export type PersonalizeEvent = z.infer<typeof eventRecord>;

export const audienceRecord = z.object({
  uid: z.string(),
  projectUid: z.string(),
  name: z.string(),
  description: z.string(),
  definition: ruleCombinationSchema,
  ...timestamps,
});
export type Audience = z.infer<typeof audienceRecord>;

/**
 * The experience's link to the CMS (`_cms`): its variant group and the CMS variant uid per variant short uid. Only
 * Personalize's CMS sync (cms-sync.ts) writes it; clients cannot. `contentTypes` is tolerated in old state files.
 */
export const cmsLinkRecord = z.strictObject({
  variantGroup: z.string().min(1),
  variants: z.record(z.string().regex(/^\d+$/), z.string().min(1)),
  contentTypes: z.array(z.string().min(1)).optional(),
});
export type CmsLink = z.infer<typeof cmsLinkRecord>;

export const experienceRecord = z.object({
  uid: z.string(),
  projectUid: z.string(),
  name: z.string(),
  description: z.string(),
  __type: z.enum(['SEGMENTED', 'AB_TEST']),
  shortUid: z.string(),
  /** Variant short uids of this experience: integer strings, never reused across its versions. */
  nextVariantShortUid: z.number().int().nonnegative(),
  _cms: cmsLinkRecord.optional(),
  ...timestamps,
});
export type Experience = z.infer<typeof experienceRecord>;

export const versionRecord = z.object({
  uid: z.string(),
  experienceUid: z.string(),
  status: z.enum(VERSION_STATUSES),
  variants: z.array(variantSchema),
  targeting: targetingSchema.optional(),
  metrics: z.array(metricSchema),
  ...timestamps,
});
export type Version = z.infer<typeof versionRecord>;

export const personalizeStateSchema = z.object({
  projects: z.array(projectRecord),
  attributes: z.array(attributeRecord),
  events: z.array(eventRecord),
  audiences: z.array(audienceRecord),
  experiences: z.array(experienceRecord),
  versions: z.array(versionRecord),
  /** Experience uids in priority order, per project. */
  priority: z.record(z.string(), z.array(z.string())),
});
export type PersonalizeState = z.infer<typeof personalizeStateSchema>;

export function emptyState(): PersonalizeState {
  return { projects: [], attributes: [], events: [], audiences: [], experiences: [], versions: [], priority: {} };
}
