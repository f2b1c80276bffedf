// What the edge API accepts, as zod schemas: headers and bodies the official edge SDK sends. Shared by the server's
// edge router and the edge worker runtime, so both refuse the same input with the same words. Every rejection names
// the failing field so a 400 tells the integrator what to fix.
import { z } from 'zod';

export const projectUidSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected a project uid');
/** User uids are issued by us (UUIDs) or set by the site (`setUserId`, e.g. a customer id or e-mail). */
export const userUidSchema = z.string().regex(/^[\x21-\x7e]{1,256}$/, 'expected 1–256 printable ASCII characters');

const attributeKeySchema = z.string().regex(/^[A-Za-z0-9_.-]{1,128}$/, 'expected an attribute key');
const scalar = z.union([z.string().max(2048), z.number(), z.boolean()]);
/** Attributes are flat: scalars, lists of scalars, or null to forget one. */
export const attributeValueSchema = z.union([scalar, z.null(), z.array(scalar).max(100)]);
export const userAttributesSchema = z
  .record(attributeKeySchema, attributeValueSchema)
  .refine((a) => Object.keys(a).length <= 100, 'at most 100 attributes per request');
export type UserAttributes = z.infer<typeof userAttributesSchema>;
/** X-Live-Attributes: evaluated for this request only; Lytics audiences may arrive as a list under a reserved key. */
export const liveAttributesSchema = z.record(z.string().min(1).max(128), z.unknown());

export const mergeBodySchema = z.object({ sourceUserUid: userUidSchema, targetUserUid: userUidSchema });

const shortUid = z.string().regex(/^(0|[1-9]\d*)$/, 'expected a short uid such as "0"');
export const ingestEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('IMPRESSION'), experienceShortUid: shortUid, variantShortUid: shortUid }),
  z.object({
    type: z.literal('EVENT'),
    eventKey: z.string().regex(/^[A-Za-z0-9_.:-]{1,128}$/, 'expected an event key'),
  }),
]);
export const ingestEventsSchema = z.array(ingestEventSchema).min(1).max(100);
export type IngestEvent = z.infer<typeof ingestEventSchema>;

/** `{reason, field}` for the first issue: what a 400 body says. */
export function describeEdgeIssue(error: z.ZodError, root: string): { reason: string; field: string } {
  const issue = error.issues[0];
  const path = [root, ...(issue?.path ?? []).map(String)].join('.');
  return { field: path, reason: `${path}: ${issue?.message ?? 'invalid'}` };
}
