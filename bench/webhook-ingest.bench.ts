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
      },
      { name: 'ingest latency p50', value: r.p50Ms ?? 0, unit: 'ms' },
      { name: 'ingest latency p99', value: r.p99Ms ?? 0, unit: 'ms' },
    ];
  },
});
