// Experiment events, stored compactly in Redis.
//
// Per project and experience (short uid) one hash of counters, fields `<version>|<variant>|v` (unique visitors),
// `|i` (impressions) and `|c|<event key>` (unique converters per event key).
// Per user one hash that expires CONVERSION_WINDOW after the user's last impression:
//   `i|<experience>|<version>|<variant>` → epoch seconds of the user's last impression of that variant
//   `c|<experience>|<version>|<variant>|<event key>` → 1 once the user converted on it
// An impression counts the user as a visitor the first time (within the window) they see a variant. An event counts
// as a conversion for every variant the user saw in the last 30 days, once per user, variant and event key. So both
// counts are "unique users", and conversions never exceed visitors. Each script runs atomically, so concurrent
// requests for one user cannot double count.
// Per project, experience and version one more hash of daily increments (for results over time), written by the
// same scripts whenever a total grows, so the daily counts always add up to the totals: fields `<day>|<variant>|v`
// and `<day>|<variant>|c|<event key>`, day = days since 1970-01-01 UTC. It expires DAILY_TTL after its last write.
import { cumulativeSeries, utcDay, type DailyCount, type SeriesPoint } from './daily-series';
import { unlinkMatching, type RedisClient } from '../redis';
import { projectTag } from '../redis-tags';

export const CONVERSION_WINDOW_SECONDS = 30 * 24 * 3600;
/** Long enough for any experiment to run (and be looked at afterwards). */
export const DAILY_TTL_SECONDS = 400 * 24 * 3600;

const IMPRESSIONS = `
local user = KEYS[1]
local now = ARGV[1]
local window = tonumber(ARGV[2])
local prefix = ARGV[3]
local day = ARGV[4]
local dailyTtl = tonumber(ARGV[5])
local visitors = 0
for i = 6, #ARGV, 3 do
  local exp, version, variant = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  local counters = prefix .. exp
  local pair = version .. '|' .. variant
  if redis.call('HSET', user, 'i|' .. exp .. '|' .. pair, now) == 1 then
    redis.call('HINCRBY', counters, pair .. '|v', 1)
    local daily = counters .. ':day:' .. version
    redis.call('HINCRBY', daily, day .. '|' .. variant .. '|v', 1)
    redis.call('EXPIRE', daily, dailyTtl)
    visitors = visitors + 1
  end
  redis.call('HINCRBY', counters, pair .. '|i', 1)
end
redis.call('EXPIRE', user, window)
return visitors
`;

const CONVERSIONS = `
local user = KEYS[1]
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local prefix = ARGV[3]
local day = ARGV[4]
local dailyTtl = tonumber(ARGV[5])
local all = redis.call('HGETALL', user)
local counted = 0
for i = 1, #all, 2 do
  local field = all[i]
  if string.sub(field, 1, 2) == 'i|' and now - tonumber(all[i + 1]) <= window then
    local rest = string.sub(field, 3)
    local bar = string.find(rest, '|', 1, true)
    local exp = string.sub(rest, 1, bar - 1)
    local pair = string.sub(rest, bar + 1)
    local bar2 = string.find(pair, '|', 1, true)
    local daily = prefix .. exp .. ':day:' .. string.sub(pair, 1, bar2 - 1)
    local variant = string.sub(pair, bar2 + 1)
    for k = 6, #ARGV do
      if redis.call('HSETNX', user, 'c|' .. rest .. '|' .. ARGV[k], 1) == 1 then
        redis.call('HINCRBY', prefix .. exp, pair .. '|c|' .. ARGV[k], 1)
        redis.call('HINCRBY', daily, day .. '|' .. variant .. '|c|' .. ARGV[k], 1)
        redis.call('EXPIRE', daily, dailyTtl)
        counted = counted + 1
      end
    end
  end
end
return counted
`;

export interface Impression {
  experienceShortUid: string;
  versionUid: string;
  variantShortUid: string;
}

export interface VariantCounters {
  visitors: number;
  impressions: number;
  /** Unique converters per event key. */
  conversions: Record<string, number>;
}

export interface EventStore {
  /** Returns how many of the impressions made the user a new visitor of a variant. */
  recordImpressions(projectUid: string, userUid: string, impressions: readonly Impression[]): Promise<number>;
  /** Returns how many conversions were counted (0 when the user saw nothing within the window). */
  recordConversions(projectUid: string, userUid: string, eventKeys: readonly string[]): Promise<number>;
  /** Counters of one experience version, per variant short uid. */
  counters(projectUid: string, experienceShortUid: string, versionUid: string): Promise<Map<string, VariantCounters>>;
  /** Cumulative unique visitors and converters of `eventKey` per variant, one point per UTC day up to today. */
  series(
    projectUid: string,
    experienceShortUid: string,
    versionUid: string,
    options: { variants: readonly string[]; eventKey: string | null; maxDays?: number },
  ): Promise<SeriesPoint[]>;
}

