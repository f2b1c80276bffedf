/**
 * Per-organization request budgets. A rolling one-second window (at most `limit` requests in any
 * 1000 ms) rather than a refilling bucket: "the 11th write within a second is refused" then holds
 * however slowly the machine runs, and Retry-After is exact (when the oldest request leaves the window).
 */
import type { RateKind } from './contracts';

export type RateLimits = Record<RateKind, number>;

export const DEFAULT_RATE_LIMITS: RateLimits = { read: 10, write: 10, personalize: 10 };

export type RateDecision =
  { ok: true; limit: number; remaining: number } | { ok: false; limit: number; retryAfterSec: number };

const WINDOW_MS = 1000;

export class RateLimiter {
  private readonly windows = new Map<string, number[]>();
  private limits: RateLimits;

  constructor(limits: Partial<RateLimits> = {}) {
    this.limits = { ...DEFAULT_RATE_LIMITS, ...limits };
  }

  setLimits(limits: Partial<RateLimits>): RateLimits {
    this.limits = { ...this.limits, ...limits };
    return this.current();
  }

  current(): RateLimits {
    return { ...this.limits };
  }

  take(org: string, kind: RateKind, nowMs: number = performance.now()): RateDecision {
    const limit = this.limits[kind];
    const key = `${org}\u0000${kind}`;
    const window = (this.windows.get(key) ?? []).filter((t) => nowMs - t < WINDOW_MS);
    this.windows.set(key, window);
    const oldest = window[0];
    if (window.length >= limit && oldest !== undefined) {
      return { ok: false, limit, retryAfterSec: Math.max(1, Math.ceil((oldest + WINDOW_MS - nowMs) / 1000)) };
    }
    window.push(nowMs);
    return { ok: true, limit, remaining: limit - window.length };
  }

  reset(): void {
    this.windows.clear();
  }
}
