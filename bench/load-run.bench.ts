// A bounded load run through the full security layer (helmet, CORS, the per-client rate limit) and the real edge
// router on real Redis, loopback only: 10,000 distinct visitors (each its own address, uid and attributes) store their
// attributes and ask for their manifest twice, while one client alone sends far more than the edge limit. Every
// manifest is checked against the in-process engine deciding the same table for the same visitor. Goals: no 5xx, no
// wrong decision, no 429 for a visitor under the limit, and the exceeding client refused beyond its limit.
import { randomBytes } from 'node:crypto';
import { Agent, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Redis } from 'ioredis';
import { compileAssignmentTable, decide, presetAttributesFromRequest, toManifest, type Manifest } from '@pb/shared';
import { createDecisionServices } from '@pb/server/edge/decision-services';
import { createEdgeRouter } from '@pb/server/edge/router';
import { loadConfig } from '@pb/server/config';
import { httpSecurity, securityHeaders } from '@pb/server/http/security';
import { removePrefix } from '@pb/test/support/redis';
import { defineBench } from './lib/bench';
import { publishBenchTable } from './lib/publish-table';
import { percentile } from './lib/measure';
import { benchTable, benchVisitors, type BenchVisitor } from './decisions-fixture';

const PROJECT = 'benchproject';
/** Requests per client per window: far above a visitor's three, far below the flooding client's. */
const EDGE_LIMIT = 20;
const FLOOD = 400;
const CONCURRENCY = 64;

/** A visitor's address: 10.x.y.z, one per visitor (the limit is per client address). */
const addressOf = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

interface Tally {
  statuses: Map<number, number>;
  wrong: number;
  latenciesMs: number[];
}

