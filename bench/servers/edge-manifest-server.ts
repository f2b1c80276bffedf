// The servers under test of bench/edge-manifest.bench.ts, in a process of their own (bench/lib/child-server.ts):
// a raw node:http route and a bare Express route (both answering a constant manifest), the edge router alone, and
// the edge router behind the server's security layer (helmet, CORS, the rate limit). The bench has already put the
// table and the visitors' attributes in Redis under BENCH_PREFIX.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Redis } from 'ioredis';
import { loadConfig } from '@pb/server/config';
import { createDecisionServices } from '@pb/server/edge/decision-services';
import { createEdgeRouter } from '@pb/server/edge/router';
import { httpSecurity, securityLayer } from '@pb/server/http/security';
import { CONSTANT_MANIFEST, type EdgeManifestUrls } from './edge-manifest-urls';
import { answerCpuQueries } from '../lib/child-server';

const redisUrl = process.env.REDIS_URL ?? '';
const prefix = process.env.BENCH_PREFIX ?? '';
// Auto-pipelining batches the per-request attribute reads of concurrent requests into one write per tick, as the
// real server's hot-path connection does.
const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, enableAutoPipelining: true });
const services = createDecisionServices(redis, {
  prefix,
  installations: { list: () => Promise.resolve([]), forStack: () => Promise.resolve(undefined) },
});

const listen = (server: Server) =>
  new Promise<string>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );

const raw = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
  res.end(CONSTANT_MANIFEST);
});

const app = express();
app.disable('x-powered-by');
app.get('/bare', (_req, res) => {
  res.type('application/json').send(CONSTANT_MANIFEST);
});
app.use('/edge', createEdgeRouter(services.edgeDeps));

// The limit sits above this load, which comes from one address: its cost is measured, not its refusals.
const security = httpSecurity(
  loadConfig({ REDIS_URL: redisUrl, QUEUE_PREFIX: prefix, RATE_LIMIT_EDGE: '1000000000' }),
  { redis },
);
const securedApp = express();
securedApp.disable('x-powered-by');
securedApp.use(securityLayer(security));
securedApp.use('/edge', createEdgeRouter(services.edgeDeps));

const servers = [raw, createServer(app), createServer(securedApp)];
const [rawUrl, url, securedUrl] = await Promise.all(servers.map(listen));
const urls: EdgeManifestUrls = { raw: rawUrl ?? '', express: url ?? '', secured: securedUrl ?? '' };
answerCpuQueries();
process.send?.(urls);
process.once('SIGTERM', () => {
  for (const s of servers) s.close();
  redis.disconnect();
  process.exit(0);
});
