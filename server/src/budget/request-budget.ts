// One request budget per organization and kind (CMA reads, CMA writes, Personalize calls), shared by every worker
// through Redis. It is a sliding-window log rather than a refilling bucket: a bucket of N tokens refilled at N/s
// admits up to 2N calls in one second (a full bucket plus its refill), while Contentstack counts calls in any
// one-second window. The log admits a call only when fewer than N were admitted in the last window, using Redis'
// own clock so workers on different machines agree.
import { randomUUID } from 'node:crypto';
import type { RedisClient } from '../redis';
import { orgTag } from '../redis-tags';

const ACQUIRE = `
local key = KEYS[1]
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local member = ARGV[3]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
if redis.call('ZCARD', key) < limit then
  redis.call('ZADD', key, now, member)
  redis.call('PEXPIRE', key, window * 2)
  return 0
end
local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
local wait = tonumber(oldest[2]) + window - now
if wait < 1 then wait = 1 end
return wait
`;

export type BudgetKind = 'read' | 'write' | 'personalize';

export interface RequestBudget {
  /** Resolves when one call of this kind may be made for the organization. */
  take(org: string, kind: BudgetKind, signal?: AbortSignal): Promise<void>;
}

export interface RedisBudgetOptions {
  limits: Record<BudgetKind, number>;
  /** 1000 ms plus a margin for the time between taking a token and the call reaching the server. */
  windowMs: number;
  keyFor: (org: string, kind: BudgetKind) => string;
}

export function createRedisBudget(redis: RedisClient, options: RedisBudgetOptions): RequestBudget {
  return {
    async take(org, kind, signal) {
      for (;;) {
        signal?.throwIfAborted();
        const wait = Number(
          await redis.eval(ACQUIRE, 1, options.keyFor(org, kind), options.limits[kind], options.windowMs, randomUUID()),
        );
        if (wait === 0) return;
        // A little jitter keeps waiting workers from retrying in lock-step.
        await new Promise((resolve) => setTimeout(resolve, wait + Math.floor(Math.random() * 20)));
      }
    },
  };
}

/** The budget's key of one organization and kind. */
export const budgetKey = (prefix: string, org: string, kind: BudgetKind): string =>
  `${prefix}:${orgTag(org)}:budget:${kind}`;

export interface BudgetSettings {
  /** Contentstack's limits per organization and second. */
  limits: Record<BudgetKind, number>;
  /** Share of each limit left unused, for what else the organization runs against the same limits. */
  headroomPercent: number;
  /** Added to the one-second window for the time between taking a token and the call reaching the server. */
  windowMarginMs: number;
}

/** The process's one budget: each limit less its headroom (at least one call a window), in a widened window. */
export function createBudget(redis: RedisClient, prefix: string, settings: BudgetSettings): RequestBudget {
  const admitted = (limit: number) => Math.max(1, Math.floor((limit * (100 - settings.headroomPercent)) / 100));
  return createRedisBudget(redis, {
    limits: {
      read: admitted(settings.limits.read),
      write: admitted(settings.limits.write),
      personalize: admitted(settings.limits.personalize),
    },
    windowMs: 1000 + settings.windowMarginMs,
    keyFor: (org, kind) => budgetKey(prefix, org, kind),
  });
}
