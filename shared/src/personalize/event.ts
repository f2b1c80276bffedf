// Events are what visitors do (`POST /events` on the edge with `{eventKey, type:"EVENT"}`); metrics count them.
import { z } from 'zod';
import { uidSchema } from './common';

export const eventSchema = z.looseObject({
  uid: uidSchema,
  key: z.string().min(1),
  description: z.string().nullish(),
});
export type PersonalizeEvent = z.infer<typeof eventSchema>;
