// Activation in Personalize → served by the edge API, at default settings (poll every 10 s, Personalize's CMS sync
// 3 s after the version write, 5-minute sweep), and the app's Personalize calls per minute when idle and when busy,
// counted in the sandbox's own request log. Run alone: REDIS_URL=… npx tsx bench/activation-latency.ts [--quick]
import { mirrorQueueIdle, served, startEngine, type Engine } from '@pb/test/support/engine';
import { sleep } from '@pb/test/support/eventually';
import { appRequests, maxPerSecond, sandboxRequests, type SandboxRequest } from '@pb/test/support/sandbox-requests';
import { median, percentile } from './lib/measure';
import { seededRandom } from '@pb/test/support/random';

/** The server's defaults for everything the harness shortens for tests (server/src/config.ts). */
export const DEFAULT_SETTINGS = {
  POLL_INTERVAL_S: '10',
  SWEEP_INTERVAL_MS: '300000',
  SYNC_DEADLINE_S: '120',
  BACKOFF_BASE_MS: '1000',
  BACKOFF_MAX_MS: '60000',
  JOB_ATTEMPTS: '10',
  HTTP_TIMEOUT_MS: '30000',
} as const;
export const SYNC_DELAY_MS = 3000;
const SAMPLE_TIMEOUT_MS = 60_000;
const MANIFEST_POLL_MS = 100;

export interface CallRate {
  /** The app's Personalize calls in the window (the sandbox's log less the marketer's own requests). */
  calls: number;
  windowMs: number;
  perMinute: number;
  /** Most app Personalize calls in any one-second window. */
  peakPerSecond: number;
}

export interface ActivationResult {
  samplesMs: number[];
  timedOut: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  idle: CallRate;
  busy: CallRate;
  /** Personalize calls of the start-up sweep and assignments refresh (repeated every SWEEP_INTERVAL_MS). */
  startupCalls: number;
  /** Poll phase of each activation: ms from the last poll before the write's response to that response. */
  phasesMs: number[];
  /** With `trace`: every sample and every app request of the busy part, in ms from its start. */
  trace?: { samples: Sample[]; requests: string[] };
}

interface Sample {
  uid: string;
  shortUid: string;
  writtenAt: number;
  servedAt?: number;
}

function rate(requests: SandboxRequest[], from: number, to: number): CallRate {
  const mine = requests.filter((r) => r.kind === 'personalize' && r.at >= from && r.at <= to);
  const windowMs = Math.max(1, to - from);
  return {
    calls: mine.length,
    windowMs,
    perMinute: (mine.length * 60_000) / windowMs,
    peakPerSecond: maxPerSecond(mine, 'personalize'),
  };
}

async function appPersonalizeCalls(engine: Engine, since: number): Promise<SandboxRequest[]> {
  const requests = await sandboxRequests(engine.sandbox.url, since);
  return appRequests(requests, engine.personalize.sent).filter((r) => r.kind === 'personalize');
}

