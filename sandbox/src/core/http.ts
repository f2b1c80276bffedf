/**
 * Express plumbing shared by every router: JSON bodies that fail like the real CMA (400, no state
 * change), zod validation that names the failing field path, and one error handler for CmaError.
 */
import express from 'express';
import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express';
import type { z } from 'zod';
import { apiErrors, CmaError } from './errors';
import type { FieldErrors } from './errors';

/** Parses JSON bodies of any content type the SDKs send; a syntax error becomes the CMA's 400. */
export const jsonBody = (): RequestHandler => {
  const parse = express.json({ limit: '5mb', type: () => true });
  return (req, res, next) => {
    // Multipart bodies (content-type import) are left unread for the route that takes them apart.
    const multipart = (req.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/form-data');
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'DELETE' || multipart) {
      next();
      return;
    }
    parse(req, res, (err?: unknown) => {
      if (err !== undefined && err !== null) {
        next(apiErrors.malformedJson());
        return;
      }
      next();
    });
  };
};

export type AsyncHandler = (req: Request, res: Response) => Promise<void> | void;

/** Express 5 forwards rejected promises itself; this only keeps handler signatures uniform. */
export const handle =
  (fn: AsyncHandler): RequestHandler =>
  (req: Request, res: Response, next: NextFunction) => {
    Promise.resolve()
      .then(() => fn(req, res))
      .catch(next);
  };

/** Flattens zod issues to `{ "a.b": ["message"] }` — the CMA's `errors` shape. */
export const fieldErrors = (error: z.ZodError): FieldErrors => {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length === 0 ? 'body' : issue.path.map(String).join('.');
    (out[key] ??= []).push(issue.message);
  }
  return out;
};

export const validate = <T extends z.ZodType>(
  schema: T,
  value: unknown,
  message: string,
  code?: number,
): z.infer<T> => {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw apiErrors.validation(message, fieldErrors(parsed.error), code);
  return parsed.data;
};

export const sendError = (res: Response, err: CmaError): void => {
  for (const [name, value] of Object.entries(err.headers)) res.setHeader(name, value);
  res.status(err.status).json(err.body);
};

export const errorHandler = (): ErrorRequestHandler => (err: unknown, _req, res, next) => {
  if (res.headersSent) {
    next(err);
    return;
  }
  if (err instanceof CmaError) {
    sendError(res, err);
    return;
  }
  res.status(500).json({ error_message: 'Internal sandbox error.', error_code: 500, errors: {} });
};

export const notFound = (): RequestHandler => (req, res) => {
  sendError(res, apiErrors.notFoundRoute(req.method, req.path));
};

/** One header value as a string (Express types allow arrays for repeated headers). */
export const header = (req: Request, name: string): string | undefined => {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
};

export const queryString = (req: Request, name: string): string | undefined => {
  const value: unknown = req.query[name];
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return undefined;
};

export const queryFlag = (req: Request, name: string): boolean => queryString(req, name) === 'true';

/** `skip`/`limit` as the CMA reads them: non-negative integers, limit capped at 100. */
export const paging = (req: Request, defaultLimit = 100): { skip: number; limit: number } => {
  const toInt = (name: string, fallback: number): number => {
    const raw = queryString(req, name);
    const n = raw === undefined ? fallback : Number(raw);
    if (!Number.isInteger(n) || n < 0) {
      throw apiErrors.validation('Invalid query parameters.', { [name]: ['is not valid.'] }, 141);
    }
    return n;
  };
  return { skip: toInt('skip', 0), limit: Math.min(toInt('limit', defaultLimit), 100) };
};
