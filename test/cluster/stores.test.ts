// The stores whose scripts and transactions touch several keys, against a real 3-master Redis Cluster: a cluster
// refuses (CROSSSLOT) a script or MULTI whose keys are in different slots, so each of these passing on the cluster
// is the proof that its keys share one; the slots are also asked of Redis itself (CLUSTER KEYSLOT). The uninstall's
// data owners must find a project's keys on whichever master holds them and leave another project's alone.
import { randomBytes, randomUUID } from 'node:crypto';
import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyTable, syncRecordSchema, type StoredTable } from '@pb/shared';
import { assignmentKeys } from '@pb/server/assignments/keys';
import { RedisTableStore } from '@pb/server/assignments/table-store';
import { budgetKey, createRedisBudget } from '@pb/server/budget/request-budget';
import { installationDataOwners } from '@pb/server/composition/data-owners';
import { createRedisUserAttributes } from '@pb/server/edge/user-attributes';
import { InstallationRecords, installationKeys } from '@pb/server/install/installation-records';
import { purgeInstallation } from '@pb/server/install/purge';
import { MirrorState } from '@pb/server/mirror/mirror-state';
import { DeadLetterStore } from '@pb/server/queue/dead-letters';
import { QueueRegistry } from '@pb/server/queue/registry';
import type { RedisClient } from '@pb/server/redis';
import { projectTag } from '@pb/server/redis-tags';
import { createRedisEventStore, resultKeys } from '@pb/server/results/event-store';
import { createSecretBox } from '@pb/server/install/secret-box';
import { blockingConnection, keysUnder, removePrefix } from '../support/redis';

const prefix = `pbcluster${randomBytes(4).toString('hex')}`;
let redis: RedisClient;
let cluster: Cluster;

beforeAll(() => {
  redis = blockingConnection();
  if (!(redis instanceof Cluster)) throw new Error('the cluster suite needs REDIS_CLUSTER_NODES (npm test sets it)');
  cluster = redis;
});
afterAll(async () => {
  await removePrefix(redis, prefix);
  redis.disconnect();
});

const slotOf = async (key: string): Promise<number> => Number(await cluster.cluster('KEYSLOT', key));

/** Which master serves a slot (CLUSTER SLOTS: [start, end, [host, port, id, …], …replicas]). */
async function masterOfSlot(slot: number): Promise<string> {
  const range = (await cluster.cluster('SLOTS')).find(([start, end]) => slot >= start && slot <= end);
  const master = range?.[2];
  if (master === undefined) throw new Error(`no master serves slot ${slot}`);
  return `${master[0]}:${master[1]}`;
}

/** Every key under the test's prefix, read from every master. */
async function allKeys(): Promise<string[]> {
  const keys: string[] = [];
  for await (const batch of keysUnder(redis, prefix)) keys.push(...batch);
  return keys.sort();
}

function table(projectUid: string, generation: string): Omit<StoredTable, 'revision' | 'compiledAt'> {
  const base = emptyTable(projectUid, 'stack');
  return { ...base, variantGroups: { exp0: `group-${generation}` } };
}

/** Two project uids whose tags the cluster serves from different masters (found by asking, not assumed). */
async function projectsOnTwoMasters(): Promise<[string, string]> {
  const first = `prj-${randomBytes(4).toString('hex')}`;
  const home = await masterOfSlot(await slotOf(resultKeys(prefix).user(first, 'u')));
  for (let i = 0; i < 100; i++) {
    const other = `prj-${randomBytes(4).toString('hex')}`;
    if ((await masterOfSlot(await slotOf(resultKeys(prefix).user(other, 'u')))) !== home) return [first, other];
  }
  throw new Error('no two projects on different masters in 100 tries: is this a 3-master cluster?');
}

