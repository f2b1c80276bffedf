// The one error taxonomy. Every failure the engine can act on is an AppError: its `kind` says what to do, its
// `reason` says why, in a word a log, a dead letter or an API answer can carry.
//   permanent    → do not retry (the request itself is wrong: a 4xx other than 408/429, an unreadable payload, a
//                  stack that is not installed)
//   rate-limited → wait `retryAfterMs` (from Retry-After) or back off, then retry
//   transient    → retry with backoff (408, 5xx, network errors, timeouts, a lock held elsewhere)
// Calls to external services (CMA, delivery, Personalize, app platform) fail as ExternalCallError, made once by
// their adapter; internal conditions fail as a plain AppError through the constructors below. Anything else thrown
// is a defect, treated as transient (retried, then dead-lettered).

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

/** Why an internal operation failed (external calls say it with their service and status instead). */
export type AppErrorReason =
  'invalid-payload' | 'not-installed' | 'not-found' | 'conflict' | 'busy' | 'unavailable' | 'external-call';

export interface AppErrorInit {
  kind: FailureKind;
  reason: AppErrorReason;
  retryAfterMs?: number;
  cause?: unknown;
}

export class AppError extends Error {
  readonly kind: FailureKind;
  readonly reason: AppErrorReason;
  declare readonly retryAfterMs?: number;

  constructor(message: string, init: AppErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'AppError';
    this.kind = init.kind;
    this.reason = init.reason;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
  }

  get retryable(): boolean {
    return this.kind !== 'permanent';
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** A payload (job data, stored record, request) that does not match its schema: never retried. */
export function invalidPayload(what: string, detail: string): AppError {
  return new AppError(`${what}: invalid payload (${detail})`, { kind: 'permanent', reason: 'invalid-payload' });
}

/** Work for a stack (or project) the app is not installed on: never retried, the installation is gone. */
export function notInstalled(stackApiKey: string, projectUid?: string): AppError {
  const what = projectUid === undefined ? `stack ${stackApiKey}` : `stack ${stackApiKey} / project ${projectUid}`;
  return new AppError(`${what} is not installed`, { kind: 'permanent', reason: 'not-installed' });
}

/** Work that cannot be done yet because other work is still running: retried with backoff. */
export function busy(message: string): AppError {
  return new AppError(message, { kind: 'transient', reason: 'busy' });
}

/** Whether an error can never succeed on retry. Errors outside the taxonomy are not (they are retried). */
export function isPermanentError(error: unknown): boolean {
  return isAppError(error) && error.kind === 'permanent';
}

export class ExternalCallError extends AppError {
  readonly service: ExternalService;
  // `declare`: optional facts stay truly absent (not `undefined` own properties) when the call did not provide them.
  declare readonly status?: number;
  declare readonly code?: number;

  constructor(message: string, init: ExternalCallErrorInit) {
    super(message, {
      kind: init.kind,
      reason: 'external-call',
      ...(init.retryAfterMs === undefined ? {} : { retryAfterMs: init.retryAfterMs }),
      ...(init.cause === undefined ? {} : { cause: init.cause }),
    });
    this.name = 'ExternalCallError';
    this.service = init.service;
    if (init.status !== undefined) this.status = init.status;
    if (init.code !== undefined) this.code = init.code;
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
