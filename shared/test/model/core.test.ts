// Variant aliases and HTTP failure classification, from core-cases.json; validation paths and error shapes inline.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  formatVariantAlias,
  parseVariantAlias,
  classifyHttpFailure,
  ExternalCallError,
  parseRetryAfter,
  describeIssues,
  formatPath,
  parseWith,
  fail,
  ok,
  coreCases as raw,
} from './subject';

const cases = z
  .strictObject({
    formatAlias: z.array(
      z.strictObject({
        name: z.string(),
        experienceShortUid: z.string(),
        variantShortUid: z.string(),
        alias: z.string().optional(),
        reason: z.string().optional(),
      }),
    ),
    parseAlias: z.array(
      z.strictObject({
        name: z.string(),
        alias: z.string(),
        experienceShortUid: z.string().optional(),
        variantShortUid: z.string().optional(),
        reason: z.string().optional(),
      }),
    ),
    httpFailures: z.array(
      z.strictObject({
        name: z.string(),
        status: z.number().int().nullable(),
        retryAfter: z.string().optional(),
        now: z.iso.datetime().optional(),
        kind: z.enum(['permanent', 'rate-limited', 'transient']),
        retryAfterMs: z.number().optional(),
      }),
    ),
  })
  .parse(raw);

describe('formatVariantAlias', () => {
  it.each(cases.formatAlias.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const result = formatVariantAlias(c.experienceShortUid, c.variantShortUid);
    if (c.alias !== undefined) {
      expect(result).toEqual({ ok: true, value: c.alias });
      // Formatting and parsing are inverse on valid input.
      expect(parseVariantAlias(c.alias)).toEqual({
        ok: true,
        value: { experienceShortUid: c.experienceShortUid, variantShortUid: c.variantShortUid },
      });
    } else {
      expect(result).toMatchObject({ ok: false, reason: c.reason });
    }
  });
});

describe('parseVariantAlias', () => {
  it.each(cases.parseAlias.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const result = parseVariantAlias(c.alias);
    if (c.reason === undefined) {
      expect(result).toEqual({
        ok: true,
        value: { experienceShortUid: c.experienceShortUid, variantShortUid: c.variantShortUid },
      });
    } else {
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.reason).toBe(c.reason);
        expect(result.detail).toBeTruthy();
      }
    }
  });
});

describe('classifyHttpFailure', () => {
  it.each(cases.httpFailures.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const now = c.now === undefined ? 0 : Date.parse(c.now);
    const expected = c.retryAfterMs === undefined ? { kind: c.kind } : { kind: c.kind, retryAfterMs: c.retryAfterMs };
    expect(classifyHttpFailure(c.status ?? undefined, c.retryAfter, now)).toEqual(expected);
  });

  it('parseRetryAfter ignores blank and absent headers', () => {
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('  ')).toBeUndefined();
  });
});

describe('ExternalCallError', () => {
  it('carries the classification and says whether to retry', () => {
    const error = new ExternalCallError('CMA answered 429', {
      kind: 'rate-limited',
      service: 'cma',
      status: 429,
      retryAfterMs: 1000,
      code: 429,
    });
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: 'ExternalCallError',
      kind: 'rate-limited',
      service: 'cma',
      retryAfterMs: 1000,
    });
    expect(error.retryable).toBe(true);
    expect(new ExternalCallError('bad request', { kind: 'permanent', service: 'personalize' }).retryable).toBe(false);
    expect('status' in new ExternalCallError('network', { kind: 'transient', service: 'cda' })).toBe(false);
  });
});

describe('results and validation', () => {
  it('ok and fail build the two result shapes', () => {
    expect(ok(3)).toEqual({ ok: true, value: 3 });
    expect(fail('stale-timestamp')).toEqual({ ok: false, reason: 'stale-timestamp' });
    expect(fail('stale-timestamp', 'older than 5 minutes')).toEqual({
      ok: false,
      reason: 'stale-timestamp',
      detail: 'older than 5 minutes',
    });
  });

  it('formats zod paths with dots and bracketed indices', () => {
    expect(formatPath(['variants', 0, 'trafficDistribution'])).toBe('variants[0].trafficDistribution');
    expect(formatPath([0, 'a', 1, 2])).toBe('[0].a[1][2]');
    expect(formatPath([])).toBe('(root)');
  });

  it('parseWith reports every failing field path and a one-line description', () => {
    const schema = z.object({ name: z.string(), variants: z.array(z.object({ trafficDistribution: z.number() })) });
    const result = parseWith(schema, { variants: [{ trafficDistribution: 50 }, { trafficDistribution: '50' }] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toBe('invalid');
    expect(result.issues.map((i) => i.path)).toEqual(['name', 'variants[1].trafficDistribution']);
    expect(describeIssues(result.issues)).toMatch(
      /^name: expected string, received undefined; variants\[1\]\.trafficDistribution: expected number/,
    );
  });
});
