// GET /edge/manifest throughput: the real edge router (table and 1,000 returning visitors' attributes in Redis,
// geo/device headers) against a bare Express route answering a constant manifest of the same size. The servers run
// in a child process of their own (bench/servers/edge-manifest-server.ts), the load generator here, so the figures
// are the server's and not a share of one event loop with autocannon. Rounds are interleaved in rotating order.
// Goals: ≥ 0.95× bare for the router alone, ≥ 0.8× behind the security layer, p99 < 5 ms at half the secured
// route's saturation rate (open loop, latency from when each request was due: bench/lib/paced-load.ts).
// A raw node:http route shows the ceiling of machine and generator: a bare Express rate close to it would mean the
// generator, not Express, was the limit.
import { randomBytes } from 'node:crypto';
import autocannon, { type AutocannonRequest } from 'autocannon';
import { Redis } from 'ioredis';
import { createDecisionServices } from '@pb/server/edge/decision-services';
import { removePrefix } from '@pb/test/support/redis';
import { defineBench } from './lib/bench';
import { startChildServer } from './lib/child-server';
import { median, percentile } from './lib/measure';
import { pacedLoad } from './lib/paced-load';
import { publishBenchTable } from './lib/publish-table';
import { benchTable, benchVisitors } from './decisions-fixture';
import { isEdgeManifestUrls } from './servers/edge-manifest-urls';

const PROJECT = 'benchproject';
const CONNECTIONS = 50;

type Side = 'raw' | 'bare' | 'edge' | 'secured';

