// The UI API's answers, one contract for both sides: the server types what it sends with them (`satisfies`
// `z.input<…>` at each route) and the app UI validates what it receives with them (errors name the failing field).
// Tolerant where a newer server may say more than this build knows (a sync state is any string).
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

/**
 * The sync guard's state of one experience. Tolerant on purpose: a state this build does not know yet (a newer
 * server) is shown as the server spells it instead of failing the whole page.
 */
export const mirrorStatusSchema = z.object({
  state: z.string(),
  reason: z.string().optional(),
  waitingSeconds: z.number().optional(),
  lastMirroredAt: z.string().optional(),
  notes: z.array(z.string()).optional(),
  remaps: z
    .array(
      z.object({
        shortUid: z.string(),
        fromVariantUid: z.string(),
        toVariantUid: z.string(),
        entryVariants: z.number().nullable(),
      }),
    )
    .optional(),
});

const experienceSchema = z.object({
  uid: z.string(),
  shortUid: z.string(),
  name: z.string(),
  type: z.enum(['SEGMENTED', 'AB_TEST']),
  status: z.string(),
  versionUid: z.string().optional(),
  variantGroupUid: z.string().optional(),
  contentTypes: z.array(z.string()).default([]),
  variants: z.array(variantSchema),
  mirror: mirrorStatusSchema,
});

export const overviewSchema = z.object({
  experiences: z.array(experienceSchema),
  orphanedGroups: z
    .array(
      z.object({
        groupUid: z.string(),
        name: z.string(),
        experienceUid: z.string(),
        contentTypes: z.array(z.string()).default([]),
      }),
    )
    .default([]),
});

/**
 * What the entry sidebar reads of the same answer (`GET /api/ui/experiences`): each experience's identity, variants
 * and sync state. The sync state is optional here so that the sidebar still works against a server that does not
 * send it yet.
 */
export const sidebarExperiencesSchema = z.object({
  experiences: z.array(
    experienceSchema
      .pick({ uid: true, shortUid: true, name: true, type: true, status: true, variantGroupUid: true, variants: true })
      .extend({ mirror: mirrorStatusSchema.optional() }),
  ),
});

export const moveReportSchema = z.object({
  moved: z.array(z.object({ contentTypeUid: z.string(), entryUid: z.string(), locale: z.string() })),
  failed: z.array(
    z.object({ contentTypeUid: z.string(), entryUid: z.string(), locale: z.string(), reason: z.string() }),
  ),
});

export const unlinkReportSchema = z.object({ groupUid: z.string(), unlinked: z.array(z.string()) });

export const queuesSchema = z.object({ queues: z.record(z.string(), z.record(z.string(), z.number())) });

/** GET /api/ui/edge-key and POST /api/ui/edge-key/rotate: the key an edge worker reads the project's table with. */
export const edgeKeySchema = z.object({ projectUid: z.string().min(1), edgeKey: z.string().min(1) });

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
                }),
              ).nullable(),
              chanceToBeatControl: z.number().nullable(),
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

/** What a server may send: its own values are often readonly, and reading never needs to write. */
type Answer<T> = T extends readonly (infer U)[]
  ? readonly Answer<U>[]
  : T extends object
    ? { readonly [K in keyof T]: Answer<T[K]> }
    : T;

export type ExperiencesOverviewAnswer = Answer<z.input<typeof overviewSchema>>;
export type MoveReportAnswer = Answer<z.input<typeof moveReportSchema>>;
export type UnlinkReportAnswer = Answer<z.input<typeof unlinkReportSchema>>;
export type QueuesAnswer = Answer<z.input<typeof queuesSchema>>;
export type EdgeKeyAnswer = Answer<z.input<typeof edgeKeySchema>>;
export type ResultsAnswer = Answer<z.input<typeof resultsSchema>>;
