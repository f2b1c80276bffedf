// Webhooks lost for good (the sender gave up): the reconciliation sweep finds what changed and converges the state.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  expectedMirror,
  listGroups,
  mirrorDifferences,
  mirrorQueueIdle,
  startEngine,
  type Engine,
} from './harness';

const INTERVAL_MS = 4000;
let engine: Engine;

beforeAll(async () => {
  engine = await startEngine({ env: { SWEEP_INTERVAL_MS: String(INTERVAL_MS) } });
});
afterAll(async () => {
  await engine.stop();
});

describe('reconciliation sweep', () => {
  it('converges changes whose webhooks never arrived, and unlinks the group of a deleted experience', async () => {
    const kept = await engine.personalize.createAbTest('Sweep kept');
    await engine.personalize.writeVersion(kept.uid, [{ name: 'A' }, { name: 'B' }], 'ACTIVE');
    const doomed = await engine.personalize.createAbTest('Sweep doomed');
    await engine.personalize.writeVersion(doomed.uid, [{ name: 'A' }, { name: 'B' }]);
    await eventually(async () =>
      mirrorDifferences(await listGroups(engine), kept.uid, await expectedMirror(engine, kept.uid)).length === 0
        ? true
        : undefined,
    );
    await mirrorQueueIdle(engine);

    // Every webhook target goes away: from now on nothing is delivered.
    const { targets } = (await (await fetch(`${engine.sandbox.url}/_sandbox/webhook-targets`)).json()) as {
      targets: { uid: string }[];
    };
    for (const target of targets)
      await fetch(`${engine.sandbox.url}/_sandbox/webhook-targets/${target.uid}`, { method: 'DELETE' });

    const fresh = await engine.personalize.createAbTest('Sweep fresh');
    await engine.personalize.writeVersion(fresh.uid, [{ name: 'X' }, { name: 'Y' }, { name: 'Z' }], 'ACTIVE');
    await engine.personalize.renameExperience(kept.uid, 'Sweep kept renamed');
    await engine.personalize.deleteExperience(doomed.uid);

    await eventually(
      async () => {
        const groups = await listGroups(engine);
        const problems = [
          ...mirrorDifferences(groups, fresh.uid, await expectedMirror(engine, fresh.uid)),
          ...mirrorDifferences(groups, kept.uid, await expectedMirror(engine, kept.uid)),
        ];
        return problems.length === 0 ? true : undefined;
      },
      INTERVAL_MS * 2 + 20_000,
      'sweep converged',
    );
    // The deleted experience's group is kept but unlinked and reported (default policy); never duplicated.
    const groups = await listGroups(engine);
    expect(groups.filter((g) => g.personalize_metadata?.experience_uid === doomed.uid)).toHaveLength(1);
    const reports = await engine.redis.hget(
      `${engine.config.QUEUE_PREFIX}:mirror:reports`,
      `${engine.credentials.personalize_project_uid}/${doomed.uid}`,
    );
    expect(reports).toContain('experience-deleted');
  }, 120_000);
});
