// Building blocks shared by the Personalize schemas.
import { z } from 'zod';

/** Server-assigned short uids are integer strings ("0", "1", "12"), never reused within an experience. */
export const shortUidSchema = z.string().regex(/^(0|[1-9]\d*)$/, 'expected an integer string such as "0" or "12"');

export const uidSchema = z.string().min(1, 'expected a non-empty uid');

export const combinationTypeSchema = z.enum(['AND', 'OR']);
export type CombinationType = z.infer<typeof combinationTypeSchema>;
