// Webhook ingest (verify the RSA-PSS signature on the raw bytes + durable enqueue) against a bare Express route on
// the same machine, in the same run. The measuring code lives in webhook-ingest.ts (also runnable alone with tsx).
import { defineBench } from './lib/bench';
import { run } from './webhook-ingest';

export default defineBench({
  name: 'webhook ingest',
  async run() {
    const r = await run();
    return [
      {
        name: 'signed webhooks ingested (verify + enqueue)',
        value: r.ingestPerSecond ?? 0,
        unit: 'req/s',
        baseline: { name: 'bare Express route', value: r.bareExpressPerSecond ?? 1 },
        goal: { op: '>=', target: 0.7 },
        note: 'servers in their own process; closed loop, 16 concurrent senders, 3 rounds of 3,000 distinct signed deliveries, interleaved with the baseline',
      },
      {
        name: 'server CPU per delivery',
        value: r.ingestCpuMicros ?? 0,
        unit: 'µs',
        baseline: { name: 'bare Express route', value: r.bareCpuMicros ?? 1 },
        note: "the server process's CPU time over each round ÷ deliveries (median of rounds); Redis' own time for the enqueue script is not in it",
      },
      {
        name: 'Redis round trips per accepted delivery (request path)',
        value: r.roundTripsPerDelivery ?? Infinity,
        unit: 'round trips',
        goal: { op: '<=', target: 1 },
        note: `commands from clients (not inside Lua) seen by MONITOR over 200 sequential deliveries, less the background ones: the rate limit's sync and the admission refresh, ${r.backgroundPerDelivery} per delivery at this rate (they do not grow with the rate)`,
      },
      { name: 'ingest latency p50', value: r.p50Ms ?? 0, unit: 'ms' },
      { name: 'ingest latency p99', value: r.p99Ms ?? 0, unit: 'ms' },
    ];
  },
});
