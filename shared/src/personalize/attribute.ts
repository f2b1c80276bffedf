// Attributes describe visitors. PRESET attributes are computed by Personalize from the request (see
// PRESET_ATTRIBUTES in audience.ts); CUSTOM ones are set through the edge API's `PATCH /user-attributes` by `key`.
import { z } from 'zod';
import { uidSchema } from './common';

export const attributeTypeSchema = z.enum(['PRESET', 'CUSTOM']);
export type AttributeType = z.infer<typeof attributeTypeSchema>;

export const attributeSchema = z.looseObject({
  uid: uidSchema,
  key: z.string().min(1),
  name: z.string().min(1),
  description: z.string().nullish(),
  __type: attributeTypeSchema,
});
export type Attribute = z.infer<typeof attributeSchema>;
