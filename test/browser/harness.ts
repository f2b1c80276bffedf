/**
 * Browser-test harness: Debian's Chromium driven by playwright-core (no browser download works here), the
 * sandbox, the built app on its own origin and the dev host that plays the CMS around it. Everything listens on
 * a free loopback port and is closed by `close()`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext, FrameLocator, Page } from 'playwright-core';
import { startSandbox } from '@pb/sandbox';
import { startDevHost } from '../../app-ui/dev-host/server';
import { startUiServer } from '../../app-ui/dev-host/ui-server';
import { CHROMIUM, CHROMIUM_FLAGS } from '../support/chromium';
import { freePort } from '../support/ports';
import { sandboxCredentials } from '../support/sandbox-credentials';
import { startUiApiServer, type UiApiServer } from '../support/ui-api-server';

export async function launchBrowser(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = await mkdtemp(join(tmpdir(), 'pb-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1200, height: 900 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** A loopback URL where nothing listens (a port just freed): the app must say the server is unreachable. */
async function closedPortUrl(): Promise<string> {
  return `http://127.0.0.1:${await freePort()}`;
}

/**
 * One JSON call. The test's calls share the organization's request budget with the app: a 429 is waited out like
 * any client would.
 */
async function call(
  url: string,
  method: string,
  body: unknown,
  headers: Record<string, string>,
): Promise<{ status: number; body: unknown }> {
  for (let attempt = 1; ; attempt += 1) {
    const response = await fetch(url, {
      method,
      headers: { ...headers, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (response.status !== 429 || attempt >= 5) {
      const text = await response.text();
      return { status: response.status, body: text === '' ? {} : (JSON.parse(text) as unknown) };
    }
    await response.arrayBuffer();
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

export interface Stack {
  serverUrl: string;
  sandboxUrl: string;
  appUrl: string;
  hostUrl: string;
  credentials: { api_key: string; management_token: string; authtoken: string; personalize_project_uid: string };
  /** A CMA call with the management token, as a test's independent view of the sandbox (GET unless a method). */
  cma(path: string, method?: string, body?: unknown): Promise<{ status: number; body: unknown }>;
  /** A Personalize Management API call as a person would make it (authtoken, the stack's project). */
  personalize(path: string, method?: string, body?: unknown): Promise<{ status: number; body: unknown }>;
  /** A sandbox admin call (`/_sandbox/...`), e.g. to pause Personalize's CMS sync. */
  admin(path: string, method?: string, body?: unknown): Promise<{ status: number; body: unknown }>;
  /** The server (UI API + workers) when started with `withServer`. */
  server: UiApiServer | null;
  close(): Promise<void>;
}

export async function startStack(
  options: {
    serverUrl?: string;
    withServer?: boolean;
    /** Sandbox knobs (time scale, Personalize's sync delay) for tests that stage the sync's states. */
    sandbox?: Omit<NonNullable<Parameters<typeof startSandbox>[0]>, 'port'>;
    /** Extra server environment (poll interval, sync deadline). */
    serverEnv?: Record<string, string>;
  } = {},
): Promise<Stack> {
  const sandbox = await startSandbox({ port: 0, ...options.sandbox });
  const ui = await startUiServer({ build: true });
  // The real server: the UI API and the real workers in-process, on a random Redis prefix (REDIS_URL).
  const server =
    options.withServer === true
      ? await startUiApiServer({ sandbox, ...(options.serverEnv ? { env: options.serverEnv } : {}) })
      : null;
  await server?.startWorkers();
  const serverUrl = server?.url ?? options.serverUrl ?? (await closedPortUrl());
  const host = await startDevHost({
    appUrl: ui.url,
    sandboxUrl: sandbox.url,
    serverUrl,
  });
  const credentials = await sandboxCredentials(sandbox.url);
  return {
    sandboxUrl: sandbox.url,
    serverUrl,
    appUrl: ui.url,
    hostUrl: host.url,
    credentials,
    server,
    cma: (path, method = 'GET', body) =>
      call(`${sandbox.url}/v3${path}`, method, body, {
        api_key: credentials.api_key,
        authorization: credentials.management_token,
      }),
    personalize: (path, method = 'GET', body) =>
      call(`${sandbox.url}/personalize${path}`, method, body, {
        authtoken: credentials.authtoken,
        'x-project-uid': credentials.personalize_project_uid,
      }),
    admin: (path, method = 'GET', body) => call(`${sandbox.url}${path}`, method, body, {}),
    close: async () => {
      await Promise.allSettled([host.close(), ui.close()]);
      await server?.stop();
      await sandbox.close();
    },
  };
}

/** Opens one location in the dev host (which plays the CMS around the app) and waits for the host to be ready. */
export async function openLocation(
  context: BrowserContext,
  hostUrl: string,
  query: Record<string, string>,
): Promise<{ page: Page; app: FrameLocator }> {
  const page = await context.newPage();
  await page.goto(`${hostUrl}/?${new URLSearchParams({ ...query, open: '1' }).toString()}`);
  await page.waitForSelector('body[data-ready]');
  const ready = await page.locator('body').getAttribute('data-ready');
  if (ready !== 'true') throw new Error(`dev host did not start: ${await page.locator('#log').innerText()}`);
  return { page, app: page.frameLocator('#app-frame') };
}
