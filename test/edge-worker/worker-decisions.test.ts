// Decisions at the edge, in Cloudflare's real runtime: the edge worker runtime (npm run build:edge) runs the
// Cloudflare example worker inside workerd (miniflare) against the real server stack (sandbox, Redis, workers), for
// the seeded project with a segmented experience on a preset attribute (country) and on custom attributes (gold
// members) and an A/B test on phones. For 10,000 visitors with mixed attributes the worker's manifests equal the
// server's exactly; the official edge SDK pointed at the worker works unchanged and its impressions and events reach
// the server. Also: GET /edge/table's key checks, ETag revalidation and rotation, and the build's Node built-in guard.
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Personalize from '@contentstack/personalize-edge-sdk';
import { USER_ATTRIBUTES_TTL_SECONDS } from '@pb/server/edge/decision-services';
import { createRedisUserAttributes } from '@pb/server/edge/user-attributes';
import { createRedisEventStore } from '@pb/server/results/event-store';
import type { EdgeTableDocument } from '@pb/shared';
import { startEngine, type Engine } from '../support/engine';
import { buildEdgeBundle, startEdgeWorker, type EdgeWorker } from '../support/edge-worker';
import { edgeKeysOf, liveEdgeProject, SHIPPING } from '../support/edge-project';
import { edgeVisitors, inBatches, IPHONE } from '../support/edge-visitors';

const VISITORS = 10_000;
const ROOT = new URL('../../', import.meta.url).pathname;

type Middleware = (request: Request) => Promise<Response | undefined>;

/** The example's `middleware` export, checked rather than assumed. */
function middlewareOf(loaded: unknown): Middleware {
  if (typeof loaded !== 'object' || loaded === null || !('middleware' in loaded)) {
    throw new Error('examples/nextjs-middleware/middleware.js exports no middleware');
  }
  const { middleware } = loaded;
  if (!isMiddleware(middleware)) throw new Error('middleware is not a function');
  return middleware;
}

/** The example is plain JavaScript: its export is a function taking a Request, which is all that can be checked. */
function isMiddleware(value: unknown): value is Middleware {
  return typeof value === 'function';
}

let engine: Engine;
let worker: EdgeWorker;
let projectUid = '';
let edgeKey = '';
let document: EdgeTableDocument;

beforeAll(async () => {
  // The crowd below sends tens of thousands of edge calls from one address: the per-client limit is off (0).
  engine = await startEngine({ env: { RATE_LIMIT_EDGE: '0' } });
  projectUid = engine.credentials.personalize_project_uid;
  ({ edgeKey, document } = await liveEdgeProject(engine));
  worker = await startEdgeWorker({ serverUrl: engine.http.url, projectUid, edgeKey });
}, 120_000);
afterAll(async () => {
  await worker?.stop();
  await engine?.stop();
});

function tableRequest(headers: Record<string, string>): Promise<Response> {
  return fetch(`${engine.http.url}/edge/table`, { headers: { 'x-project-uid': projectUid, ...headers } });
}

describe('GET /edge/table', () => {
  it('publishes the table as versioned JSON with a strong ETag and a short private Cache-Control', async () => {
    const response = await tableRequest({ authorization: `Bearer ${edgeKey}` });
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    expect(response.headers.get('cache-control')).toBe('private, max-age=5, stale-while-revalidate=30');
    const body = (await response.json()) as EdgeTableDocument;
    expect(body.format).toBe('pb-edge-table/1');
    expect(body.customAttributeKeys).toEqual(['lifetime_value', 'loyalty_tier', 'newsletter_subscriber']);
    expect(body.table.experiences.map((e) => e.type)).toEqual(['SEGMENTED', 'AB_TEST']);
    // Only the decision part leaves the server.
    expect(Object.keys(body).sort()).toEqual([
      'compiledAt',
      'customAttributeKeys',
      'format',
      'projectUid',
      'revision',
      'table',
    ]);
    const again = await tableRequest({ 'x-pb-edge-key': edgeKey, 'if-none-match': response.headers.get('etag') ?? '' });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
  });

  it('refuses a missing key (401) and a wrong one (403) with our error body', async () => {
    const missing = await tableRequest({});
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({
      error: 'unauthorized',
      reason: "the project's edge key is required (Authorization: Bearer <key>)",
      field: 'headers.authorization',
    });
    const wrong = await tableRequest({ authorization: `Bearer ${edgeKey.slice(0, -2)}xx` });
    expect(wrong.status).toBe(403);
    expect(await wrong.json()).toMatchObject({ error: 'forbidden', field: 'headers.authorization' });
    const otherProject = await fetch(`${engine.http.url}/edge/table`, {
      headers: { 'x-project-uid': 'another-project', authorization: `Bearer ${edgeKey}` },
    });
    expect(otherProject.status).toBe(403);
  });
});

