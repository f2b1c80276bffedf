// What the sync guard reads and returns. Personalize itself makes and owns the variant group of every experience
// (its background CMS sync names the group after the experience, makes one CMS variant per experience variant and
// fills the experience's `_cms` link); the guard only watches that sync, reports what it leaves undone or late, and
// does the one thing Personalize leaves to people: linking content types. These are narrow views, not the full API
// shapes: adapters parse the Personalize and CMA payloads and project them onto these, so the planner stays pure and
// its case file stays small.
import { z } from 'zod';
import type { DeletedExperiencePolicy } from '../contracts/installation-configuration';
import { isShortUid } from '../cms/alias';
import type { Variant, VariantGroup } from '../cms/variant-group';

const shortUid = z.string().refine(isShortUid, 'expected an integer short uid');

export const mirrorLinkSchema = z.object({
  variantGroup: z.string().min(1),
  variants: z.record(z.string(), z.string()),
});
export type MirrorLink = z.infer<typeof mirrorLinkSchema>;

/** The experience version the guard follows: its ACTIVE version when there is one, else the latest. */
export const mirroredExperienceSchema = z.object({
  uid: z.string().min(1),
  shortUid,
  name: z.string(),
  description: z.string().default(''),
  versionUid: z.string().min(1),
  versionStatus: z.string(),
  variants: z.array(z.object({ shortUid, name: z.string() })),
  /** Short uids of the variants of every version the experience has (a CMS variant of none of them is stale). */
  knownShortUids: z.array(shortUid).default([]),
  /** Content types the group must be linked to (the admin's auto-link list); links are only ever added. */
  contentTypes: z.array(z.string().min(1)).default([]),
  /** The experience's `_cms` link, which Personalize's sync fills: the guard reads it and never writes it. */
  cmsLink: mirrorLinkSchema.nullable().default(null),
});
export type MirroredExperience = z.infer<typeof mirroredExperienceSchema>;

/** A CMS variant group as the CMA lists it, with its variants (`include_variant_info=true`). */
export type GroupSnapshot = VariantGroup;
export type GroupVariant = Variant;

export interface GuardPolicy {
  /**
   * What the guard does with the group of a deleted experience (Personalize leaves it behind, still linked):
   * `keep` reports it; `unlink-content-types` also unlinks its content types, so no author attaches content to it.
   */
  deletedExperience: DeletedExperiencePolicy;
}

export const defaultGuardPolicy: GuardPolicy = { deletedExperience: 'keep' };

export const SYNC_STATES = ['synced', 'waiting', 'overdue', 'orphaned', 'no-variants', 'gone'] as const;
export type SyncStateName = (typeof SYNC_STATES)[number];

export const variantRemapSchema = z.object({
  shortUid,
  fromVariantUid: z.string().min(1),
  toVariantUid: z.string().min(1),
  detectedAt: z.string(),
  /** Entry variants still written for the old CMS variant (null: not counted yet). */
  entryVariants: z.number().int().min(0).nullable(),
});
export type VariantRemap = z.infer<typeof variantRemapSchema>;

/**
 * What the guard remembers of one experience between runs (and what the experiences page shows). Stored as JSON by
 * the server; parsed back with this schema, so a record of an older shape is dropped rather than misread.
 */
export const syncRecordSchema = z.object({
  state: z.enum(SYNC_STATES),
  /** When the guard first saw the followed version with variants that the CMS lacked (waiting, overdue). */
  waitingSince: z.string().optional(),
  /** What is still missing while waiting: the whole group, or these variant short uids. */
  missing: z.union([z.literal('group'), z.array(shortUid)]).optional(),
  /** When the guard first saw the group complete. */
  syncedAt: z.string().optional(),
  groupUid: z.string().optional(),
  versionUid: z.string().optional(),
  versionStatus: z.string().optional(),
  /** CMS variant uid per variant short uid, as last seen (a change for the same short uid is a remap). */
  variants: z.record(z.string(), z.string()).default({}),
  remaps: z.array(variantRemapSchema).default([]),
  /** Entry variants counted on stale CMS variants (of no version): counted once, not at every run. */
  staleCounts: z.record(z.string(), z.number().int().min(0)).default({}),
  checkedAt: z.string(),
});
export type SyncRecord = z.infer<typeof syncRecordSchema>;

export interface GuardInput {
  projectUid: string;
  experienceUid: string;
  /** null when the experience no longer exists in Personalize. */
  experience: MirroredExperience | null;
  /** The groups that claim the experience (by metadata), plus the one its `_cms` link names. */
  groups: readonly GroupSnapshot[];
  /** Entry variants per CMS variant uid, for the variants `usageNeeded` asked about (absent: not counted). */
  entryVariants: Readonly<Record<string, number>>;
  previous: SyncRecord | null;
  /** ISO time of this run. */
  now: string;
  /** How long Personalize's sync may take before the experience is "sync overdue". */
  syncDeadlineMs: number;
  policy: GuardPolicy;
}

/** The only writes the guard makes: content-type links, which Personalize leaves to people. */
export type GuardOperation =
  | { op: 'link-content-types'; groupUid: string; name: string; contentTypes: string[] }
  | { op: 'unlink-content-types'; groupUid: string; name: string; contentTypes: string[] };

/** What the guard reports (stored with the experience's sync state; the experiences page reads it back). */
export const guardReportSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('sync-overdue'),
    waitingSince: z.string(),
    missing: z.union([z.literal('group'), z.array(z.string())]),
  }),
  /** The group differs from the experience in what Personalize's sync owns; reported, never repaired. */
  z.object({ kind: z.literal('group-differs'), groupUid: z.string(), differences: z.array(z.string()) }),
  /** Several groups claim the experience; `winnerUid` is the one `_cms` names (else the oldest). */
  z.object({
    kind: z.literal('duplicate-group'),
    groupUid: z.string(),
    winnerUid: z.string(),
    reason: z.enum(['cms-link', 'oldest']),
  }),
  /** `_cms` names a group that the stack does not have. */
  z.object({ kind: z.literal('cms-link-dangling'), variantGroup: z.string() }),
  z.object({
    kind: z.literal('experience-deleted'),
    groupUid: z.string(),
    action: z.enum(['kept', 'content-types-unlinked']),
  }),
  /** The CMS variant of a short uid changed; entry variants of the old one are not served until moved. */
  z.object({
    kind: z.literal('variant-remapped'),
    shortUid: z.string(),
    fromVariantUid: z.string(),
    toVariantUid: z.string(),
    entryVariants: z.number().int().nullable(),
  }),
  /** A CMS variant of no version of the experience still carries entry variants. */
  z.object({
    kind: z.literal('stale-variant'),
    groupUid: z.string(),
    variantUid: z.string(),
    shortUid: z.string().nullable(),
    entryVariants: z.number().int(),
  }),
]);
export type GuardReport = z.infer<typeof guardReportSchema>;

export interface GuardPlan {
  /** The group the experience is served from; null while Personalize has not made it, or when it is gone. */
  groupUid: string | null;
  /** CMS variant uid per variant short uid of the followed version; null until every one of them exists. */
  link: MirrorLink | null;
  operations: GuardOperation[];
  reports: GuardReport[];
  /** CMS variant uids whose entry variants must be counted before the plan is final (remaps, stale variants). */
  usageNeeded: string[];
  /** What to remember: written only after the operations succeeded. */
  record: SyncRecord;
}
