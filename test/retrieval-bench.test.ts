import { describe, expect, it } from 'vitest';
import { runRetrievalBench } from '../bench/retrieval-bench.js';

// A small run of the retrieval benchmark (the 100k variant runs only in `npm run bench`): the app's
// path (the in-memory copy over Chroma) must find exactly what the exact scan finds, cold and warm,
// Chroma's own search nearly so, and the goal must be judged from the figure it reports.
describe('retrieval benchmark (small)', () => {
  it("reports the app's cold and warm figures, exact, beside Chroma's own search", async () => {
    const result = (await runRetrievalBench({ posts: 2_000, profiles: 20, queries: 30, verbose: false })) as {
      embedder: { postsPerSecond: number };
      chroma: { insertPerSecond: number; hnswRecallAtK: number };
      app: { warmQueryMs: { p50: number }; warmP50Ms: { value: number; goal: string; met: boolean }; coldQueries: number; recallAtK: number; coldRecallAtK: number };
    };
    expect(result.embedder.postsPerSecond).toBeGreaterThan(0);
    expect(result.chroma.insertPerSecond).toBeGreaterThan(0);
    expect(result.app.recallAtK).toBe(1);
    expect(result.app.coldRecallAtK).toBe(1);
    expect(result.app.coldQueries).toBeGreaterThan(0);
    expect(result.app.coldQueries).toBeLessThanOrEqual(20);
    expect(result.app.warmP50Ms.value).toBe(result.app.warmQueryMs.p50);
    expect(result.app.warmP50Ms.met).toBe(result.app.warmP50Ms.value < 10);
    expect(result.chroma.hnswRecallAtK).toBeGreaterThan(0.9);
  });
});
