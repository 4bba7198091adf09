import { describe, expect, it } from 'vitest';
import { selectDiverse, type RankedCandidate } from './diversify.js';

const candidate = (item: string, relevance: number, embedding: number[] | undefined, cost = 10): RankedCandidate<string> => ({ item, relevance, embedding, cost });

describe('selectDiverse', () => {
  it('prefers a less relevant but different candidate over a redundant one', () => {
    const picked = selectDiverse(
      [candidate('a', 1, [1, 0, 0]), candidate('a-ish', 0.95, [0.9, 0.43, 0]), candidate('b', 0.7, [0, 1, 0])],
      { k: 2, lambda: 0.5, maxSimilarity: 0.99 },
    );
    expect(picked.map((entry) => entry.item)).toEqual(['a', 'b']);
  });

  it('drops near-copies of a pick even when nothing else is left', () => {
    const picked = selectDiverse([candidate('a', 1, [1, 0]), candidate('copy', 0.9, [1, 0.01])], { k: 2 });
    expect(picked.map((entry) => entry.item)).toEqual(['a']);
  });

  it('stops at the budget but still takes a cheaper candidate that fits', () => {
    const picked = selectDiverse(
      [candidate('big', 1, undefined, 60), candidate('huge', 0.9, undefined, 50), candidate('small', 0.5, undefined, 30)],
      { k: 5, budget: 100 },
    );
    expect(picked.map((entry) => entry.item)).toEqual(['big', 'small']);
  });
});