export async function run(options: {
  redisUrl?: string;
  quick?: boolean;
  log?: (message: string) => void;
  trace?: boolean;
}): Promise<ActivationResult> {
  const log = options.log ?? (() => undefined);
  const quick = options.quick === true;
  const count = quick ? 4 : 12;
  const spreadMs = quick ? 10_000 : 30_000;
  const idleMs = quick ? 20_000 : 60_000;

  const startedAt = Date.now();
  const engine = await startEngine({
    syncDelayMs: SYNC_DELAY_MS,
    ...(options.redisUrl === undefined ? {} : { redisUrl: options.redisUrl }),
    env: { ...DEFAULT_SETTINGS },
  });
  try {
    // Start-up: the first sweep, the assignments refresh and the mirrors they queue. Then idle: nothing changes.
    await sleep(2000);
    await mirrorQueueIdle(engine);
    await sleep(1000);
    const idleFrom = Date.now();
    const startupCalls = (await appPersonalizeCalls(engine, startedAt)).filter((r) => r.at < idleFrom).length;
    log(`start-up (sweep + refresh): ${startupCalls} Personalize calls; idle for ${idleMs / 1000} s`);
    await sleep(idleMs);
    const idleTo = Date.now();
    const idle = rate(await appPersonalizeCalls(engine, idleFrom), idleFrom, idleTo);

    // Busy: fresh A/B experiences created and activated at random offsets, a few at once.
    // Deterministic offsets, so runs compare: the poll's own phase still differs from run to run.
    const random = seededRandom(0x5eed);
    const offsets: number[] = [];
    while (offsets.length < count) {
      const at = Math.round(random() * spreadMs);
      offsets.push(at);
      if (offsets.length < count && offsets.length % 4 === 1) offsets.push(at); // every 4th slot: two at once
    }
    const samples: Sample[] = [];
    const busyFrom = Date.now();
    let stopWatching = false;
    const watcher = (async () => {
      while (!stopWatching) {
        const waiting = samples.filter((s) => s.servedAt === undefined);
        if (waiting.length > 0) {
          const manifest = await served(engine).catch(() => new Map<string, string | null>());
          const now = Date.now();
          for (const s of waiting) {
            const variant = manifest.get(s.shortUid);
            if (variant !== undefined && variant !== null) s.servedAt = now;
          }
        }
        await sleep(MANIFEST_POLL_MS);
      }
    })();
    await Promise.all(
      offsets.map(async (offset, i) => {
        await sleep(offset);
        const created = await engine.personalize.createAbTest(`Bench activation ${i + 1}`);
        const variants = ['A', 'B', 'C'].slice(0, 2 + (i % 2)).map((name) => ({ name }));
        await engine.personalize.writeVersion(created.uid, variants, 'ACTIVE');
        samples.push({ uid: created.uid, shortUid: created.shortUid, writtenAt: Date.now() });
      }),
    );
    const deadline = Date.now() + SAMPLE_TIMEOUT_MS;
    while (samples.some((s) => s.servedAt === undefined) && Date.now() < deadline) await sleep(MANIFEST_POLL_MS);
    stopWatching = true;
    await watcher;
    const busyTo = Math.max(...samples.map((s) => s.servedAt ?? Date.now()));
    const busyCalls = await appPersonalizeCalls(engine, busyFrom);
    const busy = rate(busyCalls, busyFrom, busyTo);

    const polls = busyCalls
      .filter((r) => r.method === 'GET' && r.path === '/personalize/experiences')
      .map((r) => r.at)
      .sort((a, b) => a - b);
    const phasesMs = samples.flatMap((s) => {
      const before = polls.filter((at) => at <= s.writtenAt).at(-1);
      return before === undefined ? [] : [s.writtenAt - before];
    });
    const samplesMs = samples.flatMap((s) => (s.servedAt === undefined ? [] : [s.servedAt - s.writtenAt]));
    const timedOut = samples.length - samplesMs.length;
    const all = [...samplesMs, ...Array.from({ length: timedOut }, () => Number.POSITIVE_INFINITY)];
    return {
      samplesMs,
      timedOut,
      p50Ms: median(all),
      p95Ms: percentile(all, 95),
      maxMs: Math.max(...all),
      idle,
      busy,
      startupCalls,
      phasesMs,
      ...(options.trace === true
        ? {
            trace: {
              samples: samples.map((s) => ({
                ...s,
                writtenAt: s.writtenAt - busyFrom,
                ...(s.servedAt === undefined ? {} : { servedAt: s.servedAt - busyFrom }),
              })),
              requests: appRequests(await sandboxRequests(engine.sandbox.url, busyFrom), engine.personalize.sent).map(
                (r) => `${r.at - busyFrom} ${r.method} ${r.path} ${r.status}`,
              ),
            },
          }
        : {}),
    };
  } finally {
    await engine.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await run({
    quick: process.argv.includes('--quick'),
    trace: process.argv.includes('--trace'),
    log: (m) => process.stdout.write(`${m}\n`),
  });
  process.stdout.write(`activation-latency ${JSON.stringify(result)}\n`);
}
