/**
 * `tsx app-ui/dev-host/main.ts [--built]`: the app on UI_PORT (Vite dev server, or the production build with
 * --built) and the dev host on DEV_HOST_PORT, wired to the sandbox (SANDBOX_URL) and our server (SERVER_URL).
 */
import { startDevHost } from './server';
import type { Running } from './server';
import { appUiRoot, startUiServer } from './ui-server';

const uiPort = Number(process.env.UI_PORT ?? 4200);
const hostPort = Number(process.env.DEV_HOST_PORT ?? 4300);
const sandboxUrl = process.env.SANDBOX_URL ?? 'http://127.0.0.1:4100';
const serverUrl = process.env.SERVER_URL ?? 'http://127.0.0.1:4000';

async function startApp(): Promise<Running> {
  if (process.argv.includes('--built')) return startUiServer({ port: uiPort, build: true });
  const { createServer } = await import('vite');
  const vite = await createServer({
    root: appUiRoot,
    configFile: `${appUiRoot}vite.config.ts`,
    server: { port: uiPort },
  });
  await vite.listen();
  return { url: `http://127.0.0.1:${uiPort}`, close: () => vite.close() };
}

const app = await startApp();
const host = await startDevHost({ port: hostPort, appUrl: app.url, sandboxUrl, serverUrl });
process.stdout.write(`dev host ready ${host.url} app=${app.url}\n`);

const stop = () => {
  void Promise.allSettled([host.close(), app.close()]).then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
