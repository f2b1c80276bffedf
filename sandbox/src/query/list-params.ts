/**
 * The list parameters of Contentstack's entry lists, read from the parsed query string (Express's `extended`
 * parser, i.e. `qs`): `query`, `asc`/`desc`, `only[BASE][]`/`except[BASE][]`, `count`, `include_count`,
 * `include_branch`, `skip`, `limit`. Applied in the order the real API documents: filter, sort, count, page, project.
 * Every parameter is validated up front; what the sandbox cannot honour is refused (QueryError), never ignored.
 */
import { isObject } from '../cma/field-paths';
import { compileQuery } from './evaluate';
import type { Predicate } from './evaluate';
import { QueryError } from './query-error';
import { leavesAt } from './values';

type Doc = Record<string, unknown>;
type RawParams = Record<string, unknown>;

export interface ListOptions {
  filter: Predicate | undefined;
  sort: { path: string; direction: 1 | -1 }[];
  only: string[] | undefined;
  except: string[] | undefined;
  /** `count=true`: the answer is `{entries: <number>}`. */
  countOnly: boolean;
  includeCount: boolean;
  includeBranch: boolean;
  skip: number;
  limit: number;
}

/** The branch every sandbox stack has (branches other than `main` are not modelled). */
export const BRANCH = 'main';

const MAX_LIMIT = 100;

const single = (params: RawParams, name: string): string | undefined => {
  const value = params[name];
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.length === 1 && typeof value[0] === 'string') return value[0];
  throw new QueryError(`The parameter '${name}' must be given once, as a plain value.`, name, name);
};

const flag = (params: RawParams, name: string): boolean => single(params, name) === 'true';

const integer = (params: RawParams, name: string, fallback: number): number => {
  const raw = single(params, name);
  const n = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(n) || n < 0)
    throw new QueryError(`The parameter '${name}' must be a non-negative integer.`, name, name);
  return n;
};

const parseQuery = (params: RawParams): Predicate | undefined => {
  const raw = params['query'];
  if (raw === undefined) return undefined;
  // `query[title]=x` would reach us as an object of strings: numbers and operators lost. Refuse it.
  if (typeof raw !== 'string') throw new QueryError("The parameter 'query' must be URL-encoded JSON.", 'query');
  if (raw.trim() === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw) as unknown;
  } catch {
    throw new QueryError("The parameter 'query' is not valid JSON.", 'query');
  }
  return compileQuery(parsed);
};

const sortKey = (params: RawParams, name: 'asc' | 'desc'): string | undefined => {
  const key = single(params, name);
  if (key === '') throw new QueryError(`The parameter '${name}' names no field.`, name, name);
  return key;
};

/** `only[BASE][]=a&only[BASE][]=b` → `['a', 'b']`. Only `BASE` exists here: references are not resolved. */
const projection = (params: RawParams, name: 'only' | 'except'): string[] | undefined => {
  const raw = params[name];
  if (raw === undefined) return undefined;
  if (!isObject(raw))
    throw new QueryError(`The parameter '${name}' must be given as '${name}[BASE][]=<field>'.`, name, name);
  const paths: string[] = [];
  for (const [scope, value] of Object.entries(raw)) {
    if (scope !== 'BASE') {
      throw new QueryError(
        `'${name}[${scope}]' is not supported by the sandbox: references are not resolved, only '${name}[BASE]' is.`,
        `${name}[${scope}]`,
        name,
      );
    }
    const list = Array.isArray(value) ? value : isObject(value) ? Object.values(value) : [value];
    for (const item of list) {
      if (typeof item !== 'string' || item === '') {
        throw new QueryError(`'${name}[BASE][]' expects field uids.`, `${name}[BASE]`, name);
      }
      paths.push(item);
    }
  }
  return paths;
};

