/**
 * Contentstack's entry query language (the `query=<JSON>` parameter of the CDA and CMA entry lists), evaluated
 * against an entry as the API answers it (system fields included). Pure: no Express, no store.
 *
 * A query is compiled once, before any entry is looked at, so a malformed query or an operator the sandbox does not
 * implement is refused with a message naming it even when the list is empty: a silently ignored filter would answer
 * the wrong entries, which is the bug this module exists to prevent.
 */
import { isObject } from '../cma/field-paths';
import { QueryError } from './query-error';
import { candidates, leavesAt } from './values';

type Doc = Record<string, unknown>;
export type Predicate = (doc: Doc) => boolean;

/** The field operators implemented. Anything else starting with `$` is refused. */
export const SUPPORTED_FIELD_OPERATORS = [
  '$eq',
  '$ne',
  '$in',
  '$nin',
  '$lt',
  '$lte',
  '$gt',
  '$gte',
  '$exists',
  '$regex',
  '$options',
] as const;
export const SUPPORTED_LOGICAL_OPERATORS = ['$and', '$or'] as const;

/** JavaScript regex flags that mean what Contentstack's (MongoDB-style) `$options` mean. */
const REGEX_FLAGS = new Set(['i', 'm', 's']);

const isOperatorKey = (key: string): boolean => key.startsWith('$');

const unsupported = (operator: string): QueryError =>
  new QueryError(`The query operator '${operator}' is not supported by the sandbox.`, operator);

const equalValues = (a: unknown, b: unknown): boolean => {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equalValues(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => equalValues(a[k], b[k]));
  }
  return false;
};

/** Only like with like: numbers with numbers, strings (ISO dates included) with strings. */
const compare = (a: unknown, b: unknown): number | undefined => {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return undefined;
};

const matchesEqual = (leaves: unknown[], want: unknown): boolean => {
  // `{field: null}` asks for "no value", as in MongoDB, whose semantics Contentstack's query language follows.
  if (want === null) return leaves.length === 0 || leaves.some((v) => v === null);
  return candidates(leaves).some((v) => equalValues(v, want));
};

const compileRegex = (path: string, pattern: unknown, options: unknown): RegExp => {
  if (typeof pattern !== 'string') throw new QueryError(`'$regex' on '${path}' expects a string pattern.`, '$regex');
  if (options !== undefined && typeof options !== 'string') {
    throw new QueryError(`'$options' on '${path}' expects a string of flags.`, '$options');
  }
  const flags = options ?? '';
  for (const flag of flags) {
    if (!REGEX_FLAGS.has(flag)) {
      throw new QueryError(
        `The '$options' flag '${flag}' on '${path}' is not supported by the sandbox (supported: i, m, s).`,
        '$options',
      );
    }
  }
  try {
    return new RegExp(pattern, flags);
  } catch {
    throw new QueryError(`'$regex' on '${path}' is not a valid regular expression.`, '$regex');
  }
};

const listOperand = (path: string, operator: string, operand: unknown): unknown[] => {
  if (!Array.isArray(operand)) throw new QueryError(`'${operator}' on '${path}' expects an array.`, operator);
  return operand;
};

/** The predicate of one operator object on a field, e.g. `{"$gt": 100, "$lte": 300}`. */
const compileOperators = (path: string, ops: Doc): ((leaves: unknown[]) => boolean) => {
  const tests: ((leaves: unknown[]) => boolean)[] = [];
  for (const [operator, operand] of Object.entries(ops)) {
    switch (operator) {
      case '$eq':
        tests.push((leaves) => matchesEqual(leaves, operand));
        break;
      case '$ne':
        tests.push((leaves) => !matchesEqual(leaves, operand));
        break;
      case '$in': {
        const wanted = listOperand(path, operator, operand);
        tests.push((leaves) => wanted.some((w) => matchesEqual(leaves, w)));
        break;
      }
      case '$nin': {
        const unwanted = listOperand(path, operator, operand);
        tests.push((leaves) => !unwanted.some((w) => matchesEqual(leaves, w)));
        break;
      }
      case '$lt':
      case '$lte':
      case '$gt':
      case '$gte': {
        if (typeof operand !== 'number' && typeof operand !== 'string') {
          throw new QueryError(`'${operator}' on '${path}' expects a number or a string.`, operator);
        }
        const holds = (c: number): boolean =>
          operator === '$lt' ? c < 0 : operator === '$lte' ? c <= 0 : operator === '$gt' ? c > 0 : c >= 0;
        tests.push((leaves) =>
          candidates(leaves).some((v) => {
            const c = compare(v, operand);
            return c !== undefined && holds(c);
          }),
        );
        break;
      }
      case '$exists': {
        if (typeof operand !== 'boolean')
          throw new QueryError(`'$exists' on '${path}' expects true or false.`, operator);
        tests.push((leaves) => leaves.some((v) => v !== null && v !== undefined) === operand);
        break;
      }
      case '$regex': {
        const re = compileRegex(path, operand, ops['$options']);
        tests.push((leaves) => candidates(leaves).some((v) => typeof v === 'string' && re.test(v)));
        break;
      }
      case '$options':
        if (!('$regex' in ops)) throw new QueryError(`'$options' on '${path}' needs '$regex' beside it.`, operator);
        break;
      default:
        throw unsupported(operator);
    }
  }
  return (leaves) => tests.every((t) => t(leaves));
};

const compileField = (path: string, condition: unknown): Predicate => {
  if (path === '') throw new QueryError('A query names an empty field path.', 'query');
  if (isObject(condition) && Object.keys(condition).some(isOperatorKey)) {
    const keys = Object.keys(condition);
    const plain = keys.find((k) => !isOperatorKey(k));
    if (plain !== undefined) {
      throw new QueryError(`The condition on '${path}' mixes operators with the field '${plain}'.`, 'query');
    }
    for (const key of keys) {
      if ((SUPPORTED_LOGICAL_OPERATORS as readonly string[]).includes(key)) {
        throw new QueryError(`'${key}' belongs at the top of a query, not on the field '${path}'.`, key);
      }
    }
    const test = compileOperators(path, condition);
    return (doc) => test(leavesAt(doc, path));
  }
  return (doc) => matchesEqual(leavesAt(doc, path), condition);
};

const compileLogical = (operator: string, operand: unknown): Predicate => {
  if (!Array.isArray(operand) || operand.length === 0) {
    throw new QueryError(`'${operator}' expects a non-empty array of queries.`, operator);
  }
  const parts = operand.map((q) => compileQuery(q));
  return operator === '$and' ? (doc) => parts.every((p) => p(doc)) : (doc) => parts.some((p) => p(doc));
};

/** Compiles a parsed `query` object; throws QueryError for anything it cannot evaluate faithfully. */
export const compileQuery = (query: unknown): Predicate => {
  if (!isObject(query)) throw new QueryError('A query must be a JSON object.', 'query');
  const parts: Predicate[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (key === '$and' || key === '$or') parts.push(compileLogical(key, value));
    else if (isOperatorKey(key)) throw unsupported(key);
    else parts.push(compileField(key, value));
  }
  return (doc) => parts.every((p) => p(doc));
};
