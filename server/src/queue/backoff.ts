// How long a failed job waits before its next attempt. One policy for every queue (the taxonomy in
// shared/src/core/errors.ts): a server that said how long to wait (Retry-After) is obeyed, plus a little jitter so
// workers do not return together; otherwise exponential backoff with "equal jitter" (half fixed, half random).
import { isExternalCallError } from '@pb/shared';

export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

export function retryDelayMs(
  attemptsMade: number,
  error: unknown,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  if (isExternalCallError(error) && error.retryAfterMs !== undefined) {
    return error.retryAfterMs + Math.floor(random() * Math.min(1000, policy.baseMs));
  }
  const exponential = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attemptsMade - 1));
  return Math.floor(exponential / 2 + random() * (exponential / 2));
}

/** Whether an error can never succeed on retry (a 4xx other than 408/429, or a payload we cannot read). */
export function isPermanent(error: unknown): boolean {
  return isExternalCallError(error) ? error.kind === 'permanent' : false;
}
