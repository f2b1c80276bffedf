// Webhook ingest throughput (RSA-PSS verify + parse + dedup check + BullMQ enqueue on real Redis), as a ratio to a
// bare Express route on the same machine in the same run, with p50/p99 latency. Both servers run in a child process
// of their own (bench/servers/webhook-ingest-server.ts) and the load generator here, so the figures are the
// server's. Run: npx tsx bench/webhook-ingest.ts
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { REDIS_URL, removePrefix } from '@pb/test/support/redis';
import { newSigningKey, rsaSignature, serveKeys } from '@pb/test/support/signing';
import { entryEvent } from '@pb/test/support/webhook-events';
import { startChildServer } from './lib/child-server';
import { median, percentile } from './lib/measure';
import { load } from './lib/load';
import { isWebhookIngestUrls } from './servers/webhook-ingest-urls';

const REQUESTS = 3000;
const CONCURRENCY = 16;
const ROUNDS = 3;

export async function run(): Promise<Record<string, number>> {
  const signing = newSigningKey();
  const keys = await serveKeys({ 'signing-key': signing.publicPem });
  const prefix = `pbbench${randomBytes(4).toString('hex')}`;
  const server = await startChildServer(
    new URL('./servers/webhook-ingest-server.ts', import.meta.url),
    { REDIS_URL, BENCH_PREFIX: prefix, CONTENTSTACK_PUBLIC_KEYS_URL: keys.url },
    isWebhookIngestUrls,
  );
  const { ingest: ingestUrl, bare: baselineUrl } = server.urls;

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
  const bareCpu: number[] = [];
  const oursCpu: number[] = [];
  await load(ingestUrl, (i) => warm[i % warm.length] as ReturnType<typeof delivery>, 300, CONCURRENCY);
  for (let round = 0; round < ROUNDS; round++) {
    const batch = prepare(REQUESTS);
    const c0 = await server.cpuMicros();
    const b = await load(baselineUrl, (i) => batch[i] as ReturnType<typeof delivery>, REQUESTS, CONCURRENCY);
    const c1 = await server.cpuMicros();
    const o = await load(ingestUrl, (i) => batch[i] as ReturnType<typeof delivery>, REQUESTS, CONCURRENCY);
    const c2 = await server.cpuMicros();
    bareCpu.push((c1 - c0) / REQUESTS);
    oursCpu.push((c2 - c1) / REQUESTS);
    if ((o.statuses[202] ?? 0) !== REQUESTS) throw new Error(`ingest answered ${JSON.stringify(o.statuses)}`);
    bare.push(b.perSecond);
    ours.push(o.perSecond);
    latencies.push(...o.latenciesMs);
  }

  // Redis round trips per accepted delivery: every command Redis receives from a client (not from inside a Lua
  // script) while 200 new deliveries are ingested one at a time, as MONITOR reports them. Background work of the
  // server in that time (the rate limit's sync) is counted too.
  const monitor = await new Redis(REDIS_URL).monitor();
  let commands = 0;
  const byName = new Map<string, number>();
  monitor.on('monitor', (_time: string, args: string[], source: string) => {
    if (source === 'lua') return;
    commands += 1;
    const name = (args[0] ?? '?').toLowerCase();
    byName.set(name, (byName.get(name) ?? 0) + 1);
  });
  const watched = prepare(200);
  const m = await load(ingestUrl, (i) => watched[i] as ReturnType<typeof delivery>, watched.length, 1);
  if ((m.statuses[202] ?? 0) !== watched.length) throw new Error(`ingest answered ${JSON.stringify(m.statuses)}`);
  // MONITOR's stream may trail the last answer by a moment.
  await new Promise((resolve) => setTimeout(resolve, 200));
  monitor.disconnect();
  process.stdout.write(
    `  commands seen over ${watched.length} deliveries: ${JSON.stringify(Object.fromEntries(byName))}\n`,
  );

  await server.stop();
  await keys.close();
  const redis = new Redis(REDIS_URL);
  await removePrefix(redis, prefix);
  redis.disconnect();

  return {
    ingestPerSecond: Math.round(median(ours)),
    bareExpressPerSecond: Math.round(median(bare)),
    ratioToBareExpress: Number((median(ours) / median(bare)).toFixed(3)),
    ingestCpuMicros: Number(median(oursCpu).toFixed(1)),
    bareCpuMicros: Number(median(bareCpu).toFixed(1)),
    p50Ms: Number(percentile(latencies, 50).toFixed(2)),
    p99Ms: Number(percentile(latencies, 99).toFixed(2)),
    // The request path's commands: all but the background ones (the rate limit's sync is the HTTP side's only EVAL;
    // BullMQ calls EVALSHA), and the admission view's refresh (one GET of the installation a second).
    roundTripsPerDelivery: Number(
      (
        (commands - (byName.get('eval') ?? 0) - Math.min(byName.get('get') ?? 0, m.seconds + 1)) /
        watched.length
      ).toFixed(2),
    ),
    backgroundPerDelivery: Number(
      (((byName.get('eval') ?? 0) + Math.min(byName.get('get') ?? 0, m.seconds + 1)) / watched.length).toFixed(2),
    ),
    commandsSeen: commands,
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
