// `npm run server`: the HTTP server alone on PORT — webhooks, the OAuth callback, /healthz, /readyz, /metrics,
// /admin/queues, the edge decision API (/edge), results (/api/experiences/:uid/results) and the app UI's API (/api/ui).
import { loadConfig } from './config';
import { createLogger } from './logger';
import { startAppServer } from './composition/app-server';

const config = loadConfig(process.env);
const log = createLogger(config, 'http');
const server = await startAppServer(config, log);
process.stdout.write(`server listening on ${server.url}\n`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
