// The assignment table as stored in Redis: the shared decision table plus what only the server needs — where each
// CMS variant has content (coverage), the metrics results are reported for, and a revision for the atomic swap.
import { z } from 'zod';
import { assignmentTableSchema } from './assignment-table';
import { notServedExperienceSchema } from './readable';

/** Per CMS variant uid: per linked content type, the uids of the entries that have an entry variant for it. */
export const coverageSchema = z.record(z.string(), z.record(z.string(), z.array(z.string())));
export type Coverage = z.infer<typeof coverageSchema>;

export const experienceMetricSchema = z.object({
  eventUid: z.string().min(1),
  /** The key the edge SDK sends in `triggerEvent`; null when the event no longer exists. */
  eventKey: z.string().nullable(),
  name: z.string(),
  primary: z.boolean(),
});
export type ExperienceMetric = z.infer<typeof experienceMetricSchema>;

export const storedTableSchema = z.object({
  projectUid: z.string().min(1),
  stackApiKey: z.string().min(1),
  /** Strictly increasing per project; also the suffix of the table's Redis key. */
  revision: z.number().int().positive(),
  compiledAt: z.iso.datetime(),
  table: assignmentTableSchema,
  /** Variant group uid per experience uid: the content types an entry-variant webhook touches are the group's. */
  variantGroups: z.record(z.string(), z.string()),
  /** Linked content types per variant group uid. */
  contentTypes: z.record(z.string(), z.array(z.string())),
  coverage: coverageSchema,
  /** Metrics per experience uid, primary first. */
  metrics: z.record(z.string(), z.array(experienceMetricSchema)),
  /**
   * Live experiences left out of `table` and why (an audience, variant or metric the engine cannot evaluate). Kept
   * with the table they describe, so the experiences page and the served table never disagree; tables stored before
   * this field existed read as "none".
   */
  notServed: z.array(notServedExperienceSchema).default([]),
});
export type StoredTable = z.infer<typeof storedTableSchema>;

/** An empty table: a known project with nothing active yet. */
export function emptyTable(projectUid: string, stackApiKey: string): Omit<StoredTable, 'revision' | 'compiledAt'> {
  return {
    projectUid,
    stackApiKey,
    table: { experiences: [], audiences: [], attributeKeys: {} },
    variantGroups: {},
    contentTypes: {},
    coverage: {},
    metrics: {},
    notServed: [],
  };
}
