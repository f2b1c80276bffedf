/**
 * `@pb/sandbox/testing` against a real sandbox and a stand-in app (a bare HTTP server with an OAuth callback and a
 * webhook receiver): the install flow reaches both of the app's endpoints the way the platform's does, and the
 * server environment points every base URL at the sandbox.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../src/index';
import { createInstallation, installApp, mintAppToken, serverEnvironment } from '../../src/testing/index';

interface AppRequest {
  method: string;
  url: string;
  body: string;
}

const body = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });

describe('@pb/sandbox/testing', () => {
  let sandbox: RunningSandbox;
  let app: Server;
  let appUrl: string;
  const received: AppRequest[] = [];
  let apiKey: string;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, timeScale: 0.001 });
    app = createServer((req, res) => {
      void body(req).then((text) => {
        received.push({ method: req.method ?? '', url: req.url ?? '', body: text });
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(req.url?.startsWith('/oauth/callback') === true ? { status: 'installed' } : {}));
      });
    });
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
    apiKey = ((await (await fetch(`${sandbox.url}/_sandbox/credentials`)).json()) as { api_key: string }).api_key;
  });
  afterAll(async () => {
    app.closeAllConnections();
    await new Promise<void>((resolve) => app.close(() => resolve()));
    await sandbox.close();
  });

  it('installs through the whole flow: the install webhook and the redirect to the callback reach the app', async () => {
    const { installation, callback } = await installApp(sandbox.url, apiKey, {
      endpoints: { redirectUri: `${appUrl}/oauth/callback`, webhookUrl: `${appUrl}/webhooks` },
      configuration: { region: 'NA' },
    });
    expect(installation.status).toBe(201);
    expect(callback).toEqual({ status: 200, body: { status: 'installed' } });
    const redirect = new URL(installation.redirectUrl);
    expect(`${redirect.origin}${redirect.pathname}`).toBe(`${appUrl}/oauth/callback`);
    expect(redirect.searchParams.get('code')).toBe(installation.code);
    expect(redirect.searchParams.get('installation_uid')).toBe(installation.installationUid);
    expect(received.filter((r) => r.method === 'GET').map((r) => r.url)).toEqual([
      `${redirect.pathname}${redirect.search}`,
    ]);
    for (let i = 0; i < 100 && !received.some((r) => r.method === 'POST'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const webhook = received.find((r) => r.method === 'POST' && r.url === '/webhooks');
    expect(JSON.parse(webhook?.body ?? '{}')).toMatchObject({ module: 'app_installation', event: 'install' });
  });

  it('re-authorizes an installed stack (200) and names the refusal for an unknown one', async () => {
    expect((await createInstallation(sandbox.url, apiKey)).status).toBe(200);
    await expect(createInstallation(sandbox.url, 'blt_nope')).rejects.toThrow(
      /the sandbox answered 412 to POST \/_sandbox\/installations/,
    );
  });

  it('mints a signed-location app token for a user of the installed stack', async () => {
    const token = await mintAppToken(sandbox.url, { apiKey, userUid: 'u1', location: 'cs.cm.stack.sidebar' });
    expect(token.split('.')).toHaveLength(3);
  });

  it('points every base URL of a server at the sandbox, and adds the app client only when given', () => {
    const plain = serverEnvironment(sandbox.url);
    expect(plain['CONTENTSTACK_CMA_URL']).toBe(`${sandbox.url}/v3`);
    expect(plain['PERSONALIZE_API_URL']).toBe(`${sandbox.url}/personalize`);
    expect(plain['CONTENTSTACK_PUBLIC_KEYS_URL']).toBe(`${sandbox.url}/.well-known/public-keys.json`);
    expect(plain['APPS_API_URL']).toBe(`${sandbox.url}/apps-api`);
    expect(Object.keys(plain).filter((k) => k.startsWith('APP_'))).toEqual([]);
    const asApp = serverEnvironment(sandbox.url, { app_uid: 'a', client_id: 'c', client_secret: 's' });
    expect(asApp).toMatchObject({ APP_UID: 'a', APP_CLIENT_ID: 'c', APP_CLIENT_SECRET: 's' });
  });
});
