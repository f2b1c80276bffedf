// A small closed-loop HTTP load generator (keep-alive, fixed concurrency) that records each request's latency.
import { Agent, request } from 'node:http';

export interface LoadResult {
  requests: number;
  seconds: number;
  perSecond: number;
  latenciesMs: number[];
  statuses: Record<number, number>;
}

export async function load(
  url: string,
  next: (i: number) => { body: Buffer; headers: Record<string, string> },
  total: number,
  concurrency: number,
): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const target = new URL(url);
  const latenciesMs: number[] = [];
  const statuses: Record<number, number> = {};
  let issued = 0;
  const one = (i: number): Promise<void> =>
    new Promise((resolve, reject) => {
      const { body, headers } = next(i);
      const started = performance.now();
      const req = request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'POST',
          headers: { ...headers, 'content-length': body.length },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            latenciesMs.push(performance.now() - started);
            statuses[res.statusCode ?? 0] = (statuses[res.statusCode ?? 0] ?? 0) + 1;
            resolve();
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (issued < total) await one(issued++);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { requests: total, seconds, perSecond: total / seconds, latenciesMs, statuses };
}