describe('the edge worker in workerd', () => {
  it(`decides exactly as the server's /edge/manifest for ${VISITORS} visitors with mixed attributes`, async () => {
    const visitors = edgeVisitors(VISITORS, projectUid);
    // Stored attributes: a sample of writers goes through the worker, which forwards the write to the server's
    // PATCH /edge/user-attributes; the rest are written into the server's store directly (the same Redis keys the
    // server's route writes), which keeps the run inside its time box on a shared machine.
    const writers = visitors.filter((v) => v.stored !== null);
    const started = Date.now();
    const viaWorker = writers.filter((_, i) => i % 25 === 0);
    const forwarded = await inBatches(viaWorker, 32, async (v) => {
      const response = await fetch(`${worker.url}/edge/user-attributes`, {
        method: 'PATCH',
        headers: { 'x-project-uid': projectUid, 'x-cs-personalize-user-uid': v.userUid ?? '' },
        body: JSON.stringify(v.stored),
      });
      return response.status;
    });
    expect(forwarded.every((status) => status === 204)).toBe(true);
    const users = createRedisUserAttributes(engine.redis, engine.config.QUEUE_PREFIX, USER_ATTRIBUTES_TTL_SECONDS);
    const direct = writers.filter((_, i) => i % 25 !== 0);
    await inBatches(direct, 64, (v) => users.patch(projectUid, v.userUid ?? '', v.stored ?? {}));
    expect(writers.length).toBeGreaterThan(VISITORS / 3);
    console.info(
      `stored attributes for ${writers.length} visitors (${viaWorker.length} through the worker) in ${Date.now() - started} ms`,
    );

    let retried = 0;
    const compared = await inBatches(visitors, 48, async (v) => {
      // A manifest GET is idempotent: a transport failure (a keep-alive socket reset on an overloaded machine) is
      // asked again, up to twice; a wrong or failed answer is never retried.
      const ask = async (target: 'worker' | 'server', headers: Record<string, string>): Promise<Response> => {
        const url = `${target === 'worker' ? worker.url : engine.http.url}/edge/manifest`;
        for (let attempt = 0; ; attempt++) {
          try {
            return await fetch(url, { headers });
          } catch (error) {
            if (attempt >= 2 || !(error instanceof TypeError)) throw error;
            retried++;
          }
        }
      };
      // A returning visitor is asked of both at once; a new visitor gets a uid from the worker first, and the server
      // is then asked for that same visitor.
      let fromWorker: Response;
      let fromServer: Response;
      if (v.userUid === undefined) {
        fromWorker = await ask('worker', v.headers);
        const issued = fromWorker.headers.get('x-cs-personalize-user-uid') ?? '';
        fromServer = await ask('server', { ...v.headers, 'x-cs-personalize-user-uid': issued });
      } else {
        [fromWorker, fromServer] = await Promise.all([ask('worker', v.headers), ask('server', v.headers)]);
      }
      const [workerBody, serverBody] = await Promise.all([fromWorker.text(), fromServer.text()]);
      return {
        equal: fromWorker.status === fromServer.status && workerBody === serverBody,
        issued: v.userUid === undefined ? (fromWorker.headers.get('x-cs-personalize-user-uid') ?? '') : null,
        manifest: workerBody,
        status: fromWorker.status,
      };
    });
    const equal = compared.filter((c) => c.equal).length;
    console.info(
      `edge worker vs server: ${equal} of ${VISITORS} manifests equal (${Date.now() - started} ms in all, ${retried} transport retries)`,
    );
    expect(compared.filter((c) => !c.equal).slice(0, 3)).toEqual([]);
    expect(equal).toBe(VISITORS);
    expect(compared.every((c) => c.status === 200)).toBe(true);
    // New visitors got a fresh uid each.
    const issued = compared.flatMap((c) => (c.issued === null ? [] : [c.issued]));
    expect(issued.length).toBeGreaterThan(0);
    expect(new Set(issued).size).toBe(issued.length);
    // The crowd reaches every branch: no hero variant, EU (0), gold members (1); A/B off (not a phone), 0 and 1.
    const outcomes = new Set(compared.map((c) => c.manifest));
    for (const hero of ['null', '"0"', '"1"']) {
      for (const ab of ['null', '"0"', '"1"']) {
        expect(outcomes).toContain(
          `{"experiences":[{"shortUid":"0","activeVariantShortUid":${hero}},{"shortUid":"1","activeVariantShortUid":${ab}}]}`,
        );
      }
    }
  }, 300_000);

  it('answers bad input and unknown projects as the server does', async () => {
    const cases: Record<string, string>[] = [
      {},
      { 'x-project-uid': 'bad uid!' },
      { 'x-project-uid': projectUid, 'x-cs-personalize-user-uid': 'has space' },
      { 'x-project-uid': projectUid, 'x-live-attributes': '{not json' },
      { 'x-project-uid': projectUid, 'x-live-attributes': '[1]' },
      { 'x-project-uid': 'nope' },
    ];
    for (const headers of cases) {
      const fromWorker = await fetch(`${worker.url}/edge/manifest`, { headers });
      const fromServer = await fetch(`${engine.http.url}/edge/manifest`, { headers });
      expect({ status: fromWorker.status, body: await fromWorker.text() }).toEqual({
        status: fromServer.status,
        body: await fromServer.text(),
      });
    }
  });

  it('the official edge SDK pointed at the worker works unchanged; impressions and events reach the server', async () => {
    Personalize.setEdgeApiUrl(`${worker.url}/edge`);
    const request = () =>
      new Request('https://shop.example.test/?utm_source=edge', {
        headers: { 'User-Agent': IPHONE, 'cf-ipcountry': 'US' },
      });
    const first = await Personalize.init(projectUid, { request: request() });
    const userId = first.getUserId() ?? '';
    expect(userId).toMatch(/^[0-9a-f-]{36}$/);
    expect(first.getActiveVariant('0')).toBeNull();
    const abVariant = first.getActiveVariant('1');
    expect(abVariant === '0' || abVariant === '1').toBe(true);

    // The visitor becomes a gold member through the worker (forwarded to the server's store); the next manifest,
    // decided in the worker, picks the gold variant.
    await first.set({ loyalty_tier: 'gold', lifetime_value: 900 });
    const gold = await Personalize.init(projectUid, { request: request(), userId });
    expect(gold.getUserId()).toBe(userId);
    expect(gold.getActiveVariant('0')).toBe('1');
    expect(gold.getVariantAliases()).toEqual(['cs_personalize_0_1', `cs_personalize_1_${abVariant ?? ''}`]);

    await gold.triggerImpressions({ aliases: gold.getVariantAliases() });
    await gold.triggerEvent('add_to_cart');
    const versionUid = document.table.experiences.find((e) => e.experienceUid === SHIPPING)?.versionUid ?? '';
    const counters = await createRedisEventStore(engine.redis, engine.config.QUEUE_PREFIX).counters(
      projectUid,
      '1',
      versionUid,
    );
    expect(counters.get(abVariant ?? '')).toEqual({ visitors: 1, impressions: 1, conversions: { add_to_cart: 1 } });
  });

  it('the Next.js middleware example (run here in Node) answers as the server does and forwards events', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pb-next-'));
    try {
      await mkdir(join(dir, 'lib'));
      await buildEdgeBundle(join(dir, 'lib/personalize-bridge-edge.mjs'));
      await copyFile(join(ROOT, 'examples/nextjs-middleware/middleware.js'), join(dir, 'middleware.js'));
      await writeFile(join(dir, 'package.json'), '{"type":"module"}');
      process.env['PB_SERVER_URL'] = engine.http.url;
      process.env['PB_PROJECT_UID'] = projectUid;
      process.env['PB_EDGE_KEY'] = edgeKey;
      const loaded: unknown = await import(pathToFileURL(join(dir, 'middleware.js')).href);
      const middleware = middlewareOf(loaded);
      const page = await middleware(new Request('https://shop.example.test/products'));
      expect(page).toBeUndefined();
      const visitors = edgeVisitors(100, projectUid, 99).filter((v) => v.userUid !== undefined);
      for (const v of visitors) {
        const [fromMiddleware, fromServer] = await Promise.all([
          middleware(new Request('https://shop.example.test/api/personalize/manifest', { headers: v.headers })),
          fetch(`${engine.http.url}/edge/manifest`, { headers: v.headers }),
        ]);
        expect(await fromMiddleware?.text()).toBe(await fromServer.text());
      }
      const event = await middleware(
        new Request('https://shop.example.test/api/personalize/events', {
          method: 'POST',
          headers: { 'x-project-uid': projectUid, 'x-cs-personalize-user-uid': 'next-visitor' },
          body: JSON.stringify([{ type: 'EVENT', eventKey: 'add_to_cart' }]),
        }),
      );
      expect(event?.status).toBe(202);
      expect(await event?.json()).toEqual({ accepted: 1, ignored: 0 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('a rotated key stops working at once; the worker keeps deciding on the table it has', async () => {
    const rotated = await edgeKeysOf(engine).rotate(projectUid);
    expect(rotated).not.toBe(edgeKey);
    expect((await tableRequest({ authorization: `Bearer ${edgeKey}` })).status).toBe(403);
    expect((await tableRequest({ authorization: `Bearer ${rotated}` })).status).toBe(200);
    const manifest = await fetch(`${worker.url}/edge/manifest`, {
      headers: { 'x-project-uid': projectUid, 'user-agent': IPHONE },
    });
    expect(manifest.status).toBe(200);
  });
});

describe('npm run build:edge', () => {
  it('fails when a Node built-in sneaks into the bundle, naming it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pb-edge-builtin-'));
    try {
      const entry = join(dir, 'entry.ts');
      await writeFile(entry, "import { createHash } from 'node:crypto';\nexport const h = createHash('sha256');\n");
      await expect(buildEdgeBundle(join(dir, 'out.mjs'), entry)).rejects.toThrow(/Node built-in "node:crypto"/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
