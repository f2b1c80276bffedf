// The Redis every test and bench shares, and how each cleans up after itself. `npm test` and `npm run bench` set
// REDIS_URL (a reachable one, or a private redis-server: scripts/lib/redis.mjs); the default is for running one file
// by hand against a redis-server you started on 6399. The cluster stage of `npm test` sets REDIS_CLUSTER_NODES
// instead (a private 3-master cluster), and the same helpers then talk to the cluster.
import { Cluster, Redis } from 'ioredis';
import { scanKeys, unlinkMatching, type RedisClient } from '@pb/server/redis';

export const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6399';

/** The cluster's seeds (`host:port,…`) when the tests run against a Redis Cluster, else undefined. */
export const REDIS_CLUSTER_NODES: string | undefined = process.env['REDIS_CLUSTER_NODES'] || undefined;

/** The server environment that points at the tests' Redis: the cluster when there is one, else `url`. */
export function redisEnvironment(url: string = REDIS_URL): Record<string, string> {
  return REDIS_CLUSTER_NODES === undefined ? { REDIS_URL: url } : { REDIS_CLUSTER_NODES };
}

function clusterSeeds(nodes: string): { host: string; port: number }[] {
  return nodes.split(',').map((node) => {
    const [host = '127.0.0.1', port = '6379'] = node.trim().split(':');
    return { host, port: Number(port) };
  });
}

/**
 * A harness's own connection (for reading what the app wrote and for cleaning up): a command fails after one retry
 * instead of hanging, and a connection error is the test's to observe through its commands, not an unhandled event
 * (tests that stop Redis on purpose would otherwise crash the run). `url` wins over the cluster: a test that starts
 * its own Redis passes it.
 */
export function harnessConnection(url?: string): RedisClient {
  const redis =
    url === undefined && REDIS_CLUSTER_NODES !== undefined
      ? new Cluster(clusterSeeds(REDIS_CLUSTER_NODES), { redisOptions: { maxRetriesPerRequest: 1 } })
      : new Redis(url ?? REDIS_URL, { maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  return redis;
}

/** A connection BullMQ workers and QueueEvents accept (they block, so no retry limit per command). */
export function blockingConnection(): RedisClient {
  const redis =
    REDIS_CLUSTER_NODES === undefined
      ? new Redis(REDIS_URL, { maxRetriesPerRequest: null })
      : new Cluster(clusterSeeds(REDIS_CLUSTER_NODES), { redisOptions: { maxRetriesPerRequest: null } });
  redis.on('error', () => undefined);
  return redis;
}

/**
 * The keys under `<prefix>:` (each test owns a random prefix), a SCAN batch at a time on every master: SCAN, not
 * KEYS, so a Redis holding a bench's million keys is not blocked while it answers.
 */
export function keysUnder(redis: RedisClient, prefix: string, batch = 1000): AsyncGenerator<string[]> {
  return scanKeys(redis, `${prefix}:*`, batch);
}

/** Deletes every key under `<prefix>:`; UNLINK (per hash slot on a cluster) frees their memory off Redis' main thread. */
export async function removePrefix(redis: RedisClient, prefix: string, batch = 1000): Promise<void> {
  await unlinkMatching(redis, `${prefix}:*`, () => true, batch);
}
