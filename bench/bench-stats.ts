/** Percentile of a list of numbers (nearest rank). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** p50 / p95 / mean of timings in ms, rounded. */
export function summarize(timings: readonly number[]): { p50: number; p95: number; mean: number; runs: number } {
  const mean = timings.reduce((sum, value) => sum + value, 0) / Math.max(1, timings.length);
  return { p50: round(percentile(timings, 50)), p95: round(percentile(timings, 95)), mean: round(mean), runs: timings.length };
}

/** A measured figure with its goal: `{ value, goal, met }`, so that anyone can list what falls short. */
export interface GoalFigure {
  value: number;
  goal: string;
  met: boolean;
}

/**
 * The figure beside its goal, written as a comparison with a number
 * (">= 0.9", "< 30", "<= 1.6"). A figure that could not be measured (NaN) is not met.
 */
export function withGoal(value: number, goal: string): GoalFigure {
  const parsed = /^\s*(<=|>=|<|>)\s*(-?[\d.]+)\s*$/.exec(goal);
  if (!parsed) throw new RangeError(`A goal is a comparison with a number, e.g. ">= 0.9"; got "${goal}".`);
  const target = Number(parsed[2]);
  const met = Number.isFinite(value) && { '<': value < target, '<=': value <= target, '>': value > target, '>=': value >= target }[parsed[1] as '<' | '<=' | '>' | '>='];
  return { value, goal, met };
}

/** Every figure with a goal in a result tree whose goal is not met, as "path: value (goal)". */
export function shortfalls(tree: unknown, prefix = ''): string[] {
  if (tree === null || typeof tree !== 'object') return [];
  const record = tree as Record<string, unknown>;
  if (typeof record.goal === 'string' && typeof record.met === 'boolean' && 'value' in record) {
    return record.met ? [] : [`${prefix}: ${String(record.value)} (goal ${record.goal})`];
  }
  return Object.entries(record).flatMap(([key, value]) => shortfalls(value, prefix ? `${prefix}.${key}` : key));
}
