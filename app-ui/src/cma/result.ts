/** Results with reasons at every boundary: the UI shows `reason` as the server (or CMA) phrased it. */
export type Result<T> = { ok: true; value: T } | { ok: false; reason: string; status?: number };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

export function fail<T>(reason: string, status?: number): Result<T> {
  return status === undefined ? { ok: false, reason } : { ok: false, reason, status };
}
