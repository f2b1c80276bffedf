// `npm run server`: the HTTP server alone on PORT — webhooks, /healthz, /readyz, /metrics, /admin/queues, the edge
// decision API (/edge), results (/api/experiences/:uid/results) and the app UI's API (/api/ui).
import { loadConfig } from './config';
import { createLogger } from './logger';
import { startHttpRuntime } from './http-runtime';
import { createDecisionApi, operatorAuthorizer } from './edge/decision-api';
import { staticInstallations } from './installations';
import { firstOf } from './results/authorize';
import { createUiApi, sessionAuthorizer, type UiApi } from './ui-api/index';

const config = loadConfig(process.env);
const log = createLogger(config, 'http');
const installations = staticInstallations(config);

// The UI API needs the runtime's Redis connection and producer, so it is built when the runtime mounts routers;
// results accept its sessions once it exists, and the operator credential always.
let ui: UiApi | undefined;
const decisions = createDecisionApi(config, {
  installations,
  authorize: firstOf(
    (req) => (ui === undefined ? null : sessionAuthorizer(ui.sessions, installations)(req)),
    operatorAuthorizer(config),
  ),
});
await decisions.ready();
const runtime = await startHttpRuntime(config, log, {
  routers: ({ redis, producer }) => {
    ui = createUiApi(config, { redis, producer, installations, log });
    return [...decisions.routers, ui.router];
  },
});
process.stdout.write(`server listening on ${runtime.url}\n`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    runtime
      .close()
      .then(() => Promise.all([decisions.close(), ui?.close()]))
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  });
}
