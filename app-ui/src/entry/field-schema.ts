/**
 * Reads a content type's schema into the field kinds the variant editor knows. Multi-value text, number and date
 * fields are lists of their scalar, a multi-value select is a set of choices. Anything it cannot edit natively
 * (files, references, JSON) falls back to raw JSON, so every field stays editable.
 */
export type ScalarKind = 'text' | 'number' | 'date';

export type FieldDef =
  | { kind: 'list'; uid: string; title: string; item: ScalarKind }
  | { kind: 'multiselect'; uid: string; title: string; choices: string[] }
  | { kind: 'text'; uid: string; title: string; multiline: boolean }
  | { kind: 'number'; uid: string; title: string }
  | { kind: 'boolean'; uid: string; title: string }
  | { kind: 'select'; uid: string; title: string; choices: string[] }
  | { kind: 'date'; uid: string; title: string }
  | { kind: 'link'; uid: string; title: string }
  | { kind: 'json'; uid: string; title: string }
  | { kind: 'rte'; uid: string; title: string }
  | { kind: 'reference'; uid: string; title: string; referenceTo: string[]; multiple: boolean }
  | { kind: 'group'; uid: string; title: string; multiple: boolean; fields: FieldDef[] }
  | { kind: 'blocks'; uid: string; title: string; blocks: { uid: string; title: string; fields: FieldDef[] }[] };

type Raw = Record<string, unknown>;

const isRaw = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown, fallback: string) => (typeof v === 'string' && v.length > 0 ? v : fallback);

function readField(raw: Raw): FieldDef | null {
  const uid = raw.uid;
  if (typeof uid !== 'string') return null;
  const title = str(raw.display_name, uid);
  const meta = isRaw(raw.field_metadata) ? raw.field_metadata : {};
  const multiple = raw.multiple === true;
  switch (raw.data_type) {
    case 'group':
    case 'global_field':
      return { kind: 'group', uid, title, multiple, fields: readSchema(raw.schema) };
    case 'blocks':
      return {
        kind: 'blocks',
        uid,
        title,
        blocks: (Array.isArray(raw.blocks) ? raw.blocks : []).filter(isRaw).map((block) => ({
          uid: str(block.uid, ''),
          title: str(block.title, str(block.uid, '')),
          fields: readSchema(block.schema),
        })),
      };
    case 'text': {
      const choices = isRaw(raw.enum) && Array.isArray(raw.enum.choices) ? raw.enum.choices : null;
      if (
        raw.display_type === 'dropdown' ||
        raw.display_type === 'radio' ||
        raw.display_type === 'checkbox' ||
        choices
      ) {
        const values = (choices ?? []).filter(isRaw).map((c) => String(c.value));
        return multiple
          ? { kind: 'multiselect', uid, title, choices: values }
          : { kind: 'select', uid, title, choices: values };
      }
      if (multiple) return { kind: 'list', uid, title, item: 'text' };
      return { kind: 'text', uid, title, multiline: meta.multiline === true || meta.allow_rich_text === true };
    }
    case 'number':
      return multiple ? { kind: 'list', uid, title, item: 'number' } : { kind: 'number', uid, title };
    case 'boolean':
      return { kind: 'boolean', uid, title };
    case 'isodate':
      return multiple ? { kind: 'list', uid, title, item: 'date' } : { kind: 'date', uid, title };
    case 'link':
      return multiple ? { kind: 'json', uid, title } : { kind: 'link', uid, title };
    case 'reference': {
      const to = Array.isArray(raw.reference_to) ? raw.reference_to : [raw.reference_to];
      const referenceTo = to.filter((t): t is string => typeof t === 'string' && t.length > 0);
      // `ref_multiple` is the CMA's flag for "more than one entry"; older schemas only set `multiple`.
      const many = meta.ref_multiple === true || (meta.ref_multiple === undefined && multiple);
      return { kind: 'reference', uid, title, referenceTo, multiple: many };
    }
    case 'json':
      // A JSON RTE field (one document; a multiple one stays JSON) is edited as formatted text.
      return meta.allow_json_rte === true && !multiple ? { kind: 'rte', uid, title } : { kind: 'json', uid, title };
    default:
      return { kind: 'json', uid, title };
  }
}

export function readSchema(schema: unknown): FieldDef[] {
  if (!Array.isArray(schema)) return [];
  return schema.filter(isRaw).flatMap((raw) => {
    const field = readField(raw);
    return field ? [field] : [];
  });
}
