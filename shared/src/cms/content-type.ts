// The subset of a content type's schema we rely on: field uids, data types, `multiple`, and the nesting of groups
// (`schema`), global fields (`schema`) and modular blocks (`blocks[].schema`). Everything else is kept as is.
import { z } from 'zod';

const uid = z.string().min(1, 'expected a non-empty uid');

export interface ContentTypeBlock {
  uid: string;
  title?: string | undefined;
  schema?: ContentTypeField[] | undefined;
  [extra: string]: unknown;
}

export interface ContentTypeField {
  uid: string;
  /** text, number, isodate, boolean, file, link, reference, json, group, blocks, global_field, taxonomy, ... */
  data_type: string;
  display_name?: string | undefined;
  multiple?: boolean | undefined;
  mandatory?: boolean | undefined;
  /** Nested fields of a `group` or `global_field`. */
  schema?: ContentTypeField[] | undefined;
  /** Block types of a `blocks` (modular blocks) field. */
  blocks?: ContentTypeBlock[] | undefined;
  [extra: string]: unknown;
}

const blockObject = z.looseObject({
  uid,
  title: z.string().optional(),
  get schema(): z.ZodOptional<z.ZodArray<typeof fieldObject>> {
    return z.array(fieldObject).optional();
  },
});

const fieldObject = z
  .looseObject({
    uid,
    data_type: z.string().min(1),
    display_name: z.string().optional(),
    multiple: z.boolean().optional(),
    mandatory: z.boolean().optional(),
    get schema(): z.ZodOptional<z.ZodArray<typeof fieldObject>> {
      return z.array(fieldObject).optional();
    },
    get blocks(): z.ZodOptional<z.ZodArray<typeof blockObject>> {
      return z.array(blockObject).optional();
    },
  })
  .superRefine((field, ctx) => {
    // Our change-set and merge helpers walk nested structures through these keys; without them they cannot.
    if (field.data_type === 'group' && field.schema === undefined) {
      ctx.addIssue({ code: 'custom', path: ['schema'], message: 'a group field needs its nested schema' });
    }
    if (field.data_type === 'blocks' && field.blocks === undefined) {
      ctx.addIssue({ code: 'custom', path: ['blocks'], message: 'a modular blocks field needs its block types' });
    }
  });

export const contentTypeFieldSchema: z.ZodType<ContentTypeField> = fieldObject;
export const contentTypeBlockSchema: z.ZodType<ContentTypeBlock> = blockObject;

export const contentTypeSchema = z.looseObject({
  uid,
  title: z.string().min(1),
  schema: z.array(fieldObject),
});
export type ContentType = z.infer<typeof contentTypeSchema>;
