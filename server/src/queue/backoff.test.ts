import { describe, expect, it } from 'vitest';
import { AppError, busy, ExternalCallError, invalidPayload, isPermanentError, notInstalled } from '@pb/shared';
import { retryDelayMs } from './backoff';

const policy = { baseMs: 1000, maxMs: 60_000 };

describe('retryDelayMs', () => {
  it('honours Retry-After, plus jitter below one second', () => {
    const error = new ExternalCallError('429', {
      kind: 'rate-limited',
      service: 'cma',
      status: 429,
      retryAfterMs: 1000,
    });
    expect(retryDelayMs(1, error, policy, () => 0)).toBe(1000);
    expect(retryDelayMs(1, error, policy, () => 0.999)).toBe(1999);
  });

  it('backs off exponentially with equal jitter, capped', () => {
    const transient = new ExternalCallError('503', { kind: 'transient', service: 'cma', status: 503 });
    expect(retryDelayMs(1, transient, policy, () => 0)).toBe(500);
    expect(retryDelayMs(3, transient, policy, () => 0)).toBe(2000);
    expect(retryDelayMs(3, transient, policy, () => 1)).toBe(4000);
    expect(retryDelayMs(20, transient, policy, () => 1)).toBe(60_000);
  });

  it('treats permanent failures of the taxonomy as permanent, and nothing else', () => {
    expect(isPermanentError(new ExternalCallError('404', { kind: 'permanent', service: 'cma', status: 404 }))).toBe(
      true,
    );
    expect(isPermanentError(notInstalled('blt1', 'p1'))).toBe(true);
    expect(isPermanentError(invalidPayload('mirror job 1', 'projectUid: required'))).toBe(true);
    expect(isPermanentError(new ExternalCallError('429', { kind: 'rate-limited', service: 'cma', status: 429 }))).toBe(
      false,
    );
    expect(isPermanentError(busy('2 jobs of the stack still running'))).toBe(false);
    expect(isPermanentError(new Error('boom'))).toBe(false);
  });

  it('obeys the Retry-After of an internal retryable error too', () => {
    const later = new AppError('the lock is held', { kind: 'transient', reason: 'busy', retryAfterMs: 2000 });
    expect(retryDelayMs(1, later, policy, () => 0)).toBe(2000);
  });
});
