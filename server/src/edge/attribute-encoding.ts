// How a visitor's attributes are laid out in Redis, as pure functions (the store, user-attributes.ts, does the I/O).
//
// Memory per visitor is decided by jemalloc's size classes (…, 48, 64, 80, 96 bytes): a value of at most 44 bytes is
// stored with its object header in one 64-byte allocation (Redis' embstr), and a key whose sds (3 header bytes +
// the key + a terminator) fits 64 bytes takes one 64-byte allocation. So the value names no attribute: it is a JSON
// array by position, the i-th element being the value of the project's i-th attribute name, and the names live once
// per project in a dictionary (attribute-dictionary.ts). And the uids our edge API issues (random UUIDs) go into the
// key as 16 raw bytes instead of 36 characters.
type Scalar = string | number | boolean;

/** An attribute's value as the edge API accepts it (attributeValueSchema): a scalar, a list of scalars, or null. */
export type AttributeValue = Scalar | null | readonly Scalar[];

/** A visitor's stored values by dictionary index (absent = not set). */
export type IndexedValues = Map<number, StoredValue>;

/** What a stored attribute can hold: the edge API's flat values (requests.ts), never null (null removes). */
export type StoredValue = Exclude<AttributeValue, null>;

/** The first byte of a key's user part when the uid is a canonical UUID stored as 16 bytes (see userKeyPart). */
export const UUID_MARKER = 0x00;

const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The user's part of the key. A canonical lowercase UUID (what manifest-route.ts issues) becomes the marker byte and
 * its 16 bytes; any other uid is its own text. User uids are printable ASCII (userUidSchema: 0x21–0x7e), which never
 * contains the marker, so the two forms cannot collide; an uppercase UUID is another uid and stays text.
 */
export function userKeyPart(userUid: string): Buffer {
  if (!CANONICAL_UUID.test(userUid)) return Buffer.from(userUid, 'latin1');
  const part = Buffer.alloc(17);
  part[0] = UUID_MARKER;
  part.write(userUid.replaceAll('-', ''), 1, 'hex');
  return part;
}

function isScalar(value: unknown): value is Scalar {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

// A hand-written guard rather than a zod parse: this runs on GET /edge/manifest for every element of every returning
// visitor's value, and checks only what we wrote ourselves (the edge API validated it with zod on the way in).
function isStoredValue(value: unknown): value is StoredValue {
  return isScalar(value) || (Array.isArray(value) && value.every(isScalar));
}

function isSparseTail(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An index as text: canonical decimal, so one index has one spelling. */
export const INDEX_TEXT = /^(?:0|[1-9]\d{0,8})$/;

/**
 * Reads a stored value: `[v0, v1, …]` with null for an index not set, optionally ending in one object
 * `{"<index>": value}` for indexes beyond the positional part (values are never objects, so the tail is
 * unambiguous). Elements that are not attribute values are skipped; undefined when the text is not such an array.
 */
export function decodeValues(text: string): IndexedValues | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed)) return undefined;
  const values: IndexedValues = new Map();
  const elements: unknown[] = parsed;
  const last = elements.at(-1);
  const positional = isSparseTail(last) ? elements.length - 1 : elements.length;
  for (let i = 0; i < positional; i++) {
    const value = elements[i];
    if (isStoredValue(value)) values.set(i, value);
  }
  if (isSparseTail(last)) {
    for (const [index, value] of Object.entries(last)) {
      if (INDEX_TEXT.test(index) && isStoredValue(value)) values.set(Number(index), value);
    }
  }
  return values;
}

/**
 * The shortest text of the form decodeValues reads: values up to some index by position (gaps as null), the rest,
 * if any, in the sparse tail. A project with many attribute names whose visitors each set a few far-apart ones
 * would otherwise store long runs of nulls. Null when nothing is set (the key is then deleted).
 */
export function encodeValues(values: ReadonlyMap<number, StoredValue>): string | null {
  if (values.size === 0) return null;
  const entries = [...values.entries()]
    .sort(([a], [b]) => a - b)
    .map(([index, value]) => {
      const text = JSON.stringify(value);
      return { index, text, sparseCost: String(index).length + 4 + text.length };
    });
  // Lengths in UTF-16 units: they only choose between two readable forms, so a multi-byte character cannot make the
  // result wrong, at worst a few bytes longer.
  let sparseAfter = entries.reduce((sum, entry) => sum + entry.sparseCost, 0);
  let best = { cut: 0, cost: 2 + sparseAfter };
  let dense = 0;
  entries.forEach((entry, j) => {
    dense += entry.text.length;
    sparseAfter -= entry.sparseCost;
    // Positions 0…index: a comma each, and "null" in each of the index − j gaps.
    const cost = dense + entry.index + 1 + 4 * (entry.index - j) + (j + 1 < entries.length ? 2 + sparseAfter : 0);
    if (cost <= best.cost) best = { cut: j + 1, cost };
  });
  const elements: string[] = [];
  for (const entry of entries.slice(0, best.cut)) {
    while (elements.length < entry.index) elements.push('null');
    elements.push(entry.text);
  }
  const tail = entries.slice(best.cut).map((entry) => `"${entry.index}":${entry.text}`);
  if (tail.length > 0) elements.push(`{${tail.join(',')}}`);
  return `[${elements.join(',')}]`;
}
