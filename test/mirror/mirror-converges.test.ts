// The mirror end to end: the sandbox's Personalize API sends experience webhooks to our server, the workers mirror
// each experience to its variant group, and the sandbox's request log shows what it cost.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import { recomputeAssignmentsJobSchema } from '@pb/shared';
import { DeadLetterStore } from '@pb/server/queue/dead-letters';
import { eventually, listGroups, sandboxRequests, startEngine, type Engine, type ListedGroup } from './harness';

let engine: Engine;

beforeAll(async () => {
  engine = await startEngine({
    env: { ADMIN_USER: 'ops', ADMIN_PASSWORD: 'ops-password', METRICS_TOKEN: 'scrape-token-0123456789' },
  });
});
afterAll(async () => {
  await engine.stop();
});

function groupOf(groups: ListedGroup[], experienceUid: string): ListedGroup[] {
  return groups.filter((g) => g.personalize_metadata?.experience_uid === experienceUid);
}

async function mirrored(experienceUid: string, names: Record<string, string>, groupName: string): Promise<ListedGroup> {
  return eventually(
    async () => {
      const groups = groupOf(await listGroups(engine), experienceUid);
      const group = groups[0];
      if (groups.length !== 1 || group === undefined || group.name !== groupName) return undefined;
      const variants = Object.fromEntries(
        (group.variants ?? []).map((v) => [v.personalize_metadata?.variant_short_uid ?? '?', v.name]),
      );
      return JSON.stringify(variants) === JSON.stringify(names) ? group : undefined;
    },
    30_000,
    `experience ${experienceUid} mirrored as ${JSON.stringify(names)}`,
  );
}

