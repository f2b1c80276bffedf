import { Cluster, Redis } from 'ioredis';
import type { RedisTarget } from './config';

/**
 * A connection to the deployment's Redis: one server or a Redis Cluster (REDIS_CLUSTER_NODES). Both run the same
 * commands; what differs is that on a cluster every Lua script, MULTI and multi-key command must touch keys of one
 * hash slot, which the key layout guarantees with hash tags (redis-tags.ts).
 */
export type RedisClient = Redis | Cluster;

/** What differs between the three kinds of connection (below). */
interface Behaviour {
  /** No offline queue, one try per command, 2 s timeouts: a caller learns at once that Redis is down. */
  failFast: boolean;
  autoPipelining?: boolean;
}

const retry = (times: number) => Math.min(times * 200, 2000);

/**
 * Builds a connection of either kind with the same behaviour. On a cluster it is split the way ioredis wants it:
 * the offline queue, auto-pipelining and re-connecting belong to the cluster object, timeouts and retries per command
 * to every node's connection (`redisOptions`, which is also where BullMQ looks for `maxRetriesPerRequest: null`).
 */
function connect(target: RedisTarget, behaviour: Behaviour): RedisClient {
  const perCommand = behaviour.failFast
    ? { maxRetriesPerRequest: 1, connectTimeout: 2000, commandTimeout: 2000 }
    : { maxRetriesPerRequest: null };
  const queueing = {
    ...(behaviour.failFast ? { enableOfflineQueue: false } : {}),
    ...(behaviour.autoPipelining === true ? { enableAutoPipelining: true } : {}),
  };
  if (target.kind === 'standalone') return new Redis(target.url, { ...perCommand, ...queueing, retryStrategy: retry });
  const { auth } = target;
  return new Cluster(target.seeds, {
    ...queueing,
    clusterRetryStrategy: retry,
    redisOptions: {
      ...perCommand,
      ...(auth.username === undefined ? {} : { username: auth.username }),
      ...(auth.password === undefined ? {} : { password: auth.password }),
      ...(auth.tls ? { tls: {} } : {}),
    },
    // Managed clusters behind TLS (ElastiCache, MemoryStore) answer with node hostnames that their certificate
    // names; resolving them to addresses here would fail the certificate's check (ioredis' documented setting).
    ...(auth.tls
      ? { dnsLookup: (address: string, callback: (e: null, a: string) => void) => callback(null, address) }
      : {}),
  });
}

/**
 * Three kinds of connection. The HTTP path fails fast when Redis is down (no offline queue, one try) so the webhook
 * is answered 503 and Contentstack retries; workers wait for Redis forever instead.
 */
export function connectForProducer(target: RedisTarget): RedisClient {
  const redis = connect(target, { failFast: true });
  redis.on('error', () => undefined); // reported through /readyz and the 503s, not as an unhandled event
  return redis;
}

/** Resolves once the connection is ready (BullMQ queues built on a fail-fast connection need it up at creation). */
export async function whenReady(redis: RedisClient): Promise<void> {
  if (redis.status === 'ready') return;
  await new Promise<void>((resolve) => redis.once('ready', () => resolve()));
}

/**
 * The decision path's connection: fail-fast like the producer's, with auto-pipelining, since every page view of a
 * personalized site makes a few small reads that pipeline well (on a cluster, pipelined per node).
 */
export function connectForHotPath(target: RedisTarget): RedisClient {
  const redis = connect(target, { failFast: true, autoPipelining: true });
  redis.on('error', () => undefined); // surfaced as 500s on the requests that needed Redis
  return redis;
}

/** BullMQ's workers block on Redis and require `maxRetriesPerRequest: null` (on a cluster: in `redisOptions`). */
export function connectForWorker(target: RedisTarget): RedisClient {
  const redis = connect(target, { failFast: false });
  redis.on('error', () => undefined);
  return redis;
}

/** The servers that hold keys: the one server, or every master of a cluster (SCAN sees only its own node's keys). */
export function keyHolders(redis: RedisClient): Redis[] {
  return redis instanceof Cluster ? redis.nodes('master') : [redis];
}

/**
 * SCAN in its Buffer form: keys are not all text (a visitor's key may carry a UUID as raw bytes,
 * edge/attribute-encoding.ts), and the string form would decode such bytes lossily into names that do not exist.
 */
async function* scanNode(node: Redis, pattern: string, count: number): AsyncGenerator<Buffer[]> {
  let cursor = '0';
  do {
    const [next, found] = await node.scanBuffer(cursor, 'MATCH', pattern, 'COUNT', count);
    cursor = next.toString();
    if (found.length > 0) yield found;
  } while (cursor !== '0');
}

/**
 * Every key matching `pattern`, a SCAN batch at a time, on every server that holds keys (never KEYS: it blocks). As
 * text, for reading: a binary key's bytes beyond ASCII read as U+FFFD, so do not send such a name back to Redis.
 */
export async function* scanKeys(redis: RedisClient, pattern: string, count = 1000): AsyncGenerator<string[]> {
  for (const node of keyHolders(redis)) {
    for await (const found of scanNode(node, pattern, count)) yield found.map((key) => key.toString());
  }
}

/**
 * UNLINKs keys found on `node`. A cluster node refuses one UNLINK of keys in different slots, so there each key is
 * its own UNLINK, pipelined to the node that just listed it (a slot moving meanwhile fails the batch: the caller's
 * job is retried).
 */
async function unlinkOn(node: Redis, keys: readonly Buffer[], cluster: boolean): Promise<number> {
  if (!cluster) return node.unlink(...keys);
  const pipeline = node.pipeline();
  for (const key of keys) pipeline.unlink(key);
  let removed = 0;
  for (const [error, count] of (await pipeline.exec()) ?? []) {
    if (error !== null) throw error;
    removed += Number(count);
  }
  return removed;
}

/**
 * Removes every key matching `pattern` with SCAN + UNLINK on every master, keeping those `doomed` refuses (it sees
 * each name as text; the UNLINK sends the exact bytes); returns how many went. Stores use it to forget their part of
 * an uninstalled stack.
 */
export async function unlinkMatching(
  redis: RedisClient,
  pattern: string,
  doomed: (key: string) => boolean = () => true,
  /** Keys per SCAN step. */
  count = 1000,
): Promise<number> {
  let removed = 0;
  for (const node of keyHolders(redis)) {
    for await (const found of scanNode(node, pattern, count)) {
      const chosen = found.filter((key) => doomed(key.toString()));
      if (chosen.length > 0) removed += await unlinkOn(node, chosen, redis instanceof Cluster);
    }
  }
  return removed;
}
