import type { QueryParameters } from './context';

function decode(part: string): string {
  const spaced = part.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    // A malformed escape (e.g. "%E0%A4%A") is kept verbatim rather than dropping the parameter.
    return spaced;
  }
}

/** Parses a query string ("?a=1&b=2", "a=1", or ""), or the query of a full URL, into QueryParameters. */
export function parseQueryParameters(queryOrUrl: string): QueryParameters {
  const questionMark = queryOrUrl.indexOf('?');
  let query = questionMark >= 0 ? queryOrUrl.slice(questionMark + 1) : queryOrUrl.includes('://') ? '' : queryOrUrl;
  const hash = query.indexOf('#');
  if (hash >= 0) query = query.slice(0, hash);
  const pairs = new Set<string>();
  const keys = new Set<string>();
  const values: Record<string, string> = {};
  const decodedParts: string[] = [];
  for (const part of query.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = decode(eq >= 0 ? part.slice(0, eq) : part);
    const value = eq >= 0 ? decode(part.slice(eq + 1)) : '';
    if (key === '') continue;
    if (!Object.hasOwn(values, key)) values[key] = value;
    pairs.add(`${key}=${value}`.toLowerCase());
    keys.add(key.toLowerCase());
    decodedParts.push(`${key}=${value}`);
  }
  return { search: decodedParts.join('&').toLowerCase(), pairs, keys, values };
}
