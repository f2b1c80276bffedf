/**
 * Small HTTP helpers shared by the admin routes of the app platform and the webhook dispatcher.
 * Admin errors use the CMA's shape (`{error_message, error_code, errors:{<field path>:[...]}}`) like the rest of
 * `/_sandbox`, so one test helper reads all.
 */
import express from 'express';
import type { ErrorRequestHandler, Response } from 'express';
import type { z } from 'zod';

/** CMA-style codes: 100 malformed body, 119 validation, 141 not found, 109 unknown stack. */
const ERROR_CODES: Record<number, number> = { 400: 100, 404: 141, 412: 109, 422: 119 };

export function adminError(
  res: Response,
  status: number,
  message: string,
  errors: Record<string, string[]> = {},
): void {
  res.status(status).json({ error_message: message, error_code: ERROR_CODES[status] ?? status, errors });
}

/** Maps zod issues to `{ "a.b.0": ["message"] }` so the failing field path is named. */
export function fieldErrors(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.') || '(body)';
    (out[path] ??= []).push(issue.message);
  }
  return out;
}

/** A JSON body parser that skips bodies already parsed upstream. */
export const jsonBody = express.json({ limit: '1mb' });

/** Malformed JSON → 400 in the admin error shape (and no state change, since no handler ran). */
export const adminJsonErrors: ErrorRequestHandler = (err: unknown, _req, res, next) => {
  if (isBodyParseError(err)) {
    adminError(res, 400, 'Request body is not valid JSON.', { body: ['is not valid JSON.'] });
    return;
  }
  next(err);
};

export function isBodyParseError(err: unknown): boolean {
  return (
    typeof err === 'object' &&
    err !== null &&
    'type' in err &&
    (err.type === 'entity.parse.failed' || err.type === 'entity.too.large' || err.type === 'encoding.unsupported')
  );
}
