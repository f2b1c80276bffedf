/**
 * JSON rich text (Contentstack's JSON RTE) to and from the HTML the editor shows, through Contentstack's own
 * serializer (`@contentstack/json-rte-serializer`), and the check that what goes back is still a JSON RTE document.
 * The serializer gives every node a fresh uid on each conversion, so a value is converted back only after the
 * author edits it: an untouched field keeps its exact document and never shows up in the change set.
 */
import { htmlToJson, jsonToHtml } from '@contentstack/json-rte-serializer';
import { z } from 'zod';

type RteNode = {
  type?: string | undefined;
  text?: string | undefined;
  attrs?: Record<string, unknown> | undefined;
  children?: RteNode[] | undefined;
};

const node: z.ZodType<RteNode> = z.lazy(() =>
  z.looseObject({
    type: z.string().optional(),
    text: z.string().optional(),
    attrs: z.record(z.string(), z.unknown()).optional(),
    children: z.array(node).optional(),
  }),
);

/** A JSON RTE document: a `doc` root with a uid and block children. */
export const jsonRteDocSchema = z.looseObject({
  type: z.literal('doc'),
  uid: z.string().min(1),
  attrs: z.record(z.string(), z.unknown()).default({}),
  children: z.array(node),
});
export type JsonRteDoc = z.infer<typeof jsonRteDocSchema>;

/** The HTML the editor shows for a stored value (an absent or malformed value is an empty paragraph). */
export function rteToHtml(value: unknown): string {
  const doc = jsonRteDocSchema.safeParse(value);
  if (!doc.success || doc.data.children.length === 0) return '<p><br></p>';
  return jsonToHtml(doc.data);
}

/** The document for the editor's HTML, or null when the serializer does not produce a valid one. */
export function htmlToRte(html: string): JsonRteDoc | null {
  const body = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html').body;
  const parsed = jsonRteDocSchema.safeParse(htmlToJson(body));
  return parsed.success ? parsed.data : null;
}