export default defineBench({
  name: 'edge-manifest',
  async run(ctx) {
    const prefix = `pbbench${randomBytes(4).toString('hex')}`;
    const redis = new Redis(ctx.redisUrl, { maxRetriesPerRequest: 1 });
    const services = createDecisionServices(redis, {
      prefix,
      installations: { list: () => Promise.resolve([]), forStack: () => Promise.resolve(undefined) },
    });
    const visitors = benchVisitors(1000);
    let server: Awaited<ReturnType<typeof startChildServer<unknown>>> | undefined;
    try {
      await publishBenchTable(services.store, PROJECT, benchTable());
      for (const v of visitors) await services.users.patch(PROJECT, v.userUid, v.custom);
      const child = await startChildServer(
        new URL('./servers/edge-manifest-server.ts', import.meta.url),
        { REDIS_URL: ctx.redisUrl, BENCH_PREFIX: prefix },
        isEdgeManifestUrls,
      );
      server = child;
      const { urls } = child;
      const requests: AutocannonRequest[] = visitors.map((v) => ({
        method: 'GET',
        path: '/edge/manifest',
        headers: { 'x-project-uid': PROJECT, 'x-cs-personalize-user-uid': v.userUid, ...v.headers },
      }));
      const check = await fetch(`${urls.secured}/edge/manifest`, { headers: requests[0]?.headers ?? {} });
      if (!check.ok) throw new Error(`manifest check: HTTP ${check.status}`);

      // Every side gets the same 1,000 requests (headers and all) on its own path, so the generator's work per
      // request is equal. Each connection gets its own 20 of them: autocannon would otherwise copy and prebuild all
      // 1,000 for each of the 50 connections at the start of every run (a second of its time per run).
      const on = (side: Side) => {
        const path = side === 'bare' ? '/bare' : side === 'raw' ? '/' : '/edge/manifest';
        return requests.map((r) => ({ ...r, path }));
      };
      const base: Record<Side, string> = {
        raw: urls.raw,
        bare: urls.express,
        edge: urls.express,
        secured: urls.secured,
      };
      const duration = ctx.quick ? 2 : 3;
      const rounds = ctx.quick ? 1 : 5;
      const cpu: Record<Side, number[]> = { raw: [], bare: [], edge: [], secured: [] };
      const load = async (side: Side) => {
        const all = on(side);
        const per = Math.ceil(all.length / CONNECTIONS);
        let next = 0;
        const cpuBefore = await child.cpuMicros();
        const result = await autocannon({
          url: base[side],
          connections: CONNECTIONS,
          duration,
          requests: all.slice(0, 1),
          setupClient: (client) => {
            const start = (next++ % CONNECTIONS) * per;
            client.setRequests(all.slice(start, start + per));
          },
        });
        if (result.non2xx > 0 || result.errors > 0) {
          throw new Error(`${side}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
        }
        cpu[side].push(((await child.cpuMicros()) - cpuBefore) / Math.max(1, result.requests.total));
        return result.requests.average;
      };
      await load('edge'); // warm-up (JIT, table compile, connection pools)
      await load('secured');
      await load('bare');
      for (const side of Object.keys(cpu) as Side[]) cpu[side] = [];
      const rates: Record<Side, number[]> = { raw: [], bare: [], edge: [], secured: [] };
      // The order rotates per round: on a machine whose load changes by the second, a side that always ran last
      // would carry its own bias.
      const order: readonly Side[] = ['bare', 'edge', 'secured', 'raw'];
      for (let r = 0; r < rounds; r++) {
        for (let k = 0; k < order.length; k++) {
          const side = order[(r + k) % order.length] ?? 'bare';
          rates[side].push(await load(side));
        }
      }
      // Latency at half of the secured route's saturation rate: what a visitor waits when the server is busy but
      // not overloaded.
      const halfRate = Math.max(1, Math.round(median(rates.secured) / 2));
      const paced: number[] = [];
      const pacedBare: number[] = [];
      const lags: number[] = [];
      const shapes: string[] = [];
      // The bare route paced at the same rate, round by round: the floor of this machine and generator, which a
      // goal in milliseconds cannot be judged below.
      const paceOnce = async (side: 'bare' | 'secured') => {
        const path = side === 'bare' ? '/bare' : '/edge/manifest';
        const result = await pacedLoad(
          `${side === 'bare' ? urls.express : urls.secured}${path}`,
          requests.map((q) => ({ path, headers: q.headers ?? {} })),
          { rate: halfRate, seconds: duration },
        );
        if (result.errors > 0 || (result.statuses[200] ?? 0) !== result.sent) {
          throw new Error(`paced ${side}: ${result.errors} errors, statuses ${JSON.stringify(result.statuses)}`);
        }
        lags.push(result.sendLagP99Ms);
        const at = (p: number) => percentile(result.latenciesMs, p).toFixed(2);
        shapes.push(`${side} p50 ${at(50)} / p90 ${at(90)} / p99 ${at(99)} / max ${at(100)} ms`);
        return percentile(result.latenciesMs, 99);
      };
      for (let r = 0; r < (ctx.quick ? 1 : 3); r++) {
        paced.push(await paceOnce('secured'));
        pacedBare.push(await paceOnce('bare'));
      }
      const list = (values: number[]) => values.map(Math.round).join(', ');
      ctx.log(
        `raw node ${list(rates.raw)}; bare ${list(rates.bare)}; edge ${list(rates.edge)}; secured ${list(rates.secured)} req/s; at ${halfRate} req/s: ${shapes.join('; ')} (generator's own send lag p99 ${lags.map((l) => l.toFixed(2)).join(', ')} ms)`,
      );
      const how = `servers in their own process, autocannon here, ${CONNECTIONS} connections, ${rounds} × ${duration} s per side, interleaved in rotating order; returning visitors (stored attributes read from Redis per request)`;
      return [
        {
          name: 'GET /edge/manifest (router alone)',
          value: median(rates.edge),
          unit: 'req/s',
          baseline: { name: 'bare Express route', value: median(rates.bare) },
          goal: { op: '>=', target: 0.95 },
          note: how,
        },
        {
          name: 'GET /edge/manifest behind helmet, CORS and the rate limit',
          value: median(rates.secured),
          unit: 'req/s',
          baseline: { name: 'bare Express route', value: median(rates.bare) },
          goal: { op: '>=', target: 0.8 },
          note: `${how}; through the server's security middleware (rate limit counted in-process, shared through Redis every 100 ms)`,
        },
        {
          name: 'server CPU per request: router alone',
          value: median(cpu.edge),
          unit: 'µs',
          baseline: { name: 'bare Express route', value: median(cpu.bare) },
          note: "the child's CPU time over each round ÷ the requests it answered (median of rounds): steadier than rates on a shared machine, since the generator's and neighbours' share does not enter; 1 ÷ the ratio is the rate ratio a server-bound run would show",
        },
        {
          name: 'server CPU per request: secured',
          value: median(cpu.secured),
          unit: 'µs',
          baseline: { name: 'bare Express route', value: median(cpu.bare) },
          note: 'as above, through the security layer',
        },
        {
          name: 'bare Express route (generator check)',
          value: median(rates.bare),
          unit: 'req/s',
          baseline: { name: 'raw node:http route', value: median(rates.raw) },
          note: 'well below 1× means the server, not the load generator, set the rates above',
        },
        {
          name: 'GET /edge/manifest secured, p99 at half its saturation rate',
          value: median(paced),
          unit: 'ms',
          goal: { op: '<=', target: 5 },
          note: `open loop at ${halfRate} req/s (half the secured median), evenly spaced, latency from each request's due time; median p99 of ${paced.length} × ${duration} s`,
        },
        {
          name: 'bare Express route, p99 at the same rate (the floor here)',
          value: median(pacedBare),
          unit: 'ms',
          note: 'the same paced load on the constant route, rounds interleaved with the secured ones: no route on this machine can measure below it',
        },
      ];
    } finally {
      await server?.stop();
      await removePrefix(redis, prefix);
      redis.disconnect();
    }
  },
});
