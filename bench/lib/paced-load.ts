// An open-loop load generator for latency under a given rate: requests leave on a fixed schedule (rate per second,
// evenly spaced), whatever the answers do, and each latency is counted from when its request was due, not from
// when it left. A closed loop (autocannon) sends the next request only after an answer, and its `overallRate` sends
// each second's quota in a burst, so it reports either too little (a slow answer delays the next request and hides
// the queue: coordinated omission) or queueing it caused itself.
import { Agent, request } from 'node:http';

export interface PacedRequest {
  path: string;
  headers: Record<string, string>;
}

export interface PacedResult {
  sent: number;
  latenciesMs: number[];
  statuses: Record<number, number>;
  errors: number;
  /** How late the generator itself sent (p99 of sent − due), to tell its own lag from the server's. */
  sendLagP99Ms: number;
}

export async function pacedLoad(
  url: string,
  requests: readonly PacedRequest[],
  options: { rate: number; seconds: number; maxSockets?: number },
): Promise<PacedResult> {
  const target = new URL(url);
  const agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 256 });
  const total = Math.round(options.rate * options.seconds);
  const gapMs = 1000 / options.rate;
  const latenciesMs: number[] = [];
  const lags: number[] = [];
  const statuses: Record<number, number> = {};
  let errors = 0;
  let sent = 0;
  const inFlight: Promise<void>[] = [];
  const send = (i: number, due: number) =>
    new Promise<void>((resolve) => {
      const r = requests[i % requests.length] as PacedRequest;
      lags.push(performance.now() - due);
      const req = request(
        { agent, host: target.hostname, port: target.port, path: r.path, method: 'GET', headers: r.headers },
        (res) => {
          res.resume();
          res.on('end', () => {
            latenciesMs.push(performance.now() - due);
            statuses[res.statusCode ?? 0] = (statuses[res.statusCode ?? 0] ?? 0) + 1;
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors += 1;
        resolve();
      });
      req.end();
    });
  const start = performance.now();
  await new Promise<void>((done) => {
    const tick = () => {
      const now = performance.now();
      while (sent < total && start + sent * gapMs <= now) {
        inFlight.push(send(sent, start + sent * gapMs));
        sent += 1;
      }
      // A timer, not a busy loop: the generator must leave the other core to Redis. Node's timers fire to the
      // millisecond, so a request may leave up to ~1 ms late; that lag is counted in its latency (and reported).
      if (sent < total) setTimeout(tick, Math.max(0, start + sent * gapMs - performance.now()));
      else done();
    };
    tick();
  });
  await Promise.all(inFlight);
  agent.destroy();
  lags.sort((a, b) => a - b);
  return {
    sent,
    latenciesMs,
    statuses,
    errors,
    sendLagP99Ms: lags[Math.min(lags.length - 1, Math.ceil(lags.length * 0.99) - 1)] ?? 0,
  };
}
