// The ingest's local view of admitted stacks: served from memory while fresh, refreshed in the background while
// aging, read again when too old; refusals never kept; a lifecycle event applied here forgets the stack at once.
import { parseWebhook, type AppInstallationWebhook } from '@pb/shared';
import { describe, expect, it } from 'vitest';
import { cachedStackGate } from './admission-cache';
import type { StackAdmission, StackGate } from './ingest';

function source(initial: Record<string, StackAdmission>) {
  const state = { ...initial };
  const reads: string[] = [];
  const gate: StackGate = {
    admission: (stack) => {
      reads.push(stack);
      return Promise.resolve(state[stack] ?? { accepted: false });
    },
    applyLifecycle: () => Promise.resolve({ ok: true, outcome: 'uninstalled' }),
  };
  return { state, reads, gate };
}

function uninstall(stack: string): AppInstallationWebhook {
  const parsed = parseWebhook({
    module: 'app_installation',
    event: 'uninstall',
    api_key: stack,
    triggered_at: new Date(0).toISOString(),
    data: {
      app_installation: {
        app_uid: 'app_1',
        installation_uid: 'inst_1',
        organization_uid: 'org_1',
        target: { type: 'stack', uid: stack },
      },
    },
  });
  if (!parsed.ok || parsed.value.module !== 'app_installation') throw new Error('not a lifecycle envelope');
  return parsed.value;
}

describe('cachedStackGate', () => {
  it('reads an admitted stack once while fresh, refreshes it in the background while aging, waits when too old', async () => {
    let clock = 0;
    const s = source({ blt_a: { accepted: true, hmacSecret: 'one' } });
    const gate = cachedStackGate(s.gate, { freshMs: 1000, maxAgeMs: 5000, now: () => clock });
    expect(await gate.admission('blt_a')).toEqual({ accepted: true, hmacSecret: 'one' });
    clock = 999;
    expect(await gate.admission('blt_a')).toEqual({ accepted: true, hmacSecret: 'one' });
    expect(s.reads).toEqual(['blt_a']);
    // Aging: the cached answer now, the new secret once the background read is back.
    s.state['blt_a'] = { accepted: true, hmacSecret: 'two' };
    clock = 1500;
    expect(await gate.admission('blt_a')).toEqual({ accepted: true, hmacSecret: 'one' });
    expect(await gate.admission('blt_a')).toEqual({ accepted: true, hmacSecret: 'two' });
    expect(s.reads).toEqual(['blt_a', 'blt_a']);
    // Too old (uninstalled by another server meanwhile): the delivery waits for the read and is refused.
    delete s.state['blt_a'];
    clock = 1500 + 5000;
    expect(await gate.admission('blt_a')).toEqual({ accepted: false });
  });

  it('never keeps a refusal: a stack installed a moment later is admitted at once', async () => {
    const s = source({});
    const gate = cachedStackGate(s.gate, { now: () => 0 });
    expect(await gate.admission('blt_b')).toEqual({ accepted: false });
    s.state['blt_b'] = { accepted: true };
    expect(await gate.admission('blt_b')).toEqual({ accepted: true });
    expect(s.reads).toEqual(['blt_b', 'blt_b']);
  });

  it('forgets a stack when a lifecycle event of it is applied here', async () => {
    const s = source({ blt_c: { accepted: true } });
    const gate = cachedStackGate(s.gate, { now: () => 0 });
    expect(await gate.admission('blt_c')).toEqual({ accepted: true });
    delete s.state['blt_c'];
    expect(await gate.applyLifecycle(uninstall('blt_c'))).toEqual({ ok: true, outcome: 'uninstalled' });
    expect(await gate.admission('blt_c')).toEqual({ accepted: false });
  });
});