export const parseListOptions = (params: RawParams, defaultLimit = MAX_LIMIT): ListOptions => {
  // The delivery SDK's `search()` sends `typeahead`: a filter, so ignoring it would answer unfiltered lists.
  if (params['typeahead'] !== undefined) {
    throw new QueryError("Full-text search ('typeahead') is not supported by the sandbox.", 'typeahead', 'typeahead');
  }
  const asc = sortKey(params, 'asc');
  const desc = sortKey(params, 'desc');
  return {
    filter: parseQuery(params),
    // Both given: `asc` orders, `desc` breaks ties (the real API documents one key; this keeps both honoured).
    sort: [
      ...(asc === undefined ? [] : [{ path: asc, direction: 1 as const }]),
      ...(desc === undefined ? [] : [{ path: desc, direction: -1 as const }]),
    ],
    only: projection(params, 'only'),
    except: projection(params, 'except'),
    countOnly: flag(params, 'count'),
    includeCount: flag(params, 'include_count'),
    includeBranch: flag(params, 'include_branch'),
    skip: integer(params, 'skip', 0),
    limit: Math.min(integer(params, 'limit', defaultLimit), MAX_LIMIT),
  };
};

/** Missing values sort lowest, then numbers, then strings, then anything else (kept in list order). */
const rank = (v: unknown): number =>
  v === undefined || v === null ? 0 : typeof v === 'number' ? 1 : typeof v === 'string' ? 2 : 3;

const compareValues = (a: unknown, b: unknown): number => {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return 0;
};

const sortBy = (docs: Doc[], keys: ListOptions['sort']): Doc[] => {
  if (keys.length === 0) return docs;
  const first = (doc: Doc, path: string): unknown => leavesAt(doc, path)[0];
  // Array.prototype.sort is stable, so equal keys keep the list's own order.
  return [...docs].sort((a, b) => {
    for (const { path, direction } of keys) {
      const c = compareValues(first(a, path), first(b, path));
      if (c !== 0) return c * direction;
    }
    return 0;
  });
};

type PathTree = { [seg: string]: PathTree | true };

const treeOf = (paths: string[]): PathTree => {
  const root: PathTree = {};
  for (const path of paths) {
    const segs = path.split('.');
    let node = root;
    for (const [i, seg] of segs.entries()) {
      if (i === segs.length - 1) {
        node[seg] = true;
        break;
      }
      const child = node[seg];
      if (child === true) break;
      const next: PathTree = child ?? {};
      node[seg] = next;
      node = next;
    }
  }
  return root;
};

const pick = (value: unknown, tree: PathTree | true): unknown => {
  if (tree === true) return value;
  if (Array.isArray(value)) return value.map((item) => pick(item, tree));
  if (!isObject(value)) return value;
  const out: Doc = {};
  for (const [key, sub] of Object.entries(tree)) if (key in value) out[key] = pick(value[key], sub);
  return out;
};

const drop = (value: unknown, tree: PathTree): unknown => {
  if (Array.isArray(value)) return value.map((item) => drop(item, tree));
  if (!isObject(value)) return value;
  const out: Doc = { ...value };
  for (const [key, sub] of Object.entries(tree)) {
    if (!(key in out)) continue;
    if (sub === true) delete out[key];
    else out[key] = drop(out[key], sub);
  }
  return out;
};

/** `uid` is always kept: the API never answers an entry without it. */
const project = (doc: Doc, options: ListOptions): Doc => {
  let out = doc;
  if (options.only !== undefined) out = { ...(pick(out, treeOf(options.only)) as Doc), uid: doc['uid'] };
  if (options.except !== undefined) out = { ...(drop(out, treeOf(options.except)) as Doc), uid: doc['uid'] };
  return options.includeBranch ? { ...out, _branch: BRANCH } : out;
};

/** One entry answered alone (`GET …/entries/{uid}`): projections and `_branch` apply, the filter does not. */
export const presentOne = (doc: Doc, options: ListOptions): Doc => project(doc, options);

/** The JSON body of an entry list, from the entries as the API presents them. */
export const answerList = (docs: Doc[], options: ListOptions): Doc => {
  const filter = options.filter;
  const matched = filter === undefined ? docs : docs.filter((d) => filter(d));
  if (options.countOnly) return { entries: matched.length };
  const sorted = sortBy(matched, options.sort);
  return {
    entries: sorted.slice(options.skip, options.skip + options.limit).map((d) => project(d, options)),
    ...(options.includeCount ? { count: matched.length } : {}),
  };
};
