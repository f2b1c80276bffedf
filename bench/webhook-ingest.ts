// Webhook ingest throughput (RSA-PSS verify + parse + dedup check + BullMQ enqueue on real Redis), as a ratio to a
// bare Express route on the same machine in the same run, with p50/p99 latency. Run: npx tsx bench/webhook-ingest.ts
import type { AddressInfo } from 'node:net';
import express from 'express';
import { rsaSignature } from '@pb/test/support/signing';
import { entryEvent } from '@pb/test/support/webhook-events';
import { startWebhookReceiver } from '@pb/test/support/webhook-receiver';
import { median, percentile } from './lib/measure';
import { load } from './lib/load';

const REQUESTS = 3000;
const CONCURRENCY = 16;
const ROUNDS = 3;

export async function run(): Promise<Record<string, number>> {
  const receiver = await startWebhookReceiver({
    prefixStem: 'pbbench',
    // The limiter stays on (its cost is part of the path) but above this load, which comes from one address.
    env: { RATE_LIMIT_WEBHOOKS: '1000000' },
  });
  const { http: runtime, signing } = receiver;
  // The stack is installed as a marketplace installation is: the ingest gate reads its record from Redis.
  await runtime.installations.store.recordInstall({
    installationUid: 'inst_bench',
    stackApiKey: 'blt_bench',
    organizationUid: 'org_bench',
  });

  const baseline = express();
  baseline.post('/webhooks/contentstack', express.raw({ type: () => true, limit: 1024 * 1024 }), (_req, res) => {
    res.status(202).json({ status: 'queued' });
  });
  const baselineServer = baseline.listen(0, '127.0.0.1');
  await new Promise((resolve) => baselineServer.once('listening', resolve));
  const baselineUrl = `http://127.0.0.1:${(baselineServer.address() as AddressInfo).port}/webhooks/contentstack`;

  // Distinct, pre-signed deliveries (signing is the sender's cost, not ours): entry updates of 30 entries, every
  // delivery new. Entry events are what Contentstack sends most; Personalize sends no webhooks.
  let serial = 0;
  const delivery = () => {
    serial += 1;
    const body = Buffer.from(
      JSON.stringify(
        entryEvent('blt_bench', `blt_entry_${serial % 30}`, {
          triggeredAt: new Date(Date.now() - serial),
          title: 'Hero',
          version: serial,
        }),
      ),
    );
    return {
      body,
      headers: {
        'content-type': 'application/json',
        'x-contentstack-request-signature': rsaSignature(body, signing),
      },
    };
  };
  const prepare = (n: number) => Array.from({ length: n }, delivery);

  const ours: number[] = [];
  const bare: number[] = [];
  const latencies: number[] = [];
  await load(
    `${runtime.url}/webhooks/contentstack`,
    (i) => warm[i % warm.length] as ReturnType<typeof delivery>,
    300,
    CONCURRENCY,
  );
  for (let round = 0; round < ROUNDS; round++) {
    const batch = prepare(REQUESTS);
    const b = await load(baselineUrl, (i) => batch[i] as ReturnType<typeof delivery>, REQUESTS, CONCURRENCY);
    const o = await load(
      `${runtime.url}/webhooks/contentstack`,
      (i) => batch[i] as ReturnType<typeof delivery>,
      REQUESTS,
      CONCURRENCY,
    );
    if ((o.statuses[202] ?? 0) !== REQUESTS) throw new Error(`ingest answered ${JSON.stringify(o.statuses)}`);
    bare.push(b.perSecond);
    ours.push(o.perSecond);
    latencies.push(...o.latenciesMs);
  }

  await new Promise((resolve) => baselineServer.close(resolve));
  await receiver.stop();

  return {
    ingestPerSecond: Math.round(median(ours)),
    bareExpressPerSecond: Math.round(median(bare)),
    ratioToBareExpress: Number((median(ours) / median(bare)).toFixed(3)),
    p50Ms: Number(percentile(latencies, 50).toFixed(2)),
    p99Ms: Number(percentile(latencies, 99).toFixed(2)),
  };
}
const warm = Array.from({ length: 10 }, () => ({
  body: Buffer.from('{}'),
  headers: { 'content-type': 'application/json' },
}));

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await run();
  process.stdout.write(`webhook-ingest ${JSON.stringify(result)}\n`);
}
