// Reading the edge API's requests: each reader gives the value or the 400 answer that names the field at fault, in
// the shape the official edge SDK's server answers with ({error, reason, field}).
import type { Request, Response } from 'express';
import type { z } from 'zod';
import { describeIssues, liveAttributesSchema, projectUidSchema, userUidSchema } from './requests';

export type Outcome<T> = { ok: true; value: T } | { ok: false; status: number; body: Record<string, string> };

export function badRequest(reason: string, field: string): Outcome<never> {
  return { ok: false, status: 400, body: { error: 'personalize.BAD_REQUEST', reason, field } };
}

export function header(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : value?.[0];
}

export function projectUidOf(req: Request): Outcome<string> {
  const parsed = projectUidSchema.safeParse(header(req, 'x-project-uid'));
  if (!parsed.success) {
    const { reason } = describeIssues(parsed.error, 'headers.x-project-uid');
    return badRequest(reason, 'headers.x-project-uid');
  }
  return { ok: true, value: parsed.data };
}

/** The visitor's uid when sent. The SDK sends the literal "undefined" when it has none (a header built from an unset field). */
export function optionalUserUid(req: Request): Outcome<string | undefined> {
  const raw = header(req, 'x-cs-personalize-user-uid');
  if (raw === undefined || raw === '' || raw === 'undefined' || raw === 'null') return { ok: true, value: undefined };
  const parsed = userUidSchema.safeParse(raw);
  if (!parsed.success) {
    return badRequest(
      describeIssues(parsed.error, 'headers.x-cs-personalize-user-uid').reason,
      'headers.x-cs-personalize-user-uid',
    );
  }
  return { ok: true, value: parsed.data };
}

export function requiredUserUid(req: Request): Outcome<string> {
  const user = optionalUserUid(req);
  if (!user.ok) return user;
  return user.value === undefined
    ? badRequest('headers.x-cs-personalize-user-uid: required', 'headers.x-cs-personalize-user-uid')
    : { ok: true, value: user.value };
}

function jsonBody(req: Request): Outcome<unknown> {
  const text = typeof req.body === 'string' ? req.body : '';
  if (text.trim() === '') return badRequest('body: expected JSON', 'body');
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return badRequest('body: not valid JSON', 'body');
  }
}

export function send<T>(res: Response, outcome: Outcome<T>): outcome is Extract<Outcome<T>, { ok: false }> {
  if (outcome.ok) return false;
  res.status(outcome.status).json(outcome.body);
  return true;
}

/** A JSON body checked against `schema`. */
export function validBody<T>(req: Request, schema: z.ZodType<T>): Outcome<T> {
  const body = jsonBody(req);
  if (!body.ok) return body;
  const parsed = schema.safeParse(body.value);
  if (parsed.success) return { ok: true, value: parsed.data };
  const { reason, field } = describeIssues(parsed.error, 'body');
  return badRequest(reason, field);
}

/** Attributes the site sends with this request (`X-Live-Attributes`, JSON); none when the header is absent. */
export function liveAttributesOf(req: Request): Outcome<Record<string, unknown>> {
  const raw = header(req, 'x-live-attributes');
  if (raw === undefined || raw === '') return { ok: true, value: {} };
  let json: unknown;
  try {
    json = JSON.parse(raw) as unknown;
  } catch {
    return badRequest('headers.x-live-attributes: not valid JSON', 'headers.x-live-attributes');
  }
  const parsed = liveAttributesSchema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  return badRequest(describeIssues(parsed.error, 'headers.x-live-attributes').reason, 'headers.x-live-attributes');
}
