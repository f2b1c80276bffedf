// Results with reasons at boundaries: a caller branches on `reason` (a small closed union of strings) instead of
// catching exceptions, and `detail` carries a human-readable explanation that is safe to log (never a payload).

export type Result<T, R extends string = string> = { ok: true; value: T } | { ok: false; reason: R; detail?: string };

export type Failure<R extends string = string> = Extract<Result<never, R>, { ok: false }>;

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function fail<R extends string>(reason: R, detail?: string): { ok: false; reason: R; detail?: string } {
  // exactOptionalPropertyTypes: leave `detail` out rather than setting it to undefined.
  return detail === undefined ? { ok: false, reason } : { ok: false, reason, detail };
}
