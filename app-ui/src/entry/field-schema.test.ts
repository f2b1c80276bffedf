import { describe, expect, it } from 'vitest';
import { readSchema } from './field-schema';

describe('field kinds the editor reads from a schema', () => {
  it.each([
    [
      { uid: 'f', data_type: 'text', multiple: true },
      { kind: 'list', item: 'text' },
    ],
    [
      { uid: 'f', data_type: 'number', multiple: true },
      { kind: 'list', item: 'number' },
    ],
    [
      { uid: 'f', data_type: 'isodate', multiple: true },
      { kind: 'list', item: 'date' },
    ],
    [
      { uid: 'f', data_type: 'text', multiple: true, display_type: 'checkbox', enum: { choices: [{ value: 'a' }] } },
      { kind: 'multiselect', choices: ['a'] },
    ],
    [
      { uid: 'f', data_type: 'reference', reference_to: ['product'], field_metadata: { ref_multiple: true } },
      { kind: 'reference', referenceTo: ['product'], multiple: true },
    ],
    [
      { uid: 'f', data_type: 'reference', reference_to: 'author', field_metadata: { ref_multiple: false } },
      { kind: 'reference', referenceTo: ['author'], multiple: false },
    ],
    [{ uid: 'f', data_type: 'json', field_metadata: { allow_json_rte: true } }, { kind: 'rte' }],
    [{ uid: 'f', data_type: 'file' }, { kind: 'json' }],
  ])('%j → %j', (raw, expected) => {
    expect(readSchema([raw])[0]).toMatchObject(expected);
  });
});
