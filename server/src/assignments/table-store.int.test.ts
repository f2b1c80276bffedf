// The table store against real Redis: compare-and-set publishing, readers that never see a mix, cheap refresh.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignmentKeys } from './keys';
import { emptyTable, type StoredTable } from '@pb/shared';
import { AssignmentTableReader } from './table-reader';
import { RedisTableStore } from './table-store';
import { REDIS_URL, removePrefix } from '@pb/test/support/redis';

const prefix = `pbtest${randomBytes(4).toString('hex')}`;
let redis: Redis;
let store: RedisTableStore;

beforeAll(() => {
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  store = new RedisTableStore(redis, assignmentKeys(prefix), 200);
});
afterAll(async () => {
  await removePrefix(redis, prefix);
  redis.disconnect();
});

/** A table whose every part names the same generation, so a mixed read would show two generations. */
function generation(projectUid: string, n: number): Omit<StoredTable, 'revision' | 'compiledAt'> {
  const base = emptyTable(projectUid, 'stack');
  const experiences = Array.from({ length: 5 }, (_, i) => ({
    experienceUid: `exp${i}`,
    shortUid: String(i),
    versionUid: `gen${n}`,
    targeting: { audiences: [], combinationType: 'OR' as const },
    type: 'SEGMENTED' as const,
    variants: [],
  }));
  return { ...base, table: { ...base.table, experiences }, variantGroups: { exp0: `group-gen${n}` } };
}

describe('RedisTableStore', () => {
  it('publishes revisions in order and refuses a writer that started from a stale revision', async () => {
    expect(await store.currentRevision('p1')).toBeNull();
    expect(await store.publish(null, generation('p1', 1))).toEqual({ ok: true, revision: 1 });
    expect(await store.publish(null, generation('p1', 2))).toEqual({ ok: false, reason: 'conflict' });
    expect(await store.publish(1, generation('p1', 2))).toEqual({ ok: true, revision: 2 });
    expect(await store.publish(1, generation('p1', 3))).toEqual({ ok: false, reason: 'conflict' });
    const current = await store.current('p1');
    expect(current?.revision).toBe(2);
    expect(current?.variantGroups['exp0']).toBe('group-gen2');
  });

  it('keeps a superseded revision readable for the grace period only', async () => {
    await store.publish(2, generation('p1', 3));
    expect(await store.load('p1', 2)).not.toBeNull();
    const ttl = await redis.pttl(assignmentKeys(prefix).table('p1', 2));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(200);
    expect(await redis.pttl(assignmentKeys(prefix).table('p1', 3))).toBe(-1);
  });

  it('concurrent updates all land (losers retry), and readers only ever see whole generations', async () => {
    await store.publish(null, generation('p2', 0));
    const reads: StoredTable[] = [];
    let writing = true;
    const reader = (async () => {
      while (writing) {
        const t = await store.current('p2');
        if (t !== null) reads.push(t);
      }
    })();
    const writers = Array.from({ length: 20 }, (_, n) =>
      store.update('p2', (current) => generation('p2', (current?.revision ?? 0) + n * 1000), 50),
    );
    await Promise.all(writers);
    writing = false;
    await reader;
    expect(await store.currentRevision('p2')).toBe(21);
    expect(reads.length).toBeGreaterThan(0);
    for (const t of reads) {
      const generations = new Set([
        ...t.table.experiences.map((e) => e.versionUid),
        (t.variantGroups['exp0'] ?? '').replace('group-', ''),
      ]);
      expect(generations.size).toBe(1);
    }
  });
});

describe('AssignmentTableReader', () => {
  it('serves the cached table until the interval passes, then picks up the new revision with one GET', async () => {
    let clock = 0;
    const reader = new AssignmentTableReader(store, { refreshMs: 250, now: () => clock });
    await store.publish(null, generation('p3', 1));
    const first = await reader.get('p3');
    expect(first?.stored.revision).toBe(1);
    expect(first?.byShortUid.get('0')?.versionUid).toBe('gen1');
    await store.publish(1, generation('p3', 2));
    clock = 100;
    expect((await reader.get('p3'))?.stored.revision).toBe(1);
    clock = 300;
    const second = await reader.get('p3');
    expect(second?.stored.revision).toBe(2);
    expect(second?.compiled.experiences).toHaveLength(5);
    expect(await reader.get('unknown-project')).toBeNull();
  });
});
