/** The experiences page's server answers, validated at the boundary (errors name the failing field path). */
import { z } from 'zod';

const variantSchema = z.object({
  shortUid: z.string(),
  name: z.string(),
  cmsVariantUid: z.string().optional(),
  trafficDistribution: z.number().optional(),
  audienceNames: z.array(z.string()).optional(),
  coverage: z
    .array(
      z.object({
        contentTypeUid: z.string(),
        entries: z.number(),
        missing: z.array(z.object({ uid: z.string(), title: z.string() })),
        truncated: z.boolean().optional(),
      }),
    )
    .optional(),
});

export const overviewSchema = z.object({
  experiences: z.array(
    z.object({
      uid: z.string(),
      shortUid: z.string(),
      name: z.string(),
      type: z.enum(['SEGMENTED', 'AB_TEST']),
      status: z.string(),
      versionUid: z.string().optional(),
      variantGroupUid: z.string().optional(),
      contentTypes: z.array(z.string()).default([]),
      variants: z.array(variantSchema),
      mirror: z.object({
        state: z.enum(['in-sync', 'pending', 'error', 'orphaned']),
        reason: z.string().optional(),
        lastMirroredAt: z.string().optional(),
        notes: z.array(z.string()).optional(),
      }),
    }),
  ),
  orphanedGroups: z.array(z.object({ groupUid: z.string(), name: z.string(), experienceUid: z.string() })).default([]),
});

export const queuesSchema = z.object({ queues: z.record(z.string(), z.record(z.string(), z.number())) });

const outcome = <T extends z.ZodType>(value: T) =>
  z.union([
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), reason: z.string(), detail: z.string().optional() }),
  ]);

export const resultsSchema = z.object({
  experienceUid: z.string(),
  versionUid: z.string(),
  controlShortUid: z.string(),
  variants: z.array(
    z.object({
      shortUid: z.string(),
      visitors: z.number(),
      impressions: z.number(),
      trafficShare: z.number().optional(),
    }),
  ),
  metrics: z.array(
    z.object({
      eventUid: z.string(),
      eventKey: z.string().nullable(),
      name: z.string(),
      primary: z.boolean(),
      results: outcome(
        z.object({
          variants: z.array(
            z.object({
              variantShortUid: z.string(),
              isControl: z.boolean(),
              visitors: z.number(),
              conversions: z.number(),
              conversionRate: z.number().nullable(),
              uplift: outcome(
                z.object({
                  relative: z.number(),
                  interval: z.tuple([z.number(), z.number()]),
                  chanceToBeatControl: z.number(),
                }),
              ).nullable(),
              probabilityToBeBest: z.number(),
              lowData: z.boolean(),
            }),
          ),
          warnings: z.array(z.string()),
        }),
      ),
    }),
  ),
  series: z
    .array(
      z.object({
        at: z.string(),
        variants: z.array(z.object({ shortUid: z.string(), visitors: z.number(), conversions: z.number() })),
      }),
    )
    .optional(),
});
