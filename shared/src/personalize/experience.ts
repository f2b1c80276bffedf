// Experiences and their versions (Personalize Management API, camelCase JSON).
// Invariants enforced here (the API's rules, so a bad version is caught before it is sent or mirrored):
//   - a version's variants are all SegmentedVariant or all ABTestVariant, with unique short uids;
//   - an A/B version that is not a DRAFT has 2+ variants whose trafficDistribution sums to 100;
//   - the paused status is spelled `PAUSE` in some Contentstack code and `PAUSED` in other: we accept both and
//     normalise to `PAUSED`, which is also what we write;
//   - activating a version archives the previous active one, so versions read back may be `ARCHIVED`; a version we
//     write is never ARCHIVED (experienceVersionInputSchema refuses it).
import { z } from 'zod';
import { combinationTypeSchema, shortUidSchema, uidSchema } from './common';

export const experienceTypeSchema = z.enum(['SEGMENTED', 'AB_TEST']);
export type ExperienceType = z.infer<typeof experienceTypeSchema>;

export const VERSION_STATUSES = ['DRAFT', 'ACTIVE', 'PAUSED'] as const;
export const versionStatusSchema = z
  .enum(['DRAFT', 'ACTIVE', 'PAUSED', 'PAUSE'])
  .transform((status): (typeof VERSION_STATUSES)[number] => (status === 'PAUSE' ? 'PAUSED' : status));
export type VersionStatus = z.output<typeof versionStatusSchema>;

/** Status of a version as read back: one we can write, or ARCHIVED (superseded by a later activation). */
export const storedVersionStatusSchema = z
  .enum(['DRAFT', 'ACTIVE', 'PAUSED', 'PAUSE', 'ARCHIVED'])
  .transform((status): VersionStatus | 'ARCHIVED' => (status === 'PAUSE' ? 'PAUSED' : status));
export type StoredVersionStatus = z.output<typeof storedVersionStatusSchema>;

/** Who sees the experience at all. No audiences (or no `audience`) means everyone. */
export const targetingSchema = z.looseObject({
  audience: z
    .looseObject({
      audiences: z.array(uidSchema),
      audienceCombinationType: combinationTypeSchema,
    })
    .nullish(),
});
export type Targeting = z.infer<typeof targetingSchema>;

/** A metric counts an event; the first metric of an experience is its primary metric. */
export const metricSchema = z.looseObject({
  /** The event's uid. */
  event: uidSchema,
  name: z.string().min(1),
  /** Metric kind; the set of values is not public, so any non-empty string is kept as is. */
  __type: z.string().min(1),
});
export type Metric = z.infer<typeof metricSchema>;

/** The experience's link to the CMS: its variant group and, per variant short uid, the CMS variant uid. */
export const cmsLinkSchema = z.looseObject({
  variantGroup: uidSchema,
  variants: z.record(shortUidSchema, uidSchema),
});
export type CmsLink = z.infer<typeof cmsLinkSchema>;

export const experienceSchema = z.looseObject({
  uid: uidSchema,
  name: z.string().min(1),
  __type: experienceTypeSchema,
  description: z.string().nullish(),
  status: versionStatusSchema.optional(),
  /** Uid of the newest version (the DRAFT made with the experience at first). */
  latestVersion: uidSchema.nullish(),
  shortUid: shortUidSchema,
  targeting: targetingSchema.nullish(),
  metrics: z.array(metricSchema).nullish(),
  _cms: cmsLinkSchema.nullish(),
});
export type Experience = z.infer<typeof experienceSchema>;

export const segmentedVariantSchema = z.looseObject({
  __type: z.literal('SegmentedVariant'),
  shortUid: shortUidSchema,
  name: z.string().min(1),
  audiences: z.array(uidSchema),
  audienceCombinationType: combinationTypeSchema,
});
export type SegmentedVariant = z.infer<typeof segmentedVariantSchema>;

export const abTestVariantSchema = z.looseObject({
  __type: z.literal('ABTestVariant'),
  shortUid: shortUidSchema,
  name: z.string().min(1),
  /** Percentage of the experience's traffic, 0–100. */
  trafficDistribution: z.number().min(0).max(100),
});
export type ABTestVariant = z.infer<typeof abTestVariantSchema>;

export const experienceVariantSchema = z.discriminatedUnion('__type', [segmentedVariantSchema, abTestVariantSchema]);
export type ExperienceVariant = z.infer<typeof experienceVariantSchema>;

const versionFields = {
  variants: z.array(experienceVariantSchema),
  targeting: targetingSchema.nullish(),
  metrics: z.array(metricSchema).nullish(),
};

function checkVariants(
  version: { status: StoredVersionStatus; variants: ExperienceVariant[] },
  ctx: z.RefinementCtx<unknown>,
): void {
  const { variants } = version;
  const first = variants[0];
  const seen = new Set<string>();
  variants.forEach((variant, index) => {
    if (first !== undefined && variant.__type !== first.__type) {
      ctx.addIssue({
        code: 'custom',
        path: ['variants', index, '__type'],
        message: `all variants of a version share one type (expected ${first.__type})`,
      });
    }
    if (seen.has(variant.shortUid)) {
      ctx.addIssue({
        code: 'custom',
        path: ['variants', index, 'shortUid'],
        message: `duplicate short uid ${variant.shortUid}`,
      });
    }
    seen.add(variant.shortUid);
  });
  if (version.status === 'DRAFT' || first?.__type !== 'ABTestVariant') return;
  const split = variants.filter((v): v is ABTestVariant => v.__type === 'ABTestVariant');
  if (split.length < 2) {
    ctx.addIssue({ code: 'custom', path: ['variants'], message: 'an A/B test needs at least 2 variants' });
  }
  const total = split.reduce((sum, v) => sum + v.trafficDistribution, 0);
  if (Math.abs(total - 100) > 1e-6) {
    ctx.addIssue({
      code: 'custom',
      path: ['variants'],
      message: `trafficDistribution must sum to 100 (got ${total})`,
    });
  }
}

/** A version as the API returns it. */
export const experienceVersionSchema = z
  .looseObject({ uid: uidSchema, status: storedVersionStatusSchema, ...versionFields })
  .superRefine(checkVariants);
export type ExperienceVersion = z.infer<typeof experienceVersionSchema>;

/** A version as sent to `POST|PUT /experiences/{uid}/versions[/{versionUid}]` (a PUT replaces the whole version). */
export const experienceVersionInputSchema = z
  .looseObject({ status: versionStatusSchema, ...versionFields })
  .superRefine(checkVariants);
export type ExperienceVersionInput = z.input<typeof experienceVersionInputSchema>;

/**
 * `GET /experiences-priority`: experience uids, highest priority first. The GET shape is not public: the PUT body is
 * `{priorityOrder: [...]}`, so a bare array and that object are both read (to the array).
 */
export const experiencePrioritySchema = z.union([
  z.array(uidSchema),
  z.looseObject({ priorityOrder: z.array(uidSchema) }).transform((body) => body.priorityOrder),
]);
