import { describe, expect, it } from 'vitest';
import { runRetrievalBench } from '../bench/retrieval-bench.js';

// A small run of the retrieval benchmark (the 100k variant runs only in `npm run bench`):
// it must produce every figure, and Chroma must find what the exact scan finds.
describe('retrieval benchmark (small)', () => {
  it('reports embedder, Chroma and exact-scan figures with a high recall', async () => {
    const result = (await runRetrievalBench({ posts: 2_000, profiles: 20, queries: 30, verbose: false })) as {
      embedder: { postsPerSecond: number };
      chroma: { insertPerSecond: number; queryMs: { p50: number; p95: number }; recallAtK: number; hnswRecallAtK: number };
      exactScan: { queryMs: { p50: number; p95: number } };
    };
    expect(result.embedder.postsPerSecond).toBeGreaterThan(0);
    expect(result.chroma.insertPerSecond).toBeGreaterThan(0);
    expect(result.chroma.queryMs.p95).toBeGreaterThanOrEqual(result.chroma.queryMs.p50);
    expect(result.exactScan.queryMs.p95).toBeGreaterThanOrEqual(result.exactScan.queryMs.p50);
    expect(result.chroma.recallAtK).toBe(1);
    expect(result.chroma.hnswRecallAtK).toBeGreaterThan(0.9);
  });
});
