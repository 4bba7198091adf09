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
