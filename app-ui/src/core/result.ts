/**
 * The domain's Result (`@pb/shared` core/result) as the UI's ports return it: a failure's `reason` is shown as
 * the server (or CMA) phrased it, and a failure from an HTTP call also keeps the status it came with (the sidebar
 * tells a missing endpoint, 404 / 405, from a refusal).
 */
import type { Failure } from '@pb/shared/core/result';
import { ok as domainOk } from '@pb/shared/core/result';

export type Result<T> = { ok: true; value: T } | (Failure & { status?: number });

export const ok = <T>(value: T): Result<T> => domainOk(value);

export function fail<T>(reason: string, status?: number): Result<T> {
  return status === undefined ? { ok: false, reason } : { ok: false, reason, status };
}
