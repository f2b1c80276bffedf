// The one error body of our own HTTP APIs (UI API, results, ops, webhooks): `{error, reason?, field?}`. `error` is a
// stable code a client can branch on; `reason` says why in words or a finer code; `field` names the input at fault.
// (The edge API answers in the Personalize edge API's own error format instead: its clients are the official SDKs.)
import type { Response } from 'express';
import type { z } from 'zod';
import { describeIssues, toIssues } from '@pb/shared';

export type ErrorCode =
  | 'bad-request'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'unprocessable'
  | 'rate-limited'
  | 'upstream'
  | 'unavailable'
  | 'not-implemented'
  | 'queue-unavailable';

export interface ErrorBody {
  error: ErrorCode;
  reason?: string;
  field?: string;
}

export function sendError(
  res: Response,
  status: number,
  error: ErrorCode,
  detail: { reason?: string; field?: string } = {},
): void {
  const body: ErrorBody = { error, ...detail };
  res.status(status).json(body);
}

/**
 * 400 for input that does not match its schema: every issue in `reason` (`a.b: expected string; c: required`), the
 * first one's path in `field`, prefixed with where the input was (`body`, `query`, `params`).
 */
export function sendInvalid(res: Response, error: z.ZodError, root?: string): void {
  const issues = toIssues(error).map((i) => ({
    ...i,
    path: root === undefined ? i.path : i.path === '(root)' ? root : `${root}.${i.path}`,
  }));
  sendError(res, 400, 'bad-request', {
    reason: describeIssues(issues),
    ...(issues[0] === undefined ? {} : { field: issues[0].path }),
  });
}
