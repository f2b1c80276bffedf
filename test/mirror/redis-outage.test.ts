// Redis stopped: CMS webhooks are answered 503 (never 2xx, so nothing is acknowledged that was not queued), and the
// poll and the guard wait. Redis back: the sandbox's retries deliver the webhook, and the experience activated during
// the outage is found by the next poll and guarded. The private Redis has no persistence, so it comes back empty:
// the workers must write their schedules (the poll's among them) again, or no change would ever be seen again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mirrorQueueIdle, startEngine, type Engine } from '../support/engine';
import { eventually, sleep } from '../support/eventually';
import { PrivateRedis } from '../support/private-redis';
import { guardDifferences, listGroups, syncRecord } from './harness';

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

async function entryDeliveries(): Promise<Delivery[]> {
  const answer = (await (await fetch(`${engine.sandbox.url}/_sandbox/webhook-deliveries?module=entry`)).json()) as {
    deliveries: Delivery[];
  };
  return answer.deliveries;
}

describe('Redis outage', () => {
  it('answers 503 while Redis is down and converges once it is back', async () => {
    const before = await engine.personalize.createAbTest('Outage hero');
    await engine.personalize.writeVersion(before.uid, [{ name: 'A' }, { name: 'B' }], 'ACTIVE');
    await eventually(async () => ((await syncRecord(engine, before.uid))?.state === 'synced' ? true : undefined));
    await mirrorQueueIdle(engine);
    await fetch(`${engine.sandbox.url}/_sandbox/webhook-deliveries`, { method: 'DELETE' });

    redis.stop();
    // An author edits an entry (a CMS webhook) and a marketer activates an experience (found only by polling).
    const cma = {
      authtoken: engine.credentials.authtoken,
      api_key: engine.credentials.api_key,
      'content-type': 'application/json',
    };
    const entries = (await (
      await fetch(`${engine.sandbox.url}/v3/content_types/promo_banner/entries`, { headers: cma })
    ).json()) as { entries: { uid: string }[] };
    const edited = await fetch(
      `${engine.sandbox.url}/v3/content_types/promo_banner/entries/${entries.entries[0]?.uid ?? ''}?locale=en-us`,
      { method: 'PUT', headers: cma, body: JSON.stringify({ entry: { title: 'Edited during the outage' } }) },
    );
    expect(edited.status).toBe(200);
    const during = await engine.personalize.createAbTest('Outage newcomer');
    await engine.personalize.writeVersion(during.uid, [{ name: 'A' }, { name: 'B' }], 'ACTIVE');
    // The first attempts (about 50 ms and 250 ms later at this time scale) meet the outage.
    const refused = await eventually(
      async () => {
        const statuses = (await entryDeliveries()).flatMap((d) => d.attempts.map((a) => a.status));
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
        guardDifferences(await listGroups(engine), during.uid).length === 0 &&
        (await syncRecord(engine, during.uid))?.state === 'synced'
          ? true
          : undefined,
      60_000,
      'the newcomer guarded after the outage',
    );
    const statuses = await eventually(
      async () => {
        const all = (await entryDeliveries()).flatMap((d) => d.attempts.map((a) => a.status));
        return all.includes(202) ? all : undefined;
      },
      60_000,
      'the entry webhook delivered',
    );
    expect(statuses.filter((s) => s !== null && s >= 200 && s < 300 && s !== 202)).toEqual([]);
  }, 120_000);
});
