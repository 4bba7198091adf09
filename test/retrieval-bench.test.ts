import { describe, expect, it } from 'vitest';
import { percentile, summarize } from '../bench/bench-stats.js';
import { runRetrievalBench } from '../bench/retrieval-bench.js';

// A small run of the retrieval benchmark (the 100k variant runs only in `npm run bench`): the app's
// path (the in-memory copy over Chroma) must find exactly what the exact scan finds, cold and warm,
// Chroma's own search nearly so, and the goal must be judged from the figure it reports.
describe('retrieval benchmark (small)', () => {
  it("reports the app's cold and warm figures, exact, beside Chroma's own search", async () => {
    const result = (await runRetrievalBench({ posts: 2_000, profiles: 20, queries: 30, verbose: false })) as {
      embedder: { postsPerSecond: number };
      chroma: { insertPerSecond: number; hnswRecallAtK: number };
      app: { warmQueryMs: { p50: number; runs: number }; coldQueryMs: { runs: number }; warmP50Ms: { value: number; goal: string; met: boolean }; coldQueries: number; recallAtK: number; coldRecallAtK: number };
    };
    expect(result.embedder.postsPerSecond).toBeGreaterThan(0);
    expect(result.chroma.insertPerSecond).toBeGreaterThan(0);
    expect(result.app.recallAtK).toBe(1);
    expect(result.app.coldRecallAtK).toBe(1);
    expect(result.app.coldQueries).toBeGreaterThan(0);
    expect(result.app.coldQueries).toBeLessThanOrEqual(20);
    expect(result.app.warmP50Ms.value).toBe(result.app.warmQueryMs.p50);
    expect(result.app.warmP50Ms.met).toBe(result.app.warmP50Ms.value < 10);
    // Every query was timed, and each timing is a real duration.
    expect(result.app.warmQueryMs.runs).toBe(30);
    expect(result.app.coldQueryMs.runs).toBe(result.app.coldQueries);
    expect(result.app.warmQueryMs.p50).toBeGreaterThan(0);
    expect(result.chroma.hnswRecallAtK).toBeGreaterThan(0.9);
  });
});

describe('benchmark statistics', () => {
  it('takes percentiles by nearest rank, whatever the order of the timings', () => {
    const timings = Array.from({ length: 100 }, (_, index) => ((index * 37) % 100) + 1); // 1..100, shuffled
    expect(percentile(timings, 50)).toBe(50);
    expect(percentile(timings, 95)).toBe(95);
    expect(percentile(timings, 100)).toBe(100);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
    expect(summarize([3, 1, 2, 10])).toEqual({ p50: 2, p95: 10, mean: 4, runs: 4 });
  });
});
