// CMA calls per guarded change against the minimum the guard needs (counted in the sandbox's request log, the
// assignments engine's coverage reads included). The measuring code lives in mirror-calls.ts (also runnable alone).
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
        name: 'CMA calls per guarded change',
        value: perChange,
        unit: 'calls',
        baseline: { name: 'minimum the guard needs (links + one read)', value: minimum },
      },
    ];
  },
});