describe('on a Redis Cluster', () => {
  it("keeps a project's table pointer and revisions in one slot, and the compare-and-set admits one of two writers", async () => {
    const store = new RedisTableStore(redis, assignmentKeys(prefix), 200);
    const keys = assignmentKeys(prefix);
    expect(new Set([await slotOf(keys.pointer('p1')), await slotOf(keys.table('p1', 1))]).size).toBe(1);
    expect(await store.publish(null, table('p1', 'a'))).toEqual({ ok: true, revision: 1 });
    const racing = await Promise.all([store.publish(1, table('p1', 'b')), store.publish(1, table('p1', 'c'))]);
    expect(racing.filter((r) => r.ok)).toHaveLength(1);
    expect(racing.filter((r) => !r.ok)).toEqual([{ ok: false, reason: 'conflict' }]);
    expect((await store.current('p1'))?.revision).toBe(2);
  });

  it("admits no more than the budget's limit per window through its script, across concurrent takers", async () => {
    const budgets = [0, 1, 2].map(() =>
      createRedisBudget(redis, {
        limits: { read: 3, write: 3, personalize: 3 },
        windowMs: 400,
        keyFor: (org, kind) => budgetKey(prefix, org, kind),
      }),
    );
    const key = budgetKey(prefix, 'org-1', 'read');
    const seen: number[] = [];
    await Promise.all(
      Array.from({ length: 9 }, async (_, i) => {
        await budgets[i % 3]?.take('org-1', 'read');
        seen.push(await redis.zcard(key));
      }),
    );
    expect(seen).toHaveLength(9);
    expect(Math.max(...seen)).toBeLessThanOrEqual(3);
    // Another organization's budget is its own key (its own slot, wherever the cluster puts it).
    await budgets[0]?.take('org-2', 'read');
    expect(await redis.zcard(budgetKey(prefix, 'org-2', 'read'))).toBe(1);
  });

  it('counts impressions and conversions with scripts whose user record, counters and daily series share a slot', async () => {
    const events = createRedisEventStore(redis, prefix);
    const k = resultKeys(prefix);
    const slots = new Set(
      await Promise.all(
        [k.user('p2', 'ann'), `${k.counters('p2')}3`, k.daily('p2', '3', 'v1')].map((key) => slotOf(key)),
      ),
    );
    expect(slots.size).toBe(1);
    expect(
      await events.recordImpressions('p2', 'ann', [
        { experienceShortUid: '3', versionUid: 'v1', variantShortUid: '0' },
      ]),
    ).toBe(1);
    expect(await events.recordConversions('p2', 'ann', ['purchase'])).toBe(1);
    expect((await events.counters('p2', '3', 'v1')).get('0')).toEqual({
      visitors: 1,
      impressions: 1,
      conversions: { purchase: 1 },
    });
  });

  it('writes and removes an installation record together with its index entry (one MULTI)', async () => {
    const records = new InstallationRecords(redis, prefix, createSecretBox([randomBytes(32)]));
    const record = {
      installationUid: 'inst-1',
      stackApiKey: 'blt_cluster',
      organizationUid: 'org-1',
      status: 'active' as const,
      configuration: {},
      installedAt: new Date().toISOString(),
      updatedAt: new Date().toISOString(),
      secrets: '',
    };
    const k = installationKeys(prefix);
    expect(await slotOf(k.index)).toBe(await slotOf(k.record('blt_cluster')));
    await records.write(record, { serverConfiguration: {} });
    expect(await records.stacks()).toEqual(['blt_cluster']);
    expect((await records.read('blt_cluster'))?.installationUid).toBe('inst-1');
    await records.remove('blt_cluster');
    expect(await records.stacks()).toEqual([]);
  });

  it("purges one project's keys from whichever master holds them and leaves another project's on its master", async () => {
    const [gone, kept] = await projectsOnTwoMasters();
    const mirror = new MirrorState(redis, prefix);
    const tables = new RedisTableStore(redis, assignmentKeys(prefix));
    const events = createRedisEventStore(redis, prefix);
    const users = createRedisUserAttributes(redis, prefix, 3600);
    for (const project of [gone, kept]) {
      await tables.publish(null, table(project, 'a'));
      await events.recordImpressions(project, 'visitor', [
        { experienceShortUid: '1', versionUid: 'v1', variantShortUid: '0' },
      ]);
      // A text uid and an issued UUID (a binary key): the purge's SCAN must find both, and a merge of one into the
      // other runs its script on the project's slot.
      const issued = randomUUID();
      await users.patch(project, 'visitor', { tier: 'gold' });
      await users.patch(project, issued, { tier: 'silver', ltv: 900 });
      await users.merge(project, issued, 'visitor');
      expect(await users.get(project, 'visitor')).toEqual({ tier: 'silver', ltv: 900 });
      await mirror.recordFingerprint(project, 'exp-1', 'fp');
      const at = new Date().toISOString();
      await mirror.recordSync(
        project,
        'exp-1',
        syncRecordSchema.parse({ state: 'overdue', checkedAt: at, waitingSince: at }),
      );
    }
    const keyOf = (project: string) => (key: string) => key.includes(project);
    const before = await allKeys();
    const homes = async (project: string) =>
      new Set(
        await Promise.all(
          before.filter((key) => key.includes(projectTag(project))).map(async (key) => masterOfSlot(await slotOf(key))),
        ),
      );
    // The tables and the results of each project live on one master, a different one for each: two shards.
    const [goneHome, keptHome] = [await homes(gone), await homes(kept)];
    expect(goneHome.size).toBe(1);
    expect(keptHome.size).toBe(1);
    expect([...goneHome]).not.toEqual([...keptHome]);

    const registry = new QueueRegistry(redis, { prefix });
    try {
      const owners = installationDataOwners({
        redis,
        prefix,
        registry,
        mirror,
        tables,
        deadLetters: DeadLetterStore.forPrefix(redis, prefix),
      });
      const report = await purgeInstallation(redis, registry.all(), owners, {
        stackApiKey: 'blt_gone',
        installationUid: 'inst-gone',
        projectUid: gone,
      });
      expect(report.byOwner['assignments']).toBeGreaterThan(0);
      expect(report.byOwner['results']).toBeGreaterThan(0);
      // Two visitors and the project's attribute dictionary.
      expect(report.byOwner['visitor-attributes']).toBe(3);
    } finally {
      await registry.close();
    }
    const after = await allKeys();
    expect(after.filter(keyOf(gone))).toEqual([]);
    expect(after.filter(keyOf(kept))).toEqual(before.filter(keyOf(kept)));
    expect((await mirror.fingerprints(gone)).size).toBe(0);
    expect((await mirror.fingerprints(kept)).size).toBe(1);
  });
});
