/**
 * The common shape of a benchmark. Every `bench/*.bench.ts` default-exports `defineBench({...})`; `npm run bench`
 * (bench/run.ts) runs them all in one process, one after another, and prints one table.
 *
 * A figure is either absolute (`value` + `unit`) or a ratio against a baseline measured in the same run
 * (`baseline`), because the machines are noisy and only same-run ratios compare. A `goal` makes the row pass/fail.
 */
export interface BenchContext {
  /** A Redis the bench may use, under its own random key prefix (and must clean up). */
  readonly redisUrl: string;
  /** Short run for smoke checks (`npm run bench -- --quick`): fewer rounds, smaller data. */
  readonly quick: boolean;
  log(message: string): void;
}

export interface BenchFigure {
  /** What was measured, e.g. "decisions/s (10 experiences × 3 variants)". */
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** The same quantity for the baseline, measured in the same run. */
  readonly baseline?: { readonly name: string; readonly value: number };
  /** Goal on value/baseline (or on value when there is no baseline). */
  readonly goal?: { readonly op: '>=' | '<='; readonly target: number };
  readonly note?: string;
}

export interface Bench {
  readonly name: string;
  run(ctx: BenchContext): Promise<BenchFigure[]>;
}

export function defineBench(bench: Bench): Bench {
  return bench;
}

export function isBench(value: unknown): value is Bench {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { name?: unknown }).name === 'string' &&
    typeof (value as { run?: unknown }).run === 'function'
  );
}

/** value/baseline when there is a baseline. */
export function ratioOf(figure: BenchFigure): number | undefined {
  return figure.baseline === undefined ? undefined : figure.value / figure.baseline.value;
}

export function meetsGoal(figure: BenchFigure): boolean | undefined {
  if (figure.goal === undefined) return undefined;
  const measured = ratioOf(figure) ?? figure.value;
  return figure.goal.op === '>=' ? measured >= figure.goal.target : measured <= figure.goal.target;
}
