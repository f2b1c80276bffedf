// CMA calls per mirrored change against the minimum the plan needs (counted in the sandbox's request log). The
// measuring code lives in mirror-calls.ts (also runnable alone with tsx).
import { defineBench } from './lib/bench';
import { run } from './mirror-calls';

export default defineBench({
  name: 'mirror calls',
  async run() {
    const r = await run();
    const perChange = typeof r.cmaCallsPerChange === 'number' ? r.cmaCallsPerChange : Number.NaN;
    const minimum = typeof r.minimumPerChange === 'number' ? r.minimumPerChange : Number.NaN;
    return [
      {
        name: 'CMA calls per mirrored change',
        value: perChange,
        unit: 'calls',
        baseline: { name: 'minimum the plans need', value: minimum },
      },
    ];
  },
});
