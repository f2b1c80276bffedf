/** `npm run sandbox`: the sandbox on SANDBOX_PORT (default 4100), state in SANDBOX_STATE_FILE when set. */
import { startSandbox } from './server';

const port = Number(process.env['SANDBOX_PORT'] ?? 4100);
const stateFile = process.env['SANDBOX_STATE_FILE'];
const sandbox = await startSandbox({ port, ...(stateFile ? { stateFile } : {}) });
process.stdout.write(`sandbox ready ${sandbox.url}\n`);

const stop = (): void => {
  void sandbox.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
