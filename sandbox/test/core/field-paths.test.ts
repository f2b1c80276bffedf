import { describe, expect, it } from 'vitest';
import { applyChangeSet, changeSet } from '../../src/cma/field-paths';

const base = {
  title: 'Jacket',
  details: { material: 'Nylon', care: 'Wash' },
  sections: [
    { feature: { heading: 'Dry', body: 'Taped', _metadata: { uid: 'cs1' } } },
    { spec: { label: 'Weight', value: '400 g', _metadata: { uid: 'cs2' } } },
  ],
};

describe('change-set paths', () => {
  it('names changed leaves, addressing block items by _metadata.uid', () => {
    const override = {
      title: 'Rain jacket',
      details: { material: 'Nylon', care: 'Reproof' },
      sections: [
        { feature: { heading: 'Storm-proof', body: 'Taped', _metadata: { uid: 'cs1' } } },
        { spec: { label: 'Weight', value: '400 g', _metadata: { uid: 'cs2' } } },
      ],
    };
    expect(changeSet(base, override)).toEqual(['title', 'details.care', 'sections.cs1.heading']);
  });

  it('treats a reordered or resized block list as one change of the whole field', () => {
    expect(changeSet(base, { sections: [base.sections[1], base.sections[0]] })).toEqual(['sections']);
  });

  it('applies only the listed paths, leaving other fields of the base', () => {
    const merged = applyChangeSet(
      structuredClone(base),
      { title: 'X', details: { care: 'Y' }, sections: [{ feature: { heading: 'Z', _metadata: { uid: 'cs1' } } }] },
      ['details.care', 'sections.cs1.heading'],
    );
    expect(merged).toEqual({
      title: 'Jacket',
      details: { material: 'Nylon', care: 'Y' },
      sections: [
        { feature: { heading: 'Z', body: 'Taped', _metadata: { uid: 'cs1' } } },
        { spec: { label: 'Weight', value: '400 g', _metadata: { uid: 'cs2' } } },
      ],
    });
  });

  it('skips paths whose block item is missing from the base', () => {
    const merged = applyChangeSet(
      structuredClone(base),
      { sections: [{ feature: { heading: 'Q', _metadata: { uid: 'cs9' } } }] },
      ['sections.cs9.heading'],
    );
    expect(merged).toEqual(base);
  });
});
