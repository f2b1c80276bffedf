import { describe, expect, it } from 'vitest';
import { readSchema } from './field-schema';
import { htmlToRte, jsonRteDocSchema, rteToHtml } from './json-rte';

const doc = {
  type: 'doc',
  uid: 'd1',
  attrs: {},
  children: [
    { type: 'h2', uid: 'n1', attrs: {}, children: [{ text: 'Autumn' }] },
    {
      type: 'p',
      uid: 'n2',
      attrs: {},
      children: [{ text: 'Warm ' }, { text: 'and', bold: true }, { text: ' light', italic: true }],
    },
  ],
};

describe('JSON rich text through the serializer', () => {
  it('shows a document as HTML', () => {
    expect(rteToHtml(doc)).toBe('<h2>Autumn</h2><p>Warm <strong>and</strong><em> light</em></p>');
  });

  it('turns edited HTML with headings, marks, links and lists back into a valid document', () => {
    const back = htmlToRte(
      '<h2>Autumn</h2><p><strong>Bold</strong> <em>it</em> <a href="https://example.com/x">link</a></p><ul><li>one</li></ul><ol><li>two</li></ol>',
    );
    expect(jsonRteDocSchema.safeParse(back).success).toBe(true);
    const types = JSON.stringify(back);
    for (const piece of [
      '"type":"h2"',
      '"bold":true',
      '"italic":true',
      '"type":"a"',
      '"url":"https://example.com/x"',
      '"type":"ul"',
      '"type":"ol"',
      '"type":"li"',
    ]) {
      expect(types).toContain(piece);
    }
  });

  it('shows an empty or malformed value as one empty paragraph', () => {
    expect(rteToHtml(undefined)).toBe('<p><br></p>');
    expect(rteToHtml({ type: 'p' })).toBe('<p><br></p>');
  });

  it('reads a JSON RTE field as rich text, other JSON fields as JSON', () => {
    const fields = readSchema([
      { uid: 'body', data_type: 'json', display_name: 'Body', field_metadata: { allow_json_rte: true } },
      { uid: 'extra', data_type: 'json', display_name: 'Extra' },
    ]);
    expect(fields.map((f) => f.kind)).toEqual(['rte', 'json']);
  });
});
