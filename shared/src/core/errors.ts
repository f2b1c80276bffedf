// The one error taxonomy for calls to external services (CMA, delivery, Personalize, app platform). Adapters turn
// every failed call into an ExternalCallError once; the queue layer maps `kind` to what to do:
//   permanent    → do not retry (the request itself is wrong: 4xx other than 408/429)
//   rate-limited → wait `retryAfterMs` (from Retry-After) or back off, then retry
//   transient    → retry with backoff (408, 5xx, network errors, timeouts)

export type FailureKind = 'permanent' | 'rate-limited' | 'transient';

export type ExternalService = 'cma' | 'cda' | 'personalize' | 'apps' | (string & {});

export interface ExternalCallErrorInit {
  kind: FailureKind;
  service: ExternalService;
  status?: number;
  retryAfterMs?: number;
  /** Service-specific error code, e.g. the CMA's `error_code`. */
  code?: number;
  cause?: unknown;
}

export class ExternalCallError extends Error {
  readonly kind: FailureKind;
  readonly service: ExternalService;
  // `declare`: optional facts stay truly absent (not `undefined` own properties) when the call did not provide them.
  declare readonly status?: number;
  declare readonly retryAfterMs?: number;
  declare readonly code?: number;

  constructor(message: string, init: ExternalCallErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'ExternalCallError';
    this.kind = init.kind;
    this.service = init.service;
    if (init.status !== undefined) this.status = init.status;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
    if (init.code !== undefined) this.code = init.code;
  }

  get retryable(): boolean {
    return this.kind !== 'permanent';
  }
}

export function isExternalCallError(error: unknown): error is ExternalCallError {
  return error instanceof ExternalCallError;
}

export interface HttpFailureClass {
  kind: FailureKind;
  retryAfterMs?: number;
}

/**
 * Parses a Retry-After header: delay-seconds (what Contentstack sends) or an HTTP date (RFC 9110).
 * `now` is a parameter so the function stays pure. Returns undefined for absent or unreadable values.
 */
export function parseRetryAfter(header: string | null | undefined, now: number = Date.now()): number | undefined {
  if (header == null) return undefined;
  const text = header.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/**
 * Classifies an HTTP failure. `status` undefined means no response at all (network error, timeout): transient.
 * 429 is rate-limited (with Retry-After when present); 408 and 5xx are transient; any other 4xx is permanent.
 */
export function classifyHttpFailure(
  status: number | undefined,
  retryAfterHeader?: string | null,
  now: number = Date.now(),
): HttpFailureClass {
  if (status === undefined) return { kind: 'transient' };
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(retryAfterHeader, now);
    return retryAfterMs === undefined ? { kind: 'rate-limited' } : { kind: 'rate-limited', retryAfterMs };
  }
  if (status === 408 || status >= 500) {
    // 503 may also carry Retry-After; honour it when the server offers one.
    const retryAfterMs = parseRetryAfter(retryAfterHeader, now);
    return retryAfterMs === undefined ? { kind: 'transient' } : { kind: 'transient', retryAfterMs };
  }
  return { kind: 'permanent' };
}
