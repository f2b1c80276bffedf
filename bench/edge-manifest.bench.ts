// GET /edge/manifest throughput (the real edge router, table and user attributes in Redis, 1,000 returning visitors
// with stored attributes and geo/device headers) against a bare Express route answering a constant manifest, both
// served by one Express app in this process and loaded by autocannon, rounds interleaved. Goals: ≥ 0.95× bare for
// the router alone, ≥ 0.8× behind the security layer, p99 < 5 ms at half the secured route's saturation rate.
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import express from 'express';
import { Redis } from 'ioredis';
import { createDecisionServices } from '@pb/server/edge/decision-services';
import { createEdgeRouter } from '@pb/server/edge/router';
import { loadConfig } from '@pb/server/config';
import { httpSecurity, securityHeaders } from '@pb/server/http/security';
import { removePrefix } from '@pb/test/support/redis';
import { defineBench } from './lib/bench';
import { publishBenchTable } from './lib/publish-table';
import { median } from './lib/measure';
import { benchTable, benchVisitors } from './decisions-fixture';

const PROJECT = 'benchproject';

export default defineBench({
  name: 'edge-manifest',
  async run(ctx) {
    const prefix = `pbbench${randomBytes(4).toString('hex')}`;
    // Auto-pipelining batches the per-request attribute reads of concurrent requests into one write per tick.
    const redis = new Redis(ctx.redisUrl, { maxRetriesPerRequest: 1, enableAutoPipelining: true });
    const services = createDecisionServices(redis, {
      prefix,
      installations: { list: () => Promise.resolve([]), forStack: () => Promise.resolve(undefined) },
    });
    const visitors = benchVisitors(1000);
    let server: Server | undefined;
    let secured: Server | undefined;
    try {
      await publishBenchTable(services.store, PROJECT, benchTable());
      for (const v of visitors) await services.users.patch(PROJECT, v.userUid, v.custom);

      const constant = JSON.stringify({
        experiences: Array.from({ length: 10 }, (_, i) => ({ shortUid: String(i), activeVariantShortUid: '1' })),
      });
      const app = express();
      app.disable('x-powered-by');
      app.get('/bare', (_req, res) => {
        res.type('application/json').send(constant);
      });
      app.use('/edge', createEdgeRouter(services.edgeDeps));
      server = await new Promise<Server>((resolve) => {
        const s = app.listen(0, '127.0.0.1', () => resolve(s));
      });
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      // The same router behind what the real server puts in front of it: helmet, CORS and the per-client rate limit
      // (one Redis call per request), with the limit set above this load, which comes from one address.
      const security = httpSecurity(
        loadConfig({ REDIS_URL: ctx.redisUrl, QUEUE_PREFIX: prefix, RATE_LIMIT_EDGE: '1000000000' }),
        { redis },
      );
      const securedApp = express();
      securedApp.disable('x-powered-by');
      securedApp.use(securityHeaders, ...security.middleware);
      securedApp.use('/edge', createEdgeRouter(services.edgeDeps));
      secured = await new Promise<Server>((resolve) => {
        const s = securedApp.listen(0, '127.0.0.1', () => resolve(s));
      });
      const securedUrl = `http://127.0.0.1:${(secured.address() as AddressInfo).port}`;
      const requests = visitors.map((v) => ({
        method: 'GET',
        path: '/edge/manifest',
        headers: { 'x-project-uid': PROJECT, 'x-cs-personalize-user-uid': v.userUid, ...v.headers },
      }));
      const check = await fetch(`${url}/edge/manifest`, { headers: requests[0]?.headers ?? {} });
      if (!check.ok) throw new Error(`manifest check: HTTP ${check.status}`);

      const duration = ctx.quick ? 2 : 3;
      const rounds = ctx.quick ? 1 : 5;
      // The bare route gets the same 1,000 requests (headers and all) on its own path: autocannon builds each
      // request the same way for both sides, so the load generator's cost (it runs in this process) is equal.
      const bareRequests = requests.map((r) => ({ ...r, path: '/bare' }));
      const load = async (target: 'bare' | 'edge' | 'secured', overallRate?: number) => {
        const result = await autocannon({
          url: target === 'secured' ? securedUrl : url,
          connections: 50,
          duration,
          requests: target === 'bare' ? bareRequests : requests,
          ...(overallRate === undefined ? {} : { overallRate }),
        });
        if (result.non2xx > 0 || result.errors > 0) {
          throw new Error(`${target}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
        }
        return result;
      };
      await load('edge'); // warm-up (JIT, table compile, connection pools)
      await load('secured');
      const bare: number[] = [];
      const edge: number[] = [];
      const full: number[] = [];
      // The order of the three sides rotates per round: on a machine whose load changes by the second, a side that
      // always ran last would carry its own bias.
      const sides = { bare, edge, secured: full };
      const order = ['bare', 'edge', 'secured'] as const;
      for (let r = 0; r < rounds; r++) {
        for (let k = 0; k < order.length; k++) {
          const side = order[(r + k) % order.length] ?? 'bare';
          sides[side].push((await load(side)).requests.average);
        }
      }
      // Latency at half of the secured route's saturation rate: what a visitor waits when the server is busy but
      // not overloaded.
      const halfRate = Math.max(1, Math.round(median(full) / 2));
      const paced: number[] = [];
      for (let r = 0; r < (ctx.quick ? 1 : 3); r++) paced.push((await load('secured', halfRate)).latency.p99);
      ctx.log(
        `edge ${edge.map(Math.round).join(', ')} req/s; secured ${full.map(Math.round).join(', ')} req/s; bare ${bare.map(Math.round).join(', ')} req/s; p99 at ${halfRate} req/s: ${paced.join(', ')} ms`,
      );
      const how = `autocannon in the same process, 50 connections, ${rounds} × ${duration} s per side, interleaved in rotating order; returning visitors (stored attributes read from Redis per request)`;
      return [
        {
          name: 'GET /edge/manifest (router alone)',
          value: median(edge),
          unit: 'req/s',
          baseline: { name: 'bare Express route', value: median(bare) },
          goal: { op: '>=', target: 0.95 },
          note: how,
        },
        {
          name: 'GET /edge/manifest behind helmet, CORS and the rate limit',
          value: median(full),
          unit: 'req/s',
          baseline: { name: 'bare Express route', value: median(bare) },
          goal: { op: '>=', target: 0.8 },
          note: `${how}; through the server's security middleware (rate limit counted in-process, shared through Redis every 100 ms)`,
        },
        {
          name: 'GET /edge/manifest secured, p99 at half its saturation rate',
          value: median(paced),
          unit: 'ms',
          goal: { op: '<=', target: 5 },
          note: `autocannon overallRate ${halfRate} req/s (half the secured median), 50 connections, median p99 of ${paced.length} × ${duration} s`,
        },
      ];
    } finally {
      await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
      await new Promise<void>((resolve) => (secured === undefined ? resolve() : secured.close(() => resolve())));
      await removePrefix(redis, prefix);
      redis.disconnect();
    }
  },
});
