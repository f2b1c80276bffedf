// Activation in Personalize → served by the edge API at default settings, and the app's Personalize calls per
// project per minute (idle and busy) against the organization's budget, counted in the sandbox's request log. The
// measuring code lives in activation-latency.ts (also runnable alone with tsx).
import { defineBench } from './lib/bench';
import { DEFAULT_SETTINGS, SYNC_DELAY_MS, run } from './activation-latency';

/** BUDGET_PERSONALIZE_PER_SECOND's default: 10/s per organization. */
const BUDGET_PER_MINUTE = 600;
/** Issue 11, item 10: polling may use at most 5% of the budget at default settings. */
const POLLING_SHARE = 0.05;

const seconds = (ms: number): number => ms / 1000;

export default defineBench({
  name: 'activation latency',
  async run(ctx) {
    const r = await run({ redisUrl: ctx.redisUrl, quick: ctx.quick, log: (m) => ctx.log(m) });
    const samples = r.samplesMs.length + r.timedOut;
    const sweepMinutes = Number(DEFAULT_SETTINGS.SWEEP_INTERVAL_MS) / 60_000;
    const idleWithSweep = r.idle.perMinute + r.startupCalls / sweepMinutes;
    ctx.log(`samples (s): ${r.samplesMs.map((ms) => seconds(ms).toFixed(1)).join(', ')}`);
    ctx.log(`poll phase at the write (s): ${r.phasesMs.map((ms) => seconds(ms).toFixed(1)).join(', ')}`);
    const settings =
      `POLL_INTERVAL_S=${DEFAULT_SETTINGS.POLL_INTERVAL_S}, sync ${seconds(SYNC_DELAY_MS)} s, ` +
      `${samples} activations (${r.timedOut} timed out)`;
    return [
      { name: 'activation → served, p50', value: seconds(r.p50Ms), unit: 's', note: settings },
      { name: 'activation → served, p95', value: seconds(r.p95Ms), unit: 's', goal: { op: '<=', target: 15 } },
      { name: 'activation → served, max', value: seconds(r.maxMs), unit: 's' },
      {
        name: 'Personalize calls/min, idle (polling)',
        value: r.idle.perMinute,
        unit: '/min',
        goal: { op: '<=', target: BUDGET_PER_MINUTE * POLLING_SHARE },
        note: `${r.idle.calls} calls in ${seconds(r.idle.windowMs).toFixed(0)} s; goal 5% of ${BUDGET_PER_MINUTE}/min`,
      },
      {
        name: 'Personalize calls/min, idle incl. sweep',
        value: idleWithSweep,
        unit: '/min',
        goal: { op: '<=', target: BUDGET_PER_MINUTE },
        note: `polling + the start-up sweep and assignments refresh (${r.startupCalls} calls) spread over SWEEP_INTERVAL_MS`,
      },
      {
        name: 'Personalize calls/min, busy',
        value: r.busy.perMinute,
        unit: '/min',
        goal: { op: '<=', target: BUDGET_PER_MINUTE },
        note: `${r.busy.calls} calls in ${seconds(r.busy.windowMs).toFixed(1)} s (first activation → last served)`,
      },
      {
        name: 'Personalize calls in any 1 s, busy',
        value: r.busy.peakPerSecond,
        unit: 'calls',
        goal: { op: '<=', target: BUDGET_PER_MINUTE / 60 },
      },
    ];
  },
});
