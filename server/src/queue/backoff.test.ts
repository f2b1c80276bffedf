import { describe, expect, it } from 'vitest';
import { ExternalCallError } from '@pb/shared';
import { isPermanent, retryDelayMs } from './backoff';

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

  it('treats only permanent external failures as permanent', () => {
    expect(isPermanent(new ExternalCallError('404', { kind: 'permanent', service: 'cma', status: 404 }))).toBe(true);
    expect(isPermanent(new ExternalCallError('429', { kind: 'rate-limited', service: 'cma', status: 429 }))).toBe(
      false,
    );
    expect(isPermanent(new Error('boom'))).toBe(false);
  });
});
