// The sync guard end to end, on a sandbox that plays Personalize's own CMS sync and sends no experience webhooks:
// Personalize makes each experience's group; the app finds it by polling, links the auto-linked content types, hands
// the activation to the assignments engine and the edge API serves it. The sandbox's request log proves the app
// never wrote what Personalize owns (a group's or variant's name, description or existence, or `_cms`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import { DeadLetterStore, deadLettersKey } from '@pb/server/queue/dead-letters';
import { mirrorKeys } from '@pb/server/mirror/keys';
import { assignmentKeys } from '@pb/server/assignments/keys';
import { AUTO_LINKED, served, startEngine, type Engine } from '../support/engine';
import { eventually } from '../support/eventually';
import { sandboxPost } from '../support/sandbox-http';
import { sandboxRequests } from '../support/sandbox-requests';
import { guardDifferences, listGroups, ownedWrites, syncRecord, type ListedGroup } from './harness';
import { queuePrefix } from '@pb/server/queue/names';

let engine: Engine;
let since = 0;

beforeAll(async () => {
  since = Date.now();
  engine = await startEngine({
    env: {
      ADMIN_USER: 'ops',
      ADMIN_PASSWORD: 'ops-password',
      METRICS_TOKEN: 'scrape-token-0123456789',
      SYNC_DEADLINE_S: '3',
    },
  });
});
afterAll(async () => {
  await engine.stop();
});

function groupOf(groups: ListedGroup[], experienceUid: string): ListedGroup[] {
  return groups.filter((g) => g.personalize_metadata?.experience_uid === experienceUid);
}

async function mirrorQueueIdle(): Promise<void> {
  const queue = new Queue('mirror', {
    connection: engine.redis,
    prefix: queuePrefix(engine.config.QUEUE_PREFIX, 'mirror'),
  });
  try {
    await eventually(
      async () => {
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
        return Object.values(counts).every((n) => n === 0) ? true : undefined;
      },
      30_000,
      'mirror queue idle',
    );
  } finally {
    await queue.close();
  }
}

async function metrics(): Promise<string> {
  const response = await fetch(`${engine.http.url}/metrics`, {
    headers: { authorization: 'Bearer scrape-token-0123456789' },
  });
  return response.text();
}

