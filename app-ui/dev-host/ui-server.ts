/**
 * Serves the built app (app-ui/dist) as the CMS would load it: its own origin, one path per location, every
 * route answered with index.html.
 */
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { closeServer } from './server';
import type { Running } from './server';

export const appUiRoot = fileURLToPath(new URL('..', import.meta.url));
const distDir = fileURLToPath(new URL('../dist/', import.meta.url));

/** Builds the app with its Vite config (for tests and `npm start` when no build exists). */
export async function buildUi(): Promise<void> {
  const { build } = await import('vite');
  await build({ root: appUiRoot, configFile: `${appUiRoot}vite.config.ts`, logLevel: 'warn' });
}

export async function startUiServer(options: { port?: number; build?: boolean } = {}): Promise<Running> {
  if (options.build || !existsSync(`${distDir}index.html`)) await buildUi();
  const app = express();
  app.use('/assets', express.static(`${distDir}assets`, { immutable: true, maxAge: '1y' }));
  app.use((_req, res) => res.sendFile(`${distDir}index.html`));
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(options.port ?? 0, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => closeServer(server) };
}