async function mirrorQueueIdle(): Promise<void> {
  const queue = new Queue('mirror', { connection: engine.redis, prefix: engine.config.QUEUE_PREFIX });
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

describe('mirror engine against the sandbox', () => {
  let experienceUid = '';
  let shortUid = '';

  it('creating and activating an experience with 3 variants yields one group with 3 aliased variants', async () => {
    const created = await engine.personalize.createAbTest('Spring hero');
    experienceUid = created.uid;
    shortUid = created.shortUid;
    const version = await engine.personalize.writeVersion(
      experienceUid,
      [{ name: 'Control' }, { name: 'Bold' }, { name: 'Calm' }],
      'ACTIVE',
    );
    const names = Object.fromEntries(version.variants.map((v) => [v.shortUid, v.name]));
    const group = await mirrored(experienceUid, names, 'Spring hero');
    expect(group.personalize_metadata).toMatchObject({ experience_uid: experienceUid, experience_short_uid: shortUid });
    expect(group.variants).toHaveLength(3);
    for (const variant of group.variants ?? []) {
      const vs = variant.personalize_metadata?.variant_short_uid ?? '';
      expect(variant.alias).toBe(`cs_personalize_${shortUid}_${vs}`);
      expect(variant.personalize_metadata).toMatchObject({ experience_uid: experienceUid, variant_short_uid: vs });
    }
  });

  it('queues one validated recompute-assignments job for the activated version', async () => {
    const queue = new Queue('recompute-assignments', { connection: engine.redis, prefix: engine.config.QUEUE_PREFIX });
    try {
      const jobs = await eventually(
        async () => {
          // Any state: the assignments worker may already have taken it.
          const found = await queue.getJobs(['waiting', 'delayed', 'prioritized', 'active', 'completed', 'failed']);
          return found.filter((j) => (j.data as { experienceUid?: string }).experienceUid === experienceUid).length > 0
            ? found
            : undefined;
        },
        15_000,
        'recompute job',
      );
      const mine = jobs.filter((j) => (j.data as { experienceUid?: string }).experienceUid === experienceUid);
      expect(mine).toHaveLength(1);
      const payload = recomputeAssignmentsJobSchema.parse(mine[0]?.data);
      const versions = await engine.personalize.versions(experienceUid);
      expect(payload.versionUid).toBe(versions.find((v) => v.status === 'ACTIVE')?.uid);
      expect(Object.keys(payload.variants).sort()).toEqual(
        versions
          .find((v) => v.status === 'ACTIVE')
          ?.variants.map((v) => v.shortUid)
          .sort(),
      );
      const group = groupOf(await listGroups(engine), experienceUid)[0];
      expect(payload.variantGroupUid).toBe(group?.uid);
    } finally {
      await queue.close();
    }
  });

  it('renaming the experience, adding, renaming and removing variants converge', async () => {
    await engine.personalize.renameExperience(experienceUid, 'Spring hero v2');
    const active = (await engine.personalize.versions(experienceUid)).find((v) => v.status === 'ACTIVE');
    const [control, bold] = active?.variants ?? [];
    // A new version: keep Control, rename Bold, drop Calm, add Loud.
    const next = await engine.personalize.writeVersion(
      experienceUid,
      [
        { shortUid: control?.shortUid ?? '0', name: 'Control' },
        { shortUid: bold?.shortUid ?? '1', name: 'Bolder' },
        { name: 'Loud' },
      ],
      'ACTIVE',
    );
    const names = Object.fromEntries(next.variants.map((v) => [v.shortUid, v.name]));
    const group = await mirrored(experienceUid, names, 'Spring hero v2');
    expect(group.variants).toHaveLength(3);
  });

  it('keeps a removed variant that an entry variant uses, and reports it as orphaned', async () => {
    const cma = {
      authtoken: engine.credentials.authtoken,
      api_key: engine.credentials.api_key,
      'content-type': 'application/json',
    };
    const group = groupOf(await listGroups(engine), experienceUid)[0];
    const loud = group?.variants?.find((v) => v.name === 'Loud');
    expect(loud).toBeDefined();
    // Link the group to a content type and give one of its entries a variant for "Loud".
    const linked = await fetch(`${engine.sandbox.url}/v3/variant_groups/${group?.uid}`, {
      method: 'PUT',
      headers: cma,
      body: JSON.stringify({ name: group?.name, content_types: [{ uid: 'promo_banner', status: 'linked' }] }),
    });
    expect(linked.status).toBe(200);
    const entries = (await (
      await fetch(`${engine.sandbox.url}/v3/content_types/promo_banner/entries`, { headers: cma })
    ).json()) as { entries: { uid: string }[] };
    const entryUid = entries.entries[0]?.uid ?? '';
    const written = await fetch(
      `${engine.sandbox.url}/v3/content_types/promo_banner/entries/${entryUid}/variants/${loud?.uid}?locale=en-us`,
      {
        method: 'PUT',
        headers: cma,
        body: JSON.stringify({ entry: { message: 'LOUD', _variant: { _change_set: ['message'] } } }),
      },
    );
    expect(written.status).toBeLessThan(300);

    const active = (await engine.personalize.versions(experienceUid)).find((v) => v.status === 'ACTIVE');
    const kept = (active?.variants ?? []).filter((v) => v.name !== 'Loud');
    await engine.personalize.writeVersion(
      experienceUid,
      kept.map((v) => ({ shortUid: v.shortUid, name: v.name })),
      'ACTIVE',
    );
    const field = `${engine.credentials.personalize_project_uid}/${experienceUid}`;
    const reports = await eventually(
      async () => {
        const raw = await engine.redis.hget(`${engine.config.QUEUE_PREFIX}:mirror:reports`, field);
        return raw?.includes('orphaned-variant') === true ? raw : undefined;
      },
      30_000,
      'orphan report',
    );
    expect(JSON.parse(reports)).toContainEqual({
      kind: 'orphaned-variant',
      groupUid: group?.uid,
      variantUid: loud?.uid,
      reason: 'used-by-entry-variants',
    });
    const after = groupOf(await listGroups(engine), experienceUid)[0];
    expect(after?.variants?.map((v) => v.uid)).toContain(loud?.uid);
  });

  it('re-running a mirror on a mirrored experience makes zero CMA writes', async () => {
    await mirrorQueueIdle();
    const since = Date.now();
    await engine.http.producer.enqueueMirror({
      stackApiKey: engine.credentials.api_key,
      projectUid: engine.credentials.personalize_project_uid,
      experienceUid,
      trigger: 'manual',
    });
    // The run is over when its reads happened and the queue is idle again.
    await eventually(async () =>
      (await sandboxRequests(engine.sandbox.url, since)).some((r) => r.path.startsWith('/v3/variant_groups'))
        ? true
        : undefined,
    );
    await mirrorQueueIdle();
    const requests = await sandboxRequests(engine.sandbox.url, since);
    expect(requests.filter((r) => r.kind === 'write')).toEqual([]);
    expect(requests.filter((r) => r.kind === 'read').length).toBeGreaterThan(0);
  });

  it('fails a permanently failing job at once, without retries, and leaves a dead letter with the reason', async () => {
    const job = {
      stackApiKey: 'blt_not_installed',
      projectUid: 'p_unknown',
      experienceUid: 'e_unknown',
      trigger: 'manual' as const,
    };
    await engine.http.producer.enqueueMirror(job);
    const queue = new Queue('mirror', { connection: engine.redis, prefix: engine.config.QUEUE_PREFIX });
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
      const letters = new DeadLetterStore(engine.redis, `${engine.config.QUEUE_PREFIX}:dead-letters`);
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
    const metrics = await (
      await fetch(`${engine.http.url}/metrics`, { headers: { authorization: 'Bearer scrape-token-0123456789' } })
    ).text();
    expect(metrics).toMatch(/pb_webhooks_received_total\{module="experience",outcome="queued"\} [1-9]/);
    expect(metrics).toMatch(/pb_plan_operations_applied_total\{op="add-variant"\} [1-9]/);
    expect(metrics).toMatch(/pb_external_calls_total\{service="cma",status="200"\} [1-9]/);
    expect(metrics).toMatch(/pb_jobs\{queue="mirror",state="completed"\} [1-9]/);
    expect(metrics).toContain('pb_mirror_lag_seconds_count');
    expect((await fetch(`${engine.http.url}/admin/queues`)).status).toBe(401);
    const wrong = Buffer.from('ops:nope').toString('base64');
    expect(
      (await fetch(`${engine.http.url}/admin/queues`, { headers: { authorization: `Basic ${wrong}` } })).status,
    ).toBe(401);
    const right = Buffer.from('ops:ops-password').toString('base64');
    expect(
      (await fetch(`${engine.http.url}/admin/queues`, { headers: { authorization: `Basic ${right}` } })).status,
    ).toBe(200);
  });
});
