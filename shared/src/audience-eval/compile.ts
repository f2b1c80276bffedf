// Audience rules compiled once per version into plain predicates. Option values are parsed and lower-cased and every
// comparison closure is built at compile time, so evaluating string, number, boolean and time conditions creates no
// closures or objects (lower-casing an attribute that is not already lower case is the one string it may make).
//
// Semantics (each pinned by shared/cases/audience-eval/*.json):
//  1. A rule whose attribute is missing (absent, undefined or null) does not match — and inverting it does not make
//     it match. "NOT country = DE" should not capture visitors whose country we do not know: an audience describes
//     people we know something about, and geo/UA data is routinely absent (bots, privacy proxies, local dev). The one
//     exception is HAS_ANY_VALUE, which is about presence itself: missing → false, so inverted → true. That is how an
//     author targets the unknown explicitly ("country has no value").
//  2. A value of the wrong type for its condition (NUMBER_* on "abc", IS_TRUE on 7, times on "soon") is a type
//     mismatch, treated like a missing attribute: no match either way.
//  3. Text conditions (STRING_EQUALS, CONTAINS_SUBSTRING, IS_MEMBER_OF) ignore case: authors type "mobile", "US",
//     "Berlin" by hand and header values vary in case. Numbers and booleans compare by their JSON text there.
//  4. An empty RuleCombination (AND or OR) places no restriction: it matches everyone.
//  5. Time windows are half-open: BEFORE t < value, AFTER t > value, BETWEEN from ≤ t < to.
//  6. A rule whose options do not fit its condition (the schema rejects these; we still guard) never matches.
import type { MatchOptions, Rule, RuleCombination, RuleNode } from '../personalize/audience';
import type { EvaluationContext, QueryParameters } from './context';
import { asBoolean, asNumber, asText, asTime, isNotFound, isPresent, jsonAt, jsonEquals } from './values';

const NO_MATCH = 0;
const MATCH = 1;
const MISSING = 2;
const MISMATCH = 3;
const INVALID = 4;
type Outcome = typeof NO_MATCH | typeof MATCH | typeof MISSING | typeof MISMATCH | typeof INVALID;

export type RuleOutcome = 'match' | 'no-match' | 'missing-attribute' | 'type-mismatch' | 'invalid-rule';
const OUTCOME_NAMES: readonly RuleOutcome[] = [
  'no-match',
  'match',
  'missing-attribute',
  'type-mismatch',
  'invalid-rule',
];

export type AudiencePredicate = (ctx: EvaluationContext) => boolean;

export interface CompileOptions {
  /**
   * Custom attribute references carry the attribute's uid, while visitors' values are keyed by the attribute's key.
   * Resolves one to the other; when absent or when it returns undefined, the ref itself is used as the key.
   */
  readonly customAttributeKey?: (attributeUid: string) => string | undefined;
}

type ValueTest = (value: unknown) => Outcome;
type QueryTest = (query: QueryParameters) => Outcome;

const always =
  (outcome: Outcome): ValueTest =>
  () =>
    outcome;

function optionsOf<T extends MatchOptions['__type']>(
  rule: Rule,
  type: T,
): Extract<MatchOptions, { __type: T }> | undefined {
  const options = rule.attributeMatchOptions;
  return options?.__type === type ? (options as Extract<MatchOptions, { __type: T }>) : undefined;
}

function textTest(value: unknown, test: (lower: string) => boolean): Outcome {
  const text = asText(value);
  if (text === null) return MISMATCH;
  return test(text.toLowerCase()) ? MATCH : NO_MATCH;
}

function parseJsonAttribute(value: unknown): { ok: boolean; value: unknown } {
  if (typeof value !== 'string') return { ok: true, value };
  try {
    return { ok: true, value: JSON.parse(value) as unknown };
  } catch {
    return { ok: false, value: undefined };
  }
}

function timeTest(value: unknown, test: (t: number) => boolean): Outcome {
  const t = asTime(value);
  if (t === null) return MISMATCH;
  return test(t) ? MATCH : NO_MATCH;
}

function numberTest(value: unknown, test: (n: number) => boolean): Outcome {
  const n = asNumber(value);
  if (n === null) return MISMATCH;
  return test(n) ? MATCH : NO_MATCH;
}

function parseInstant(iso: string | undefined): number | null {
  if (iso === undefined) return null;
  const t = Date.parse(iso);
  return Number.isFinite(t) ? t : null;
}

