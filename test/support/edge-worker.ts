// The edge worker runtime inside Cloudflare's real runtime: `npm run build:edge` bundles it, miniflare runs the
// Cloudflare example worker (examples/cloudflare-worker/worker.mjs) on it in workerd. Used by test/edge-worker and
// bench/edge-worker.bench.ts, so both measure exactly what a customer deploys.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Miniflare } from 'miniflare';

const ROOT = new URL('../../', import.meta.url).pathname;
const run = promisify(execFile);

/** Runs the real build script into `outfile`; rejects with the script's stderr when it fails. */
export async function buildEdgeBundle(outfile: string, entry?: string): Promise<void> {
  await run(
    process.execPath,
    [join(ROOT, 'scripts/build-edge.mjs'), '--outfile', outfile, ...(entry === undefined ? [] : ['--entry', entry])],
    { cwd: ROOT },
  );
}

export interface EdgeWorker {
  /**
   * The worker's own HTTP address. Callers use plain fetch on it, as the official SDK does: measured here, miniflare's
   * dispatchFetch cost about 2.5× the Node CPU per request of a keep-alive fetch to this socket.
   */
  url: string;
  bundleBytes: number;
  stop(): Promise<void>;
}

export async function startEdgeWorker(connection: {
  serverUrl: string;
  projectUid: string;
  edgeKey: string;
}): Promise<EdgeWorker> {
  const dir = await mkdtemp(join(tmpdir(), 'pb-edge-'));
  const bundlePath = join(dir, 'personalize-bridge-edge.mjs');
  await buildEdgeBundle(bundlePath);
  const bundle = await readFile(bundlePath, 'utf8');
  const worker = await readFile(join(ROOT, 'examples/cloudflare-worker/worker.mjs'), 'utf8');
  const mf = new Miniflare({
    modules: [
      { type: 'ESModule', path: join(dir, 'worker.mjs'), contents: worker },
      { type: 'ESModule', path: bundlePath, contents: bundle },
    ],
    // Module names are paths relative to this root (both files live in the temporary directory).
    modulesRoot: dir,
    compatibilityDate: '2026-07-01',
    bindings: {
      PB_SERVER_URL: connection.serverUrl,
      PB_PROJECT_UID: connection.projectUid,
      PB_EDGE_KEY: connection.edgeKey,
    },
    host: '127.0.0.1',
    port: 0,
  });
  const url = (await mf.ready).toString().replace(/\/$/, '');
  return {
    url,
    bundleBytes: Buffer.byteLength(bundle),
    async stop() {
      await mf.dispose();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