/**
 * Every key of a project's results carries the project's hash tag: the scripts write the user's record, the
 * counters and the daily series in one call, which a cluster runs only when they share a slot. The scripts build
 * the counters' and series' names from `counters(project)`, so those stay under the same tag.
 */
export function resultKeys(prefix: string) {
  const project = (projectUid: string) => `${prefix}:${projectTag(projectUid)}`;
  return {
    counters: (projectUid: string) => `${project(projectUid)}:res:`,
    /** Matches the scripts' `counters .. ':day:' .. version` (and forgetResults' `res:` pattern). */
    daily: (projectUid: string, experienceShortUid: string, versionUid: string) =>
      `${project(projectUid)}:res:${experienceShortUid}:day:${versionUid}`,
    user: (projectUid: string, userUid: string) => `${project(projectUid)}:evu:${userUid}`,
  };
}

/** Removes the project's counters, daily series and per-user exposure records (an uninstall); returns how many keys went. */
export async function forgetResults(redis: RedisClient, prefix: string, projectUid: string): Promise<number> {
  const k = resultKeys(prefix);
  return (
    (await unlinkMatching(redis, `${k.counters(projectUid)}*`)) + (await unlinkMatching(redis, k.user(projectUid, '*')))
  );
}

export function createRedisEventStore(
  redis: RedisClient,
  prefix: string,
  options: { now?: () => number; windowSeconds?: number } = {},
): EventStore {
  const k = resultKeys(prefix);
  const now = options.now ?? Date.now;
  const window = options.windowSeconds ?? CONVERSION_WINDOW_SECONDS;
  // The time arguments every script takes after the user key: now, window, counters prefix, day, daily TTL.
  const timeArgs = (projectUid: string) => {
    const at = now();
    return [
      String(Math.floor(at / 1000)),
      String(window),
      k.counters(projectUid),
      String(utcDay(at)),
      String(DAILY_TTL_SECONDS),
    ];
  };
  return {
    async recordImpressions(projectUid, userUid, impressions) {
      if (impressions.length === 0) return 0;
      const args = impressions.flatMap((i) => [i.experienceShortUid, i.versionUid, i.variantShortUid]);
      const result = await redis.eval(IMPRESSIONS, 1, k.user(projectUid, userUid), ...timeArgs(projectUid), ...args);
      return Number(result);
    },
    async recordConversions(projectUid, userUid, eventKeys) {
      if (eventKeys.length === 0) return 0;
      const result = await redis.eval(
        CONVERSIONS,
        1,
        k.user(projectUid, userUid),
        ...timeArgs(projectUid),
        ...new Set(eventKeys),
      );
      return Number(result);
    },
    async counters(projectUid, experienceShortUid, versionUid) {
      const raw = await redis.hgetall(`${k.counters(projectUid)}${experienceShortUid}`);
      const byVariant = new Map<string, VariantCounters>();
      const versionPrefix = `${versionUid}|`;
      for (const [field, value] of Object.entries(raw)) {
        if (!field.startsWith(versionPrefix)) continue;
        const [variant = '', kind = '', ...eventKey] = field.slice(versionPrefix.length).split('|');
        const counters = byVariant.get(variant) ?? { visitors: 0, impressions: 0, conversions: {} };
        byVariant.set(variant, counters);
        const n = Number(value);
        if (kind === 'v') counters.visitors = n;
        else if (kind === 'i') counters.impressions = n;
        else if (kind === 'c') counters.conversions[eventKey.join('|')] = n;
      }
      return byVariant;
    },
    async series(projectUid, experienceShortUid, versionUid, options) {
      const raw = await redis.hgetall(k.daily(projectUid, experienceShortUid, versionUid));
      const daily: DailyCount[] = [];
      for (const [field, value] of Object.entries(raw)) {
        const [day = '', variantShortUid = '', kind = '', ...eventKey] = field.split('|');
        const n = Number(value);
        if (!/^\d+$/.test(day)) continue;
        if (kind === 'v') daily.push({ day: Number(day), variantShortUid, visitors: n, conversions: {} });
        else if (kind === 'c')
          daily.push({ day: Number(day), variantShortUid, visitors: 0, conversions: { [eventKey.join('|')]: n } });
      }
      return cumulativeSeries(daily, { ...options, today: utcDay(now()) });
    },
  };
}