/** The test for a present value of a custom or scalar preset attribute. */
function compileValueTest(rule: Rule): ValueTest {
  switch (rule.attributeMatchCondition) {
    case 'STRING_EQUALS': {
      const options = optionsOf(rule, 'StringMatchOptions');
      if (options === undefined) return always(INVALID);
      const expected = options.value.toLowerCase();
      const equals = (t: string) => t === expected;
      return (v) => textTest(v, equals);
    }
    case 'CONTAINS_SUBSTRING': {
      const options = optionsOf(rule, 'StringMatchOptions');
      if (options === undefined) return always(INVALID);
      const needle = options.value.toLowerCase();
      const contains = (t: string) => t.includes(needle);
      return (v) => textTest(v, contains);
    }
    case 'HAS_ANY_VALUE':
      return (v) => (isPresent(v) ? MATCH : NO_MATCH);
    case 'IS_TRUE':
    case 'IS_FALSE': {
      const wanted = rule.attributeMatchCondition === 'IS_TRUE';
      return (v) => {
        const b = asBoolean(v);
        if (b === null) return MISMATCH;
        return b === wanted ? MATCH : NO_MATCH;
      };
    }
    case 'NUMBER_LESS_THAN':
    case 'NUMBER_GREATER_THAN':
    case 'NUMBER_EQUAL_TO': {
      const options = optionsOf(rule, 'NumberMatchOptions');
      if (options === undefined || !Number.isFinite(options.value)) return always(INVALID);
      const bound = options.value;
      const compare =
        rule.attributeMatchCondition === 'NUMBER_LESS_THAN'
          ? (n: number) => n < bound
          : rule.attributeMatchCondition === 'NUMBER_GREATER_THAN'
            ? (n: number) => n > bound
            : (n: number) => n === bound;
      return (v) => numberTest(v, compare);
    }
    case 'JSON_MATCH': {
      const options = optionsOf(rule, 'JsonMatchOptions');
      if (options === undefined) return always(INVALID);
      const path = options.path === undefined || options.path === '' ? [] : options.path.split('.');
      const expected: unknown = options.value;
      return (v) => {
        const parsed = parseJsonAttribute(v);
        if (!parsed.ok) return MISMATCH;
        const part = jsonAt(parsed.value, path);
        return !isNotFound(part) && jsonEquals(part, expected) ? MATCH : NO_MATCH;
      };
    }
    case 'IS_MEMBER_OF': {
      const options = optionsOf(rule, 'MemberMatchOptions');
      if (options === undefined) return always(INVALID);
      const members = new Set(options.values.map((m) => m.toLowerCase()));
      const isMember = (t: string) => members.has(t);
      return (v) => {
        // A list-valued attribute (e.g. segments: ["vip", "beta"]) is a member when any of its items is.
        if (Array.isArray(v)) {
          for (const item of v) {
            const text = asText(item);
            if (text !== null && members.has(text.toLowerCase())) return MATCH;
          }
          return NO_MATCH;
        }
        return textTest(v, isMember);
      };
    }
    case 'BEFORE_TIME':
    case 'AFTER_TIME': {
      const bound = parseInstant(optionsOf(rule, 'TimeMatchOptions')?.value);
      if (bound === null) return always(INVALID);
      const compare =
        rule.attributeMatchCondition === 'BEFORE_TIME' ? (t: number) => t < bound : (t: number) => t > bound;
      return (v) => timeTest(v, compare);
    }
    case 'BETWEEN_TIME': {
      const options = optionsOf(rule, 'TimeMatchOptions');
      const from = parseInstant(options?.from);
      const to = parseInstant(options?.to);
      if (from === null || to === null) return always(INVALID);
      const inWindow = (t: number) => from <= t && t < to;
      return (v) => timeTest(v, inWindow);
    }
  }
}

/**
 * QUERY_PARAMETERS is a set of "key=value" pairs rather than one value (our documented reading; Contentstack does
 * not publish it): STRING_EQUALS "utm_source=google" matches that pair, STRING_EQUALS "preview" matches a parameter
 * of that name with any value; CONTAINS_SUBSTRING searches the decoded query; IS_MEMBER_OF matches when any listed
 * pair or name is present; JSON_MATCH reads one parameter by name (`path`) or the whole set as an object.
 */
