// Decisions in the edge worker runtime (the built bundle in Cloudflare's workerd, through miniflare) against the
// server's GET /edge/manifest, same visitors, same table, same run. The server side is the real edge router and the
// worker API (GET /edge/table, /edge/visitor-attributes) on Redis; the worker is the Cloudflare example worker.
// Two cases, because they differ in what the worker must ask the server:
//   - live attributes (the site sends the visitor's attributes with the request, X-Live-Attributes): the worker
//     decides with no hop at all. Goal: ≥ 1× the server's manifest (deciding at the edge must not cost more than
//     asking us; on a real CDN the hop it saves is a WAN round trip, which loopback does not show).
//   - returning visitors with stored attributes: the worker reads them from the server (one small GET), then decides.
// Before timing, every visitor's worker manifest is compared with the server's: the equality count has to be all.
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import express from 'express';
import { Redis } from 'ioredis';
import { createDecisionServices } from '@pb/server/edge/decision-services';
import { createRedisEdgeKeys } from '@pb/server/edge/edge-keys';
import { createEdgeRouter } from '@pb/server/edge/router';
import { createEdgeWorkerApi } from '@pb/server/edge/worker-api';
import { createSecretBox } from '@pb/server/install/secret-box';
import { startEdgeWorker, type EdgeWorker } from '@pb/test/support/edge-worker';
import { removePrefix } from '@pb/test/support/redis';
import { defineBench } from './lib/bench';
import { median } from './lib/measure';
import { publishBenchTable } from './lib/publish-table';
import { benchTable, benchVisitors } from './decisions-fixture';

const PROJECT = 'benchproject';

type Target = 'server-live' | 'worker-live' | 'server-stored' | 'worker-stored';

export default defineBench({
  name: 'edge-worker',
  async run(ctx) {
    const prefix = `pbbench${randomBytes(4).toString('hex')}`;
    const redis = new Redis(ctx.redisUrl, { maxRetriesPerRequest: 1, enableAutoPipelining: true });
    const services = createDecisionServices(redis, {
      prefix,
      installations: { list: () => Promise.resolve([]), forStack: () => Promise.resolve(undefined) },
    });
    const edgeKeys = createRedisEdgeKeys(redis, prefix, createSecretBox([randomBytes(32)]));
    const visitors = benchVisitors(ctx.quick ? 200 : 1000);
    let server: Server | undefined;
    let worker: EdgeWorker | undefined;
    try {
      await publishBenchTable(services.store, PROJECT, benchTable());
      for (const v of visitors) await services.users.patch(PROJECT, v.userUid, v.custom);
      const app = express();
      app.disable('x-powered-by');
      app.use('/edge', createEdgeWorkerApi({ tables: services.tables, edgeKeys, users: services.users }));
      app.use('/edge', createEdgeRouter(services.edgeDeps));
      server = await new Promise<Server>((resolve) => {
        const s = app.listen(0, '127.0.0.1', () => resolve(s));
      });
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      worker = await startEdgeWorker({ serverUrl: url, projectUid: PROJECT, edgeKey: await edgeKeys.read(PROJECT) });
      const workerUrl = worker.url;

      const stored = visitors.map((v) => ({
        method: 'GET' as const,
        path: '/edge/manifest',
        headers: { 'x-project-uid': PROJECT, 'x-cs-personalize-user-uid': v.userUid, ...v.headers },
      }));
      // Live: the same visitors' attributes sent with the request and no stored uid, so nothing is read from Redis
      // on either side (the A/B buckets then hash a fresh uid, on both sides alike).
      const live = visitors.map((v) => ({
        method: 'GET' as const,
        path: '/edge/manifest',
        headers: { 'x-project-uid': PROJECT, 'x-live-attributes': JSON.stringify(v.custom), ...v.headers },
      }));

      // Equality first: every returning visitor's manifest from the worker equals the server's, byte for byte.
      let equal = 0;
      for (const request of stored) {
        const [a, b] = await Promise.all([
          fetch(`${workerUrl}${request.path}`, { headers: request.headers }).then((r) => r.text()),
          fetch(`${url}${request.path}`, { headers: request.headers }).then((r) => r.text()),
        ]);
        if (a === b) equal++;
      }

      const duration = ctx.quick ? 2 : 5;
      const rounds = ctx.quick ? 1 : 3;
      const load = async (target: Target) => {
        const result = await autocannon({
          url: target.startsWith('worker') ? workerUrl : url,
          connections: 50,
          duration,
          requests: target.endsWith('live') ? live : stored,
        });
        if (result.non2xx > 0 || result.errors > 0) {
          throw new Error(`${target}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
        }
        return result.requests.average;
      };
      await load('worker-stored'); // warm-up (JIT in both runtimes, the worker's table fetch)
      const rates: Record<Target, number[]> = {
        'server-live': [],
        'worker-live': [],
        'server-stored': [],
        'worker-stored': [],
      };
      for (let r = 0; r < rounds; r++) {
        for (const target of Object.keys(rates) as Target[]) rates[target].push(await load(target));
      }
      ctx.log(
        Object.entries(rates)
          .map(([target, values]) => `${target} ${values.map(Math.round).join(', ')} req/s`)
          .join('; '),
      );
      const note = `autocannon from this process, 50 connections, ${rounds} × ${duration} s per side, interleaved; bundle ${Math.round(worker.bundleBytes / 1024)} KiB`;
      return [
        {
          name: 'edge worker (workerd) manifests, live attributes: no hop',
          value: median(rates['worker-live']),
          unit: 'req/s',
          baseline: { name: "server's GET /edge/manifest, same requests", value: median(rates['server-live']) },
          goal: { op: '>=', target: 1 },
          note,
        },
        {
          name: 'edge worker (workerd) manifests, stored attributes read from the server',
          value: median(rates['worker-stored']),
          unit: 'req/s',
          baseline: { name: "server's GET /edge/manifest, same requests", value: median(rates['server-stored']) },
          note: `${note}; the worker asks GET /edge/visitor-attributes per returning visitor, so it is bounded by the server`,
        },
        {
          name: 'edge worker manifests equal to the server’s (returning visitors, stored attributes)',
          value: equal,
          unit: `of ${stored.length}`,
          goal: { op: '>=', target: stored.length },
        },
      ];
    } finally {
      await worker?.stop();
      await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
      await removePrefix(redis, prefix);
      redis.disconnect();
    }
  },
});