describe('the sync guard against a sandbox that syncs like Personalize', () => {
  let experienceUid = '';
  let shortUid = '';

  it('a new 3-variant experience activated in Personalize: its group made by the sync, linked by the app, served', async () => {
    const created = await engine.personalize.createAbTest('Spring hero');
    experienceUid = created.uid;
    shortUid = created.shortUid;
    const version = await engine.personalize.writeVersion(
      experienceUid,
      [{ name: 'Control' }, { name: 'Bold' }, { name: 'Calm' }],
      'ACTIVE',
    );
    // The app links the auto-linked content types to the group Personalize made.
    const group = await eventually(
      async () => {
        const groups = await listGroups(engine);
        return guardDifferences(groups, experienceUid).length === 0 ? groupOf(groups, experienceUid)[0] : undefined;
      },
      30_000,
      'group linked',
    );
    expect(
      group.content_types
        .filter((c) => c.status === 'linked')
        .map((c) => c.uid)
        .sort(),
    ).toEqual([...AUTO_LINKED]);
    expect(group.variants).toHaveLength(3);
    for (const variant of group.variants ?? []) {
      const vs = variant.personalize_metadata?.variant_short_uid ?? '';
      expect(variant.alias).toBe(`cs_personalize_${shortUid}_${vs}`);
    }
    // The edge API serves it.
    const decision = await eventually(async () => (await served(engine)).get(shortUid) ?? undefined, 30_000, 'served');
    expect(version.variants.map((v) => v.shortUid)).toContain(decision);
    expect(await syncRecord(engine, experienceUid)).toMatchObject({ state: 'synced', groupUid: group.uid });
  });

  it('hands the activation over once, as a project refresh, and serves the CMS variants Personalize made', async () => {
    const queue = new Queue('recompute-assignments', {
      connection: engine.redis,
      prefix: queuePrefix(engine.config.QUEUE_PREFIX, 'recompute-assignments'),
    });
    try {
      const jobs = await queue.getJobs(['waiting', 'delayed', 'prioritized', 'active', 'completed', 'failed']);
      const mine = jobs.filter((j) => (j.data as { experienceUid?: string }).experienceUid === experienceUid);
      expect(mine.map((j) => (j.data as { reason?: string }).reason)).toEqual(['activate']);
    } finally {
      await queue.close();
    }
    // The table the edge API serves from carries, per variant, the CMS variant Personalize made for it.
    const group = groupOf(await listGroups(engine), experienceUid)[0];
    const byShortUid = Object.fromEntries(
      (group?.variants ?? []).map((v) => [v.personalize_metadata?.variant_short_uid ?? '?', v.uid]),
    );
    const keys = assignmentKeys(engine.config.QUEUE_PREFIX);
    const project = engine.credentials.personalize_project_uid;
    const revision = Number(await engine.redis.get(keys.pointer(project)));
    const raw = await engine.redis.get(keys.table(project, revision));
    const table = JSON.parse(raw ?? '{}') as {
      table?: {
        experiences?: { experienceUid: string; variants: { shortUid: string; cms: { variantUid: string } | null }[] }[];
      };
    };
    const row = table.table?.experiences?.find((e) => e.experienceUid === experienceUid);
    expect(Object.fromEntries((row?.variants ?? []).map((v) => [v.shortUid, v.cms?.variantUid]))).toEqual(byShortUid);
  });

  it('a rename and a new variant follow through Personalize’s sync; the app only ever links', async () => {
    await engine.personalize.renameExperience(experienceUid, 'Spring hero v2');
    const active = (await engine.personalize.versions(experienceUid)).find((v) => v.status === 'ACTIVE');
    const next = await engine.personalize.writeVersion(
      experienceUid,
      [...(active?.variants ?? []).map((v) => ({ shortUid: v.shortUid, name: v.name })), { name: 'Loud' }],
      'ACTIVE',
    );
    await eventually(
      async () => {
        const group = groupOf(await listGroups(engine), experienceUid)[0];
        const record = await syncRecord(engine, experienceUid);
        return group?.name === 'Spring hero v2' &&
          group.variants?.length === 4 &&
          record?.state === 'synced' &&
          record.versionUid === next.uid
          ? true
          : undefined;
      },
      30_000,
      'rename and new variant synced and guarded',
    );
  });

  it('a deleted experience leaves its group, still linked, reported as orphaned', async () => {
    const doomed = await engine.personalize.createAbTest('Doomed hero');
    await engine.personalize.writeVersion(doomed.uid, [{ name: 'A' }, { name: 'B' }]);
    await eventually(
      async () => (guardDifferences(await listGroups(engine), doomed.uid).length === 0 ? true : undefined),
      30_000,
      'doomed linked',
    );
    await engine.personalize.deleteExperience(doomed.uid);
    await eventually(
      async () => ((await syncRecord(engine, doomed.uid))?.state === 'orphaned' ? true : undefined),
      30_000,
      'orphaned',
    );
    const groups = groupOf(await listGroups(engine), doomed.uid);
    expect(groups).toHaveLength(1);
    expect(groups[0]?.content_types.filter((c) => c.status === 'linked')).toHaveLength(AUTO_LINKED.length);
    const reports = await engine.redis.hget(
      mirrorKeys(engine.config.QUEUE_PREFIX).reports,
      `${engine.credentials.personalize_project_uid}/${doomed.uid}`,
    );
    expect(JSON.parse(reports ?? '[]')).toEqual([
      { kind: 'experience-deleted', groupUid: groups[0]?.uid, action: 'kept' },
    ]);
  });

  it('a paused sync shows "sync overdue" in the sync record and /metrics within the deadline plus one poll', async () => {
    await sandboxPost(engine.sandbox.url, '/_sandbox/personalize-sync', { paused: true }, 'PUT');
    try {
      const late = await engine.personalize.createAbTest('Late hero');
      await engine.personalize.writeVersion(late.uid, [{ name: 'A' }, { name: 'B' }], 'ACTIVE');
      await eventually(
        async () => ((await syncRecord(engine, late.uid))?.state === 'waiting' ? true : undefined),
        15_000,
        'waiting for the sync',
      );
      // SYNC_DEADLINE_S=3 and POLL_INTERVAL_S=1: overdue within 4 s of the wait starting (slack for a loaded CI).
      const record = await eventually(
        async () => {
          const r = (await syncRecord(engine, late.uid)) as {
            state: string;
            waitingSince: string;
            checkedAt: string;
          } | null;
          return r?.state === 'overdue' ? r : undefined;
        },
        15_000,
        'overdue',
      );
      expect(Date.parse(record.checkedAt) - Date.parse(record.waitingSince)).toBeGreaterThanOrEqual(3000);
      expect(await metrics()).toMatch(/^pb_sync_overdue_experiences [1-9]/m);
      const reports = await engine.redis.hget(
        mirrorKeys(engine.config.QUEUE_PREFIX).reports,
        `${engine.credentials.personalize_project_uid}/${late.uid}`,
      );
      expect(JSON.parse(reports ?? '[]')).toEqual([
        { kind: 'sync-overdue', waitingSince: record.waitingSince, missing: 'group' },
      ]);
      // The sync resumes: the group is made, the experience is guarded again, served, and no longer overdue.
      await sandboxPost(engine.sandbox.url, '/_sandbox/personalize-sync', { paused: false }, 'PUT');
      await eventually(
        async () => ((await syncRecord(engine, late.uid))?.state === 'synced' ? true : undefined),
        30_000,
        'synced after the pause',
      );
      expect(await metrics()).toMatch(/^pb_sync_overdue_experiences 0/m);
    } finally {
      await sandboxPost(engine.sandbox.url, '/_sandbox/personalize-sync', { paused: false }, 'PUT');
    }
  });

  it('re-running the guard on a synced experience makes zero CMA writes and no Personalize write', async () => {
    await mirrorQueueIdle();
    const from = Date.now();
    await engine.http.queues.enqueueMirror({
      stackApiKey: engine.credentials.api_key,
      projectUid: engine.credentials.personalize_project_uid,
      experienceUid,
      trigger: 'manual',
    });
    await eventually(async () =>
      (await sandboxRequests(engine.sandbox.url, from)).some((r) => r.path.startsWith('/v3/variant_groups'))
        ? true
        : undefined,
    );
    await mirrorQueueIdle();
    const requests = await sandboxRequests(engine.sandbox.url, from);
    expect(requests.filter((r) => r.kind === 'write')).toEqual([]);
    expect(requests.filter((r) => r.kind === 'personalize' && r.method !== 'GET')).toEqual([]);
  });

  it('the request log shows no write of ours to anything Personalize owns, and no _cms write', async () => {
    const requests = await sandboxRequests(engine.sandbox.url, since);
    expect(ownedWrites(requests, engine.personalize.writes)).toEqual([]);
    // The only CMA writes are content-type links on variant groups.
    const writes = requests.filter((r) => r.kind === 'write');
    expect(writes.length).toBeGreaterThan(0);
    for (const write of writes) expect(`${write.method} ${write.path}`).toMatch(/^PUT \/v3\/variant_groups\/[^/]+$/);
  });

  it('fails a permanently failing job at once, without retries, and leaves a dead letter with the reason', async () => {
    const job = {
      stackApiKey: 'blt_not_installed',
      projectUid: 'p_unknown',
      experienceUid: 'e_unknown',
      trigger: 'manual' as const,
    };
    await engine.http.queues.enqueueMirror(job);
    const queue = new Queue('mirror', {
      connection: engine.redis,
      prefix: queuePrefix(engine.config.QUEUE_PREFIX, 'mirror'),
    });
    try {
      const failed = await eventually(
        async () => {
          const jobs = await queue.getJobs(['failed']);
          return jobs.find((j) => (j.data as { experienceUid?: string }).experienceUid === 'e_unknown');
        },
        15_000,
        'failed job',
      );
      expect(failed.attemptsMade).toBe(1);
      const letters = new DeadLetterStore(engine.redis, deadLettersKey(engine.config.QUEUE_PREFIX));
      expect(await letters.get('mirror', failed.id ?? '')).toMatchObject({
        kind: 'permanent',
        reason: expect.stringContaining('not installed') as unknown,
      });
    } finally {
      await queue.close();
    }
  });

  it('reports readiness, Prometheus metrics behind their token and a dashboard behind the admin credential', async () => {
    const ready = await fetch(`${engine.http.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { redis: 'ok', workers: 'ok' } });
    for (const authorization of [undefined, 'Bearer scrape-token-012345678x', 'scrape-token-0123456789']) {
      const refused = await fetch(`${engine.http.url}/metrics`, {
        headers: authorization === undefined ? {} : { authorization },
      });
      expect(refused.status).toBe(401);
      expect(await refused.text()).not.toContain('pb_');
    }
    const text = await metrics();
    expect(text).toMatch(/pb_plan_operations_applied_total\{op="link-content-types"\} [1-9]/);
    expect(text).toMatch(/pb_mirror_jobs_total\{outcome="completed",trigger="poll"\} [1-9]/);
    expect(text).toMatch(/pb_external_calls_total\{service="cma",status="200"\} [1-9]/);
    expect(text).toMatch(/pb_jobs\{queue="mirror",state="completed"\} [1-9]/);
    expect(text).toContain('pb_mirror_lag_seconds_count');
    expect((await fetch(`${engine.http.url}/admin/queues`)).status).toBe(401);
    const right = Buffer.from('ops:ops-password').toString('base64');
    expect(
      (await fetch(`${engine.http.url}/admin/queues`, { headers: { authorization: `Basic ${right}` } })).status,
    ).toBe(200);
  });
});
