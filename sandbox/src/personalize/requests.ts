/**
 * Request bodies of the Personalize Management API. Objects are strict: a field the service does not know
 * is a 400 naming it. Version bodies tolerate the read-only fields a client echoes back from a GET.
 */
import { z } from 'zod';
import {
  abTestVariantSchema,
  metricSchema,
  ruleCombinationSchema,
  segmentedVariantSchema,
  targetingSchema,
} from './model';

const name = z.string().trim().min(1);
const key = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'must start with a letter; letters, digits and _ only');

export const projectCreateBody = z.strictObject({
  name,
  description: z.string().optional(),
  connectedStackApiKey: z.string().min(1).optional(),
});

export const attributeCreateBody = z.strictObject({ key, name, description: z.string().optional() });
export const attributeUpdateBody = z.strictObject({ name: name.optional(), description: z.string().optional() });

export const eventCreateBody = z.strictObject({ key, description: z.string().optional() });
export const eventUpdateBody = z.strictObject({ description: z.string() });

export const audienceBody = z.strictObject({
  name,
  description: z.string().optional(),
  definition: ruleCombinationSchema,
});

/**
 * `_cms` is Personalize's own (its CMS sync fills it): a client that sends it — typically echoing a GET back —
 * is not refused, the field is ignored, as the real API ignores read-only fields.
 */
const readOnlyCms = z.unknown().optional();

/**
 * The official CLI's import posts a whole exported experience minus its `uid` (cli-variants
 * `import/experiences.js`), so every field an experience is answered with is accepted here: `targeting` and
 * `metrics` seed the first DRAFT version; the service's own fields (`shortUid`, `status`, versions,
 * `_cms`, audit fields…) are ignored, as on a version PUT. Anything else is still a 400 naming it.
 */
const readOnly = z.unknown().optional();
export const experienceCreateBody = z.strictObject({
  name,
  description: z.string().optional(),
  __type: z.enum(['SEGMENTED', 'AB_TEST']),
  targeting: targetingSchema.optional(),
  metrics: z.array(metricSchema).optional(),
  _cms: readOnlyCms,
  uid: readOnly,
  shortUid: readOnly,
  status: readOnly,
  latestVersion: readOnly,
  activeVersion: readOnly,
  referredAudiences: readOnly,
  createdAt: readOnly,
  updatedAt: readOnly,
  createdBy: readOnly,
  updatedBy: readOnly,
});
export const experienceUpdateBody = z.strictObject({
  name: name.optional(),
  description: z.string().optional(),
  _cms: readOnlyCms,
});

const shortUidInput = z.string().regex(/^\d+$/, 'must be an integer string').optional();

export const variantInput = z.discriminatedUnion('__type', [
  segmentedVariantSchema.extend({ shortUid: shortUidInput }),
  abTestVariantSchema.extend({ shortUid: shortUidInput }),
]);
export type VariantInput = z.infer<typeof variantInput>;

export const versionBody = z.strictObject({
  // `PAUSE` appears in some of Contentstack's own code, `PAUSED` in other: accept both, store `PAUSED`.
  status: z.enum(['DRAFT', 'ACTIVE', 'PAUSED', 'PAUSE']).transform((s) => (s === 'PAUSE' ? 'PAUSED' : s)),
  variants: z.array(variantInput),
  targeting: targetingSchema.optional(),
  metrics: z.array(metricSchema).optional(),
  // Read-only fields a client may echo back from GET; ignored.
  uid: z.string().optional(),
  experience: z.string().optional(),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
});
export type VersionInput = z.infer<typeof versionBody>;

/** `{priorityOrder: [...]}` is what the live API takes; the bare array (the GET's shape) is kept for old clients. */
export const priorityBody = z.union([
  z.array(z.string().min(1)),
  z.strictObject({ priorityOrder: z.array(z.string().min(1)) }),
]);
