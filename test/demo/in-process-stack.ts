// A whole stack in one process for the demo's integration test: the seeded sandbox, the HTTP server as
// `npm run server` runs it and the workers, on a random Redis prefix removed on stop. As under `npm start`, no stack
// is configured by environment: the app is installed on the seeded stack through the platform's real flow (install
// webhook + OAuth callback), so the demo runs on the installation's app tokens.
import { startInstalledApp } from '../marketplace/installed-app';
import { credentialsSchema, type SandboxCredentials } from './contentstack';
import { requestJson } from './http';

export interface DemoStack {
  serverUrl: string;
  sandboxUrl: string;
  credentials: SandboxCredentials;
  stop(): Promise<void>;
}

export async function startDemoStack(): Promise<DemoStack> {
  const app = await startInstalledApp();
  const credentials = await requestJson(credentialsSchema, 'GET', `${app.sandbox.url}/_sandbox/credentials`);
  const installed = await app.install(credentials.api_key);
  if (installed.callback.status !== 200) throw new Error(`install failed: ${JSON.stringify(installed.callback)}`);
  await app.installWebhookApplied(credentials.api_key, installed.installationUid);
  return {
    serverUrl: app.server.url,
    sandboxUrl: app.sandbox.url,
    credentials,
    stop: () => app.stop(),
  };
}
