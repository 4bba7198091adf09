import { describe, expect, it } from 'vitest';
import { percentile, summarize } from '../bench/bench-stats.js';
import { runRetrievalBench } from '../bench/retrieval-bench.js';

// A small run of the retrieval benchmark (the 100k variant runs only in `npm run bench`):
// it must produce every figure, and Chroma must find what the exact scan finds.
describe('retrieval benchmark (small)', () => {
  it('reports embedder, Chroma and exact-scan figures with a high recall', async () => {
    const result = (await runRetrievalBench({ posts: 2_000, profiles: 20, queries: 30, verbose: false })) as {
      embedder: { postsPerSecond: number };
      chroma: { insertPerSecond: number; queryMs: { p50: number; p95: number; runs: number }; recallAtK: number; hnswRecallAtK: number };
      exactScan: { queryMs: { p50: number; p95: number; runs: number } };
    };
    expect(result.embedder.postsPerSecond).toBeGreaterThan(0);
    expect(result.chroma.insertPerSecond).toBeGreaterThan(0);
    // Every query was timed, and each timing is a real duration.
    for (const queryMs of [result.chroma.queryMs, result.exactScan.queryMs]) {
      expect(queryMs.runs).toBe(30);
      expect(queryMs.p50).toBeGreaterThan(0);
      expect(Number.isFinite(queryMs.p95)).toBe(true);
    }
    expect(result.chroma.recallAtK).toBe(1);
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
