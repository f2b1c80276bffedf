// A Personalize project, connected to one stack through `connectedStackApiKey`.
import { z } from 'zod';
import { uidSchema } from './common';

export const projectSchema = z.looseObject({
  uid: uidSchema,
  name: z.string().min(1),
  description: z.string().nullish(),
  /** API key of the CMS stack this project personalizes; absent on projects not connected yet. */
  connectedStackApiKey: z.string().min(1).nullish(),
});
export type Project = z.infer<typeof projectSchema>;
