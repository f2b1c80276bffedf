import { describe, expect, it } from 'vitest';
import { FaultPlan } from '../../src/core/faults';

describe('FaultPlan', () => {
  it('matches by method and path prefix, first firing rule wins', () => {
    const plan = new FaultPlan(() => 0.5);
    plan.set([
      { kind: '502', match: { method: 'post', pathPrefix: '/v3/variant_groups' } },
      { kind: 'latency', probability: 0.9, latencyMs: 10 },
    ]);
    expect(plan.decide('POST', '/v3/variant_groups/x')?.kind).toBe('502');
    expect(plan.decide('GET', '/v3/variant_groups')).toEqual({ kind: 'latency', latencyMs: 10, retryAfterSec: 1 });
  });

  it('draws probabilities from its random source', () => {
    const plan = new FaultPlan(() => 0.3);
    plan.set([{ kind: '500', probability: 0.2 }]);
    expect(plan.decide('GET', '/v3')).toBeNull();
    plan.set([{ kind: '500', probability: 0.4 }]);
    expect(plan.decide('GET', '/v3')?.kind).toBe('500');
  });

  it('consumes a sequence one matching request at a time and then falls silent', () => {
    const plan = new FaultPlan();
    plan.set([{ kind: '429', sequence: ['429', 'ok', 'hang'], match: { pathPrefix: '/v3' } }]);
    expect(plan.decide('GET', '/cdn/v3/x')).toBeNull();
    expect(['/v3/a', '/v3/b', '/v3/c', '/v3/d'].map((p) => plan.decide('GET', p)?.kind ?? 'none')).toEqual([
      '429',
      'none',
      'hang',
      'none',
    ]);
  });
});
