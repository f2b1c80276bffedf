// `npm run worker`: the BullMQ workers (mirror, sweep, events). Stops gracefully within SHUTDOWN_DEADLINE_MS.
import { loadConfig } from './config';
import { createLogger } from './logger';
import { startWorkerRuntime } from './composition/worker-process';

const config = loadConfig(process.env);
const log = createLogger(config, 'worker');
const runtime = await startWorkerRuntime(config, log);
process.stdout.write('worker ready\n');

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping workers');
    runtime.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
