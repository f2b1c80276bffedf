// The full sweep finds what the poll does not see: with the poll slowed to once an hour, an experience created and
// activated, one renamed and one deleted are still guarded by the next sweep (every SWEEP_INTERVAL_MS): the new one
// linked and served, the renamed one synced under its new name, the deleted one's group kept and reported.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workerCountersKey } from '@pb/server/metrics';
import { mirrorKeys } from '@pb/server/mirror/keys';
import { mirrorQueueIdle, served, startEngine, type Engine } from '../support/engine';
import { eventually } from '../support/eventually';
import { guardDifferences, listGroups, syncRecord } from './harness';

const INTERVAL_MS = 4000;
let engine: Engine;

beforeAll(async () => {
  engine = await startEngine({ env: { SWEEP_INTERVAL_MS: String(INTERVAL_MS), POLL_INTERVAL_S: '3600' } });
});
afterAll(async () => {
  await engine.stop();
});

async function synced(uid: string): Promise<boolean> {
  return (await syncRecord(engine, uid))?.state === 'synced';
}

describe('the full sweep', () => {
  it('guards what changed between polls: new, renamed and deleted experiences', async () => {
    // The first poll at start sees every experience; later changes wait for the sweep.
    const kept = await engine.personalize.createAbTest('Sweep kept');
    await engine.personalize.writeVersion(kept.uid, [{ name: 'A' }, { name: 'B' }], 'ACTIVE');
    const doomed = await engine.personalize.createAbTest('Sweep doomed');
    await engine.personalize.writeVersion(doomed.uid, [{ name: 'A' }, { name: 'B' }]);
    await eventually(
      async () => ((await synced(kept.uid)) && (await synced(doomed.uid)) ? true : undefined),
      INTERVAL_MS * 2 + 20_000,
      'first guard runs',
    );
    await mirrorQueueIdle(engine);

    const fresh = await engine.personalize.createAbTest('Sweep fresh');
    await engine.personalize.writeVersion(fresh.uid, [{ name: 'X' }, { name: 'Y' }, { name: 'Z' }], 'ACTIVE');
    await engine.personalize.renameExperience(kept.uid, 'Sweep kept renamed');
    await engine.personalize.deleteExperience(doomed.uid);

    await eventually(
      async () => {
        const groups = await listGroups(engine);
        const renamed = groups.find((g) => g.personalize_metadata?.experience_uid === kept.uid);
        const doomedState = (await syncRecord(engine, doomed.uid))?.state;
        const ok =
          guardDifferences(groups, fresh.uid).length === 0 &&
          (await synced(fresh.uid)) &&
          renamed?.name === 'Sweep kept renamed' &&
          (await synced(kept.uid)) &&
          doomedState === 'orphaned' &&
          (await served(engine)).get(fresh.shortUid) != null;
        return ok ? true : undefined;
      },
      INTERVAL_MS * 3 + 30_000,
      'the sweep guarded every change',
    );
    const groups = await listGroups(engine);
    expect(groups.filter((g) => g.personalize_metadata?.experience_uid === doomed.uid)).toHaveLength(1);
    const reports = await engine.redis.hget(
      mirrorKeys(engine.config.QUEUE_PREFIX).reports,
      `${engine.credentials.personalize_project_uid}/${doomed.uid}`,
    );
    expect(reports).toContain('experience-deleted');
    // The sweep queued these guard runs (the poll ran once, at start).
    const bySweep = await engine.redis.hget(
      workerCountersKey(engine.config.QUEUE_PREFIX),
      'pb_mirror_jobs_total{outcome="completed",trigger="sweep"}',
    );
    expect(Number(bySweep)).toBeGreaterThanOrEqual(3);
  }, 120_000);
});
