// The stored form of a visitor's attributes: values by dictionary index, the sparse tail, what a reader skips, and the
// user part of the key.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeValues, encodeValues, userKeyPart, UUID_MARKER, type StoredValue } from './attribute-encoding';
import { parseDictionary } from './attribute-dictionary';

const map = (entries: [number, StoredValue][]) => new Map(entries);

describe('encodeValues / decodeValues', () => {
  const cases: { name: string; values: [number, StoredValue][]; text: string | null }[] = [
    { name: 'nothing set', values: [], text: null },
    {
      name: 'dense values by position',
      values: [
        [0, 'gold'],
        [1, 900],
        [2, true],
        [3, 'outdoor'],
      ],
      text: '["gold",900,true,"outdoor"]',
    },
    {
      name: 'a gap as null',
      values: [
        [0, 'a'],
        [2, 'c'],
      ],
      text: '["a",null,"c"]',
    },
    {
      name: 'lists and empty lists as they are',
      values: [
        [0, []],
        [1, [1, 'x', false]],
      ],
      text: '[[],[1,"x",false]]',
    },
    { name: 'one far index in the tail', values: [[500, 'x']], text: '[{"500":"x"}]' },
    {
      name: 'positions, then the far ones in the tail',
      values: [
        [0, 1],
        [1, 2],
        [700, 3],
      ],
      text: '[1,2,{"700":3}]',
    },
    {
      name: 'inserted out of order',
      values: [
        [1, 'b'],
        [0, 'a'],
      ],
      text: '["a","b"]',
    },
  ];
  it.each(cases)('$name', ({ values, text }) => {
    expect(encodeValues(map(values))).toBe(text);
    if (text !== null) expect(decodeValues(text)).toEqual(map(values));
  });

  it('never stores more than a short form would: long runs of nulls go to the tail', () => {
    const spread = map(Array.from({ length: 10 }, (_, i): [number, StoredValue] => [i * 90, i]));
    const text = encodeValues(spread) ?? '';
    expect(text.length).toBeLessThan(100);
    expect(decodeValues(text)).toEqual(spread);
  });

  it('keeps numbers exactly (no 14-digit rounding) and strings with any character', () => {
    const values = map([
      [0, 0.30000000000000004],
      [1, 123456789012345680000],
      [2, 'quote " backslash \\ ✓ 😀'],
    ]);
    expect(decodeValues(encodeValues(values) ?? '')).toEqual(values);
  });

  it('reads as nothing what is not an array, and skips elements that are not attribute values', () => {
    expect(decodeValues('not json')).toBeUndefined();
    expect(decodeValues('{"tier":"gold"}')).toBeUndefined();
    expect(decodeValues('"gold"')).toBeUndefined();
    expect(decodeValues('[null,[{"a":1}],"ok",[1,[2]],{"3":"tail","x":1,"01":2,"4":{"no":1}}]')).toEqual(
      map([
        [2, 'ok'],
        [3, 'tail'],
      ]),
    );
  });
});

describe('userKeyPart', () => {
  it('stores a canonical lowercase UUID as the marker and its 16 bytes', () => {
    const uuid = randomUUID();
    const part = userKeyPart(uuid);
    expect(part).toHaveLength(17);
    expect(part[0]).toBe(UUID_MARKER);
    expect(part.subarray(1).toString('hex')).toBe(uuid.replaceAll('-', ''));
  });

  it('keeps any other uid as its text, so an uppercase UUID is another visitor', () => {
    const uuid = randomUUID();
    for (const uid of ['crm-000123456', 'user@example.com', uuid.toUpperCase(), uuid.replaceAll('-', ''), `${uuid}x`]) {
      expect(userKeyPart(uid)).toEqual(Buffer.from(uid));
    }
    expect(userKeyPart(uuid.toUpperCase())).not.toEqual(userKeyPart(uuid));
  });

  it('cannot give a text uid the bytes of a UUID: printable ASCII never holds the marker', () => {
    const printable = Array.from({ length: 0x7e - 0x21 + 1 }, (_, i) => String.fromCharCode(0x21 + i)).join('');
    expect(Buffer.from(printable).includes(UUID_MARKER)).toBe(false);
  });
});

describe('parseDictionary', () => {
  it('reads names and indexes and ignores its own fields and malformed indexes', () => {
    const dictionary = parseDictionary({ '#epoch': 'e1', '#next': '3', tier: '0', city: '2', bad: 'x', lead: '01' });
    expect(dictionary?.epoch).toBe('e1');
    expect([...(dictionary?.indexOf ?? [])]).toEqual([
      ['tier', 0],
      ['city', 2],
    ]);
    expect(dictionary?.nameAt.get(2)).toBe('city');
  });

  it('is null for a hash without an epoch (no dictionary)', () => {
    expect(parseDictionary({})).toBeNull();
  });
});
