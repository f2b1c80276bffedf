// One way to run a zod schema at a boundary. Failures keep every issue with a readable field path
// (`variants[0].trafficDistribution`) so logs and API answers name exactly what was wrong, never the payload itself.
import type { z } from 'zod';

export interface ValidationIssue {
  /** Dotted path with array indices in brackets, e.g. `variants[0].trafficDistribution`; `(root)` for the input. */
  path: string;
  message: string;
}

export type ParseResult<T> =
  { ok: true; value: T } | { ok: false; reason: 'invalid'; detail: string; issues: ValidationIssue[] };

/** Formats a zod path (`['variants', 0, 'trafficDistribution']`) as `variants[0].trafficDistribution`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else {
      const name = typeof key === 'symbol' ? key.toString() : key;
      out += out === '' ? name : `.${name}`;
    }
  }
  return out === '' ? '(root)' : out;
}

/** Zod issues as path + message pairs; "Invalid input: expected number, received string" → "expected number, ...". */
export function toIssues(error: z.ZodError): ValidationIssue[] {
  return error.issues.map((issue) => ({
    path: formatPath(issue.path),
    message: issue.message.replace(/^Invalid input: (?=\S)/, ''),
  }));
}

/** `variants[0].trafficDistribution: expected number; name: required` — one line, safe to log. */
export function describeIssues(issues: readonly ValidationIssue[]): string {
  return issues.map((i) => `${i.path}: ${i.message}`).join('; ');
}

export function parseWith<S extends z.ZodType>(schema: S, input: unknown): ParseResult<z.infer<S>> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues = toIssues(parsed.error);
  return { ok: false, reason: 'invalid', detail: describeIssues(issues), issues };
}
