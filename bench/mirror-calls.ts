// CMA calls per guarded change against the minimum the guard needs (its content-type link writes plus the one read of
// the experience's groups). Each change is made through the sandbox's Personalize API, whose own sync makes the
// groups; the poll finds the change; the sandbox's request log counts what the app actually sent (the assignments
// engine's coverage reads included). Run: npx tsx bench/mirror-calls.ts
import { startEngine, mirrorQueueIdle, type Engine } from '@pb/test/support/engine';
import { sandboxRequests } from '@pb/test/support/sandbox-requests';
import { workerCountersKey } from '@pb/server/metrics';

interface ChangeResult {
  change: string;
  cmaCalls: number;
  minimum: number;
}

async function planWrites(engine: Engine): Promise<number> {
  const fields = await engine.redis.hgetall(workerCountersKey(engine.config.QUEUE_PREFIX));
  return Object.entries(fields)
    .filter(([k]) => k.startsWith('pb_plan_operations_applied_total'))
    .reduce((sum, [, v]) => sum + Number(v), 0);
}

async function measure(engine: Engine, change: string, act: () => Promise<void>): Promise<ChangeResult> {
  await mirrorQueueIdle(engine);
  const writesBefore = await planWrites(engine);
  const since = Date.now();
  await act();
  // Wait for Personalize's sync and the poll (1 s in the harness) to find the change, then for the guard to finish.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  await mirrorQueueIdle(engine);
  const requests = (await sandboxRequests(engine.sandbox.url, since)).filter((r) => r.path.startsWith('/v3/'));
  const writes = (await planWrites(engine)) - writesBefore;
  return { change, cmaCalls: requests.length, minimum: writes + 1 };
}

export async function run(): Promise<Record<string, number | ChangeResult[]>> {
  const engine = await startEngine({ timeScale: 0.01 });
  try {
    await mirrorQueueIdle(engine);
    const p = engine.personalize;
    const results: ChangeResult[] = [];
    let uid = '';
    results.push(
      await measure(engine, 'create + activate with 3 variants', async () => {
        uid = (await p.createAbTest('Bench hero')).uid;
        await p.writeVersion(uid, [{ name: 'A' }, { name: 'B' }, { name: 'C' }], 'ACTIVE');
      }),
    );
    results.push(await measure(engine, 'rename experience', () => p.renameExperience(uid, 'Bench hero 2')));
    const active = (await p.versions(uid)).find((v) => v.status === 'ACTIVE');
    const [a, b] = active?.variants ?? [];
    results.push(
      await measure(engine, 'new version: rename one, drop one, add one', async () => {
        await p.writeVersion(
          uid,
          [{ shortUid: a?.shortUid ?? '0', name: 'A' }, { shortUid: b?.shortUid ?? '1', name: 'B2' }, { name: 'D' }],
          'ACTIVE',
        );
      }),
    );
    results.push(
      await measure(engine, 'no-op re-mirror', () =>
        engine.http.queues.enqueueMirror({
          stackApiKey: engine.credentials.api_key,
          projectUid: engine.credentials.personalize_project_uid,
          experienceUid: uid,
          trigger: 'manual',
        }),
      ),
    );
    const calls = results.reduce((s, r) => s + r.cmaCalls, 0);
    const minimum = results.reduce((s, r) => s + r.minimum, 0);
    return {
      cmaCallsPerChange: calls / results.length,
      minimumPerChange: minimum / results.length,
      ratioToMinimum: Number((calls / minimum).toFixed(3)),
      changes: results,
    };
  } finally {
    await engine.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await run();
  process.stdout.write(`mirror-calls ${JSON.stringify(result)}\n`);
}