export default defineBench({
  name: 'load-run',
  async run(ctx) {
    const visitorCount = ctx.quick ? 1000 : 10_000;
    const prefix = `pbbench${randomBytes(4).toString('hex')}`;
    const redis = new Redis(ctx.redisUrl, { maxRetriesPerRequest: 1, enableAutoPipelining: true });
    const services = createDecisionServices(redis, {
      prefix,
      installations: { list: () => Promise.resolve([]), forStack: () => Promise.resolve(undefined) },
    });
    let server: Server | undefined;
    try {
      const table = benchTable();
      await publishBenchTable(services.store, PROJECT, table);
      const compiled = compileAssignmentTable(table);

      // The server's own security layer, behind one trusted proxy (clients told apart by X-Forwarded-For). The
      // window is a day so that the run never straddles two windows of the limit (it is aligned to the clock).
      const security = httpSecurity(
        loadConfig({
          REDIS_URL: ctx.redisUrl,
          QUEUE_PREFIX: prefix,
          TRUST_PROXY_HOPS: '1',
          RATE_LIMIT_EDGE: String(EDGE_LIMIT),
          RATE_LIMIT_WINDOW_SECONDS: '86400',
        }),
        { redis },
      );
      const app = express();
      app.disable('x-powered-by');
      app.set('trust proxy', security.trustProxyHops);
      app.use(securityHeaders, ...security.middleware);
      app.use('/edge', createEdgeRouter(services.edgeDeps));
      server = await new Promise<Server>((resolve) => {
        const s = app.listen(0, '127.0.0.1', () => resolve(s));
      });
      const base = '/edge';

      const visitors = benchVisitors(visitorCount);
      const expected = (v: BenchVisitor): string =>
        JSON.stringify(
          toManifest(
            decide(compiled, {
              context: {
                preset: presetAttributesFromRequest({ headers: v.headers, now: Date.now() }),
                custom: v.custom,
              },
              userUid: v.userUid,
            }),
          ),
        );
      const headersOf = (v: BenchVisitor, i: number) => ({
        ...v.headers,
        'x-forwarded-for': addressOf(i),
        'x-project-uid': PROJECT,
        'x-cs-personalize-user-uid': v.userUid,
      });
      const tally = (): Tally => ({ statuses: new Map(), wrong: 0, latenciesMs: [] });
      const count = (t: Tally, status: number, ms: number) => {
        t.statuses.set(status, (t.statuses.get(status) ?? 0) + 1);
        t.latenciesMs.push(ms);
      };
      // node:http with keep-alive (lighter than fetch: the generator shares this process's CPU with the server).
      const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY + 1 });
      const { port } = server.address() as AddressInfo;
      const timed = (path: string, init: { method?: string; headers: Record<string, string>; body?: string }) =>
        new Promise<{ status: number; text: string; ms: number }>((resolve, reject) => {
          const started = performance.now();
          const req = request(
            { agent, host: '127.0.0.1', port, path, method: init.method ?? 'GET', headers: init.headers },
            (res) => {
              const chunks: Buffer[] = [];
              res.on('data', (chunk: Buffer) => chunks.push(chunk));
              res.on('end', () =>
                resolve({
                  status: res.statusCode ?? 0,
                  text: Buffer.concat(chunks).toString('utf8'),
                  ms: performance.now() - started,
                }),
              );
            },
          );
          req.on('error', reject);
          req.end(init.body);
        });

      const crowd = tally();
      // The flooder is visitor 0: its manifests start once visitor 0's PATCH is answered, since a manifest that races
      // the PATCH may rightly be decided without the attributes it stores (and would count as wrong below).
      let flooderStored: () => void = () => undefined;
      const stored = new Promise<void>((resolve) => (flooderStored = resolve));
      // One visitor: store the attributes, then two page views, each manifest checked against the engine.
      const visit = async (i: number) => {
        const v = visitors[i] as BenchVisitor;
        const headers = headersOf(v, i + 1);
        const patch = await timed(`${base}/user-attributes`, {
          method: 'PATCH',
          headers,
          body: JSON.stringify(v.custom),
        });
        count(crowd, patch.status, patch.ms);
        if (i === 0) flooderStored();
        const want = expected(v);
        for (let view = 0; view < 2; view++) {
          const got = await timed(`${base}/manifest`, { headers });
          count(crowd, got.status, got.ms);
          if (got.status === 200 && JSON.stringify(JSON.parse(got.text) as Manifest) !== want) crowd.wrong++;
        }
      };
      // The flooding client: one address, one visitor, FLOOD manifests as fast as it can.
      const flood = tally();
      const flooder = visitors[0] as BenchVisitor;
      const flooding = (async () => {
        const want = expected(flooder);
        const headers = { ...headersOf(flooder, 0) };
        await stored;
        for (let r = 0; r < FLOOD; r++) {
          const got = await timed(`${base}/manifest`, { headers });
          count(flood, got.status, got.ms);
          if (got.status === 200 && got.text !== want) flood.wrong++;
        }
      })();

      const started = performance.now();
      let next = 0;
      await Promise.all([
        flooding,
        ...Array.from({ length: CONCURRENCY }, async () => {
          while (next < visitorCount) await visit(next++);
        }),
      ]);
      const seconds = (performance.now() - started) / 1000;
      agent.destroy();

      const sum = (t: Tally, pick: (status: number) => boolean) =>
        [...t.statuses].filter(([s]) => pick(s)).reduce((n, [, c]) => n + c, 0);
      const requests = sum(crowd, () => true) + sum(flood, () => true);
      const serverErrors = sum(crowd, (s) => s >= 500) + sum(flood, (s) => s >= 500);
      const crowdRefused = sum(crowd, (s) => s !== 200 && s !== 204);
      const floodOk = sum(flood, (s) => s === 200);
      const flood429 = sum(flood, (s) => s === 429);
      ctx.log(
        `${requests.toLocaleString('en-US')} requests in ${seconds.toFixed(1)} s; visitors ${JSON.stringify(Object.fromEntries(crowd.statuses))}; flooder ${JSON.stringify(Object.fromEntries(flood.statuses))}`,
      );
      const note = `${visitorCount.toLocaleString('en-US')} visitors × (PATCH attributes + 2 manifests), ${CONCURRENCY} at a time, plus one client sending ${FLOOD} manifests; edge limit ${EDGE_LIMIT} per client`;
      return [
        {
          name: 'load run: 5xx answers',
          value: serverErrors,
          unit: 'answers',
          goal: { op: '<=', target: 0 },
          note,
        },
        {
          name: 'load run: manifests different from the in-process engine',
          value: crowd.wrong + flood.wrong,
          unit: 'answers',
          goal: { op: '<=', target: 0 },
        },
        {
          name: 'load run: visitors under the limit refused (any non-2xx)',
          value: crowdRefused,
          unit: 'answers',
          goal: { op: '<=', target: 0 },
        },
        {
          name: `load run: the exceeding client's requests beyond its limit refused with 429`,
          value: flood429,
          unit: `of ${FLOOD - EDGE_LIMIT}`,
          goal: { op: '>=', target: FLOOD - EDGE_LIMIT },
        },
        {
          name: 'load run: the exceeding client admitted',
          value: floodOk,
          unit: 'answers',
          goal: { op: '<=', target: EDGE_LIMIT },
          note: `its limit is ${EDGE_LIMIT} per window; one server, so the in-process count is exact`,
        },
        { name: 'load run: throughput', value: requests / seconds, unit: 'req/s' },
        { name: 'load run: visitor latency p99', value: percentile(crowd.latenciesMs, 99), unit: 'ms' },
      ];
    } finally {
      await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
      await removePrefix(redis, prefix, 5000);
      redis.disconnect();
    }
  },
});
