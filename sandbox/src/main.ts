/**
 * `npm run sandbox`: the sandbox on SANDBOX_PORT (default 4100) and over HTTPS on SANDBOX_HTTPS_PORT
 * (default 4443; `off` for none), state in SANDBOX_STATE_FILE when set.
 */
import { startSandbox } from './server';

const port = Number(process.env['SANDBOX_PORT'] ?? 4100);
const httpsSetting = process.env['SANDBOX_HTTPS_PORT'] ?? '4443';
const stateFile = process.env['SANDBOX_STATE_FILE'];
const sandbox = await startSandbox({
  port,
  ...(stateFile ? { stateFile } : {}),
  ...(httpsSetting === 'off' ? {} : { httpsPort: Number(httpsSetting) }),
});
process.stdout.write(`sandbox ready ${sandbox.url}\n`);
if (sandbox.https !== undefined) {
  process.stdout.write(`sandbox https ${sandbox.https.url} (certificate: ${sandbox.https.certPath})\n`);
}

const stop = (): void => {
  void sandbox.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
