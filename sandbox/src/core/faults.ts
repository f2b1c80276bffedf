/**
 * The fault plan: rules changed at run time through the admin API that make module requests fail the
 * way the real service sometimes does. The first rule that fires for a request decides its fate.
 * A `sequence` is consumed one matching request at a time ("ok" lets one through) and then the rule
 * falls silent; otherwise `probability` (default 1) is drawn per matching request.
 */
import { z } from 'zod';

export const FAULT_KINDS = ['429', '500', '502', '503', 'latency', 'hang', 'commit-then-504'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export const faultRuleSchema = z
  .object({
    match: z
      .object({
        method: z.string().min(1).optional(),
        pathPrefix: z.string().startsWith('/').optional(),
      })
      .strict()
      .optional(),
    probability: z.number().min(0).max(1).optional(),
    sequence: z.array(z.enum([...FAULT_KINDS, 'ok'])).optional(),
    kind: z.enum(FAULT_KINDS),
    latencyMs: z.number().int().min(0).max(120_000).optional(),
    retryAfterSec: z.number().int().min(0).max(3600).optional(),
  })
  .strict();

export const faultPlanSchema = z.object({ rules: z.array(faultRuleSchema) }).strict();

export type FaultRule = z.infer<typeof faultRuleSchema>;

export interface FaultDecision {
  kind: FaultKind;
  latencyMs: number;
  retryAfterSec: number;
}

interface ActiveRule {
  rule: FaultRule;
  cursor: number;
}

export const DEFAULT_LATENCY_MS = 2000;

export class FaultPlan {
  private rules: ActiveRule[] = [];

  constructor(private readonly random: () => number = Math.random) {}

  set(rules: FaultRule[]): void {
    this.rules = rules.map((rule) => ({ rule, cursor: 0 }));
  }

  clear(): void {
    this.rules = [];
  }

  describe(): { rules: (FaultRule & { consumed?: number })[] } {
    return {
      rules: this.rules.map(({ rule, cursor }) => (rule.sequence ? { ...rule, consumed: cursor } : rule)),
    };
  }

  /** Decides (and consumes sequence steps) for one request; null lets it through untouched. */
  decide(method: string, path: string): FaultDecision | null {
    for (const active of this.rules) {
      const { rule } = active;
      if (rule.match?.method !== undefined && rule.match.method.toUpperCase() !== method.toUpperCase()) continue;
      if (rule.match?.pathPrefix !== undefined && !path.startsWith(rule.match.pathPrefix)) continue;
      const kind = this.fire(active);
      if (kind === null) continue;
      return {
        kind,
        latencyMs: rule.latencyMs ?? DEFAULT_LATENCY_MS,
        retryAfterSec: rule.retryAfterSec ?? 1,
      };
    }
    return null;
  }

  private fire(active: ActiveRule): FaultKind | null {
    const { rule } = active;
    if (rule.sequence !== undefined) {
      const step = rule.sequence[active.cursor];
      if (step === undefined) return null;
      active.cursor += 1;
      return step === 'ok' ? null : step;
    }
    return this.random() < (rule.probability ?? 1) ? rule.kind : null;
  }
}
