/**
 * Personalize errors, in one shape:
 *   `{"statusCode": 400, "error": "Bad Request", "message": "personalize.EXPERIENCES.VERSIONS.CANNOT_UPDATE_LOCKED_VERSION",
 *     "errors"?: [{"path": "variants.0.audiences", "code": "EMPTY_ARRAY", "message": "..."}]}`
 * Why: the Personalize Management API is a NestJS service — its unmatched routes answer NestJS's
 * `{"statusCode":404,"message":"Cannot GET /...","error":"Not Found"}` — and its rule violations are reported
 * as dotted codes such as `personalize.EXPERIENCES.VERSIONS.CANNOT_UPDATE_LOCKED_VERSION` and
 * `CANNOT_MARK_VERSION_AS_DRAFT`, with field codes such as `STATUS_REQUIRED`, `VARIANTS_NOT_ARRAY`,
 * `EMPTY_ARRAY`, `NOT_VALID_ENUM`. Codes the public record does not show are ours, in the same style.
 */
import type { z } from 'zod';

export interface FieldIssue {
  path: string;
  code: string;
  message: string;
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  422: 'Unprocessable Entity',
};

export class PersonalizeError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly errors: FieldIssue[] = [],
  ) {
    super(message);
    this.name = 'PersonalizeError';
  }

  body(): Record<string, unknown> {
    return {
      statusCode: this.statusCode,
      error: REASONS[this.statusCode] ?? 'Error',
      message: this.message,
      ...(this.errors.length > 0 ? { errors: this.errors } : {}),
    };
  }
}

export const perr = {
  notLoggedIn: () => new PersonalizeError(401, "You're not allowed in here unless you're logged in."),
  forbidden: () => new PersonalizeError(403, 'Forbidden resource'),
  projectUidRequired: () =>
    new PersonalizeError(400, 'personalize.PROJECTS.PROJECT_UID_REQUIRED', [
      { path: 'headers.x-project-uid', code: 'REQUIRED', message: 'x-project-uid header is required' },
    ]),
  notFound: (entity: string) => new PersonalizeError(404, `personalize.${entity}.NOT_FOUND`),
  routeNotFound: (method: string, path: string) => new PersonalizeError(404, `Cannot ${method} ${path}`),
  malformedJson: (detail: string) => new PersonalizeError(400, detail),
  validation: (issues: FieldIssue[]) => new PersonalizeError(400, 'personalize.VALIDATION_FAILED', issues),
  rule: (code: string, issues: FieldIssue[] = []) => new PersonalizeError(400, code, issues),
  conflict: (code: string, issues: FieldIssue[] = []) => new PersonalizeError(409, code, issues),
};

/** Maps zod issues to field codes in the service's style; the path names the failing field. */
export function issuesFromZod(error: z.ZodError, input: unknown): FieldIssue[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.') || 'body';
    const missing = issue.code !== 'unrecognized_keys' && valueAt(input, issue.path) === undefined;
    return { path, code: missing ? 'REQUIRED' : zodCode(issue), message: issue.message };
  });
}

function valueAt(input: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let cur: unknown = input;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

function zodCode(issue: z.ZodError['issues'][number]): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected === 'array' ? 'NOT_ARRAY' : 'INVALID_TYPE';
    case 'invalid_value':
    case 'invalid_union':
      return 'NOT_VALID_ENUM';
    case 'too_small':
      return issue.origin === 'array' ? 'EMPTY_ARRAY' : 'TOO_SMALL';
    case 'too_big':
      return 'TOO_BIG';
    case 'unrecognized_keys':
      return 'UNKNOWN_FIELD';
    case 'invalid_format':
      return 'INVALID_FORMAT';
    default:
      return 'INVALID';
  }
}
