// Redis stopped: webhooks are answered 503 (never 2xx, so nothing is acknowledged that was not queued). Redis back:
// the sandbox's retries deliver and the state converges.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  expectedMirror,
  listGroups,
  mirrorDifferences,
  mirrorQueueIdle,
  sleep,
  startEngine,
  type Engine,
} from './harness';
import { PrivateRedis } from './private-redis';

let redis: PrivateRedis;
let engine: Engine;

beforeAll(async () => {
  redis = await PrivateRedis.start();
  engine = await startEngine({ redisUrl: redis.url, timeScale: 0.01 });
});
afterAll(async () => {
  await redis.resume().catch(() => undefined);
  await engine.stop();
  redis.stop();
});

interface Delivery {
  module: string;
  event: string;
  attempts: { status: number | null }[];
}

describe('Redis outage', () => {
  it("answers 503 while Redis is down and converges from the sender's retries once it is back", async () => {
    const created = await engine.personalize.createAbTest('Outage hero');
    await engine.personalize.writeVersion(created.uid, [{ name: 'A' }, { name: 'B' }], 'ACTIVE');
    await eventually(async () =>
      mirrorDifferences(await listGroups(engine), created.uid, await expectedMirror(engine, created.uid)).length === 0
        ? true
        : undefined,
    );
    await mirrorQueueIdle(engine);
    await fetch(`${engine.sandbox.url}/_sandbox/webhook-deliveries`, { method: 'DELETE' });

    redis.stop();
    await engine.personalize.renameExperience(created.uid, 'Outage hero renamed');
    // The first attempts (about 50 ms and 250 ms later at this time scale) meet the outage.
    const refused = await eventually(
      async () => {
        const { deliveries } = (await (
          await fetch(`${engine.sandbox.url}/_sandbox/webhook-deliveries?module=experience`)
        ).json()) as { deliveries: Delivery[] };
        const statuses = deliveries.flatMap((d) => d.attempts.map((a) => a.status));
        return statuses.length >= 2 ? statuses : undefined;
      },
      20_000,
      'failed delivery attempts',
    );
    expect(refused.every((s) => s === null || s === 503)).toBe(true);
    expect(refused).toContain(503);
    await sleep(300);

    await redis.resume();
    await eventually(
      async () =>
        mirrorDifferences(await listGroups(engine), created.uid, await expectedMirror(engine, created.uid)).length === 0
          ? true
          : undefined,
      60_000,
      'converged after the outage',
    );
    const { deliveries } = (await (
      await fetch(`${engine.sandbox.url}/_sandbox/webhook-deliveries?module=experience`)
    ).json()) as { deliveries: Delivery[] };
    const statuses = deliveries.flatMap((d) => d.attempts.map((a) => a.status));
    expect(statuses).toContain(202);
    expect(statuses.filter((s) => s !== null && s >= 200 && s < 300 && s !== 202)).toEqual([]);
  }, 120_000);
});
