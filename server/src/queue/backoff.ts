// How long a failed job waits before its next attempt. One policy for every queue (the taxonomy in
// shared/src/core/errors.ts): a server that said how long to wait (Retry-After) is obeyed, plus a little jitter so
// workers do not return together; otherwise exponential backoff with "equal jitter" (half fixed, half random).
import { isAppError } from '@pb/shared';

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
  if (isAppError(error) && error.retryAfterMs !== undefined) {
    return error.retryAfterMs + Math.floor(random() * Math.min(1000, policy.baseMs));
  }
  const exponential = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attemptsMade - 1));
  return Math.floor(exponential / 2 + random() * (exponential / 2));
}
