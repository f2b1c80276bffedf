// `npm run server`: the HTTP server alone (webhooks, /healthz, /readyz, /metrics, /admin/queues) on PORT.
import { loadConfig } from './config';
import { createLogger } from './logger';
import { startHttpRuntime } from './http-runtime';

const config = loadConfig(process.env);
const log = createLogger(config, 'http');
const runtime = await startHttpRuntime(config, log);
process.stdout.write(`server listening on ${runtime.url}\n`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    runtime.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
