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

  it('weighs relevance at 0.7 and novelty at 0.3 by default', () => {
    // After 'a': 'close' scores 0.7 × 0.8 − 0.3 × its similarity to 'a'; 'apart' scores 0.7 × 0.5.
    const pick = (similarity: number): string[] =>
      selectDiverse(
        [candidate('a', 1, [1, 0, 0]), candidate('close', 0.8, [similarity, Math.sqrt(1 - similarity * similarity), 0]), candidate('apart', 0.5, [0, 0, 1])],
        { k: 2 },
      ).map((entry) => entry.item);
    expect(pick(0.6)).toEqual(['a', 'close']);
    expect(pick(0.8)).toEqual(['a', 'apart']);
  });

  it('drops candidates more than 0.92 similar to a pick by default', () => {
    const at = (similarity: number): number[] => [similarity, Math.sqrt(1 - similarity * similarity)];
    const picked = selectDiverse([candidate('a', 1, [1, 0]), candidate('copy', 0.9, at(0.93)), candidate('kin', 0.8, at(0.91))], { k: 3 });
    expect(picked.map((entry) => entry.item)).toEqual(['a', 'kin']);
  });

  it('takes a candidate that uses up exactly what is left of the budget', () => {
    const picked = selectDiverse([candidate('big', 1, undefined, 60), candidate('rest', 0.5, undefined, 40)], { k: 5, budget: 100 });
    expect(picked.map((entry) => entry.item)).toEqual(['big', 'rest']);
  });

  it('drops only what is more similar than allowed, not as similar', () => {
    const picked = selectDiverse([candidate('a', 1, [1, 0]), candidate('same', 0.9, [1, 0])], { k: 2, maxSimilarity: 1 });
    expect(picked.map((entry) => entry.item)).toEqual(['a', 'same']);
  });

  it('remembers how close a candidate is to any pick so far, not only the last one', () => {
    // 'near-a' is 0.6 similar to 'a' and unlike 'b': after 'b' it still scores 0.56 − 0.18 = 0.38, under 'other' at 0.385.
    const picked = selectDiverse(
      [candidate('a', 1, [1, 0, 0]), candidate('b', 0.9, [0, 1, 0]), candidate('near-a', 0.8, [0.6, 0, 0.8]), candidate('other', 0.55, [0, 0, 1])],
      { k: 3 },
    );
    expect(picked.map((entry) => entry.item)).toEqual(['a', 'b', 'other']);
  });
});