function compileQueryTest(rule: Rule): QueryTest {
  const equalsOne = (lower: string) =>
    lower.includes('=') ? (q: QueryParameters) => q.pairs.has(lower) : (q: QueryParameters) => q.keys.has(lower);
  switch (rule.attributeMatchCondition) {
    case 'STRING_EQUALS': {
      const options = optionsOf(rule, 'StringMatchOptions');
      if (options === undefined) return () => INVALID;
      const test = equalsOne(options.value.toLowerCase());
      return (q) => (test(q) ? MATCH : NO_MATCH);
    }
    case 'CONTAINS_SUBSTRING': {
      const options = optionsOf(rule, 'StringMatchOptions');
      if (options === undefined) return () => INVALID;
      const needle = options.value.toLowerCase();
      return (q) => (q.search.includes(needle) ? MATCH : NO_MATCH);
    }
    case 'HAS_ANY_VALUE':
      return (q) => (q.pairs.size > 0 ? MATCH : NO_MATCH);
    case 'IS_MEMBER_OF': {
      const options = optionsOf(rule, 'MemberMatchOptions');
      if (options === undefined) return () => INVALID;
      const tests = options.values.map((m) => equalsOne(m.toLowerCase()));
      return (q) => {
        for (const test of tests) if (test(q)) return MATCH;
        return NO_MATCH;
      };
    }
    case 'JSON_MATCH': {
      const options = optionsOf(rule, 'JsonMatchOptions');
      if (options === undefined) return () => INVALID;
      const name = options.path;
      const expected: unknown = options.value;
      if (name === undefined || name === '') return (q) => (jsonEquals(q.values, expected) ? MATCH : NO_MATCH);
      return (q) => (Object.hasOwn(q.values, name) && jsonEquals(q.values[name], expected) ? MATCH : NO_MATCH);
    }
    default:
      return () => MISMATCH;
  }
}

type RawRule = (ctx: EvaluationContext) => Outcome;

function compileRawRule(rule: Rule, options: CompileOptions): RawRule {
  const presence = rule.attributeMatchCondition === 'HAS_ANY_VALUE';
  const { attribute } = rule;
  if (attribute.__type === 'PresetAttributeReference' && attribute.ref === 'QUERY_PARAMETERS') {
    const test = compileQueryTest(rule);
    return (ctx) => {
      const q = ctx.preset.QUERY_PARAMETERS;
      if (q === undefined) return presence ? NO_MATCH : MISSING;
      return test(q);
    };
  }
  const test = compileValueTest(rule);
  if (attribute.__type === 'PresetAttributeReference') {
    const ref = attribute.ref;
    return (ctx) => {
      const value = ctx.preset[ref];
      if (value === undefined || value === null) return presence ? NO_MATCH : MISSING;
      return test(value);
    };
  }
  const key = options.customAttributeKey?.(attribute.ref) ?? attribute.ref;
  return (ctx) => {
    const custom = ctx.custom;
    const value = Object.hasOwn(custom, key) ? custom[key] : undefined;
    if (value === undefined || value === null) return presence ? NO_MATCH : MISSING;
    return test(value);
  };
}

function compileRule(rule: Rule, options: CompileOptions): AudiencePredicate {
  const raw = compileRawRule(rule, options);
  // Rule 1: only a definite match / no-match is inverted; missing, mismatched and invalid stay non-matches.
  if (rule.invertCondition === true) return (ctx) => raw(ctx) === NO_MATCH;
  return (ctx) => raw(ctx) === MATCH;
}

function compileNode(node: RuleNode, options: CompileOptions): AudiencePredicate {
  return node.__type === 'Rule' ? compileRule(node, options) : compileRuleCombination(node, options);
}

/** Compiles an audience definition (or any nested combination) into a predicate. */
export function compileRuleCombination(combination: RuleCombination, options: CompileOptions = {}): AudiencePredicate {
  const children = combination.rules.map((child) => compileNode(child, options));
  const count = children.length;
  if (count === 0) return () => true; // rule 4
  if (count === 1) return children[0] ?? (() => true);
  if (combination.combinationType === 'AND') {
    return (ctx) => {
      for (let i = 0; i < count; i++) if (!(children[i] as AudiencePredicate)(ctx)) return false;
      return true;
    };
  }
  return (ctx) => {
    for (let i = 0; i < count; i++) if ((children[i] as AudiencePredicate)(ctx)) return true;
    return false;
  };
}

/**
 * Why one rule did or did not match (after inversion): for previews and debugging, not the hot path.
 * 'match' / 'no-match' are final; the other outcomes always mean "does not match".
 */
export function explainRule(rule: Rule, ctx: EvaluationContext, options: CompileOptions = {}): RuleOutcome {
  const outcome = compileRawRule(rule, options)(ctx);
  if (rule.invertCondition === true && (outcome === MATCH || outcome === NO_MATCH)) {
    return outcome === MATCH ? 'no-match' : 'match';
  }
  return OUTCOME_NAMES[outcome] ?? 'invalid-rule';
}
