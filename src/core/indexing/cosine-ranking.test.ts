import { describe, expect, it } from 'vitest';
import { cosineDistance, rankByCosine, type RankCandidate } from './cosine-ranking.js';

describe('cosineDistance', () => {
  it('is 0 for the same direction, 1 at right angles, 2 for opposite directions, whatever the lengths', () => {
    expect(cosineDistance([1, 2, 3], [2, 4, 6])).toBeCloseTo(0, 12);
    expect(cosineDistance([1, 0], [0, 5])).toBeCloseTo(1, 12);
    expect(cosineDistance([1, 1], [-3, -3])).toBeCloseTo(2, 12);
    expect(cosineDistance([3, 4], [4, 3])).toBeCloseTo(1 - 24 / 25, 12);
  });

  it('is 1 when either vector is zero', () => {
    expect(cosineDistance([0, 0], [1, 2])).toBe(1);
    expect(cosineDistance([1, 2], [0, 0])).toBe(1);
  });

  it('uses the norms it is given instead of computing them', () => {
    expect(cosineDistance([3, 4], [3, 4], 5, 5)).toBeCloseTo(0, 12);
    expect(cosineDistance([3, 4], [3, 4], 10)).toBeCloseTo(0.5, 12);
    expect(cosineDistance([3, 4], [3, 4], undefined, 10)).toBeCloseTo(0.5, 12);
  });
});

describe('rankByCosine', () => {
  const candidate = (postId: number, embedding: number[]): RankCandidate => ({ postId, profileId: 7, platform: 'x', embedding });

  it('returns the k nearest, nearest first, ties broken by post id, with what a hit reports', () => {
    const hits = rankByCosine([1, 0], [candidate(4, [0, 1]), candidate(3, [2, 0]), candidate(2, [1, 1]), candidate(1, [5, 0])], 3);
    expect(hits.map((hit) => hit.postId)).toEqual([1, 3, 2]);
    expect(hits[0]).toEqual({ postId: 1, profileId: 7, platform: 'x', distance: expect.closeTo(0, 12) });
    expect(hits[2]!.distance).toBeCloseTo(1 - Math.SQRT1_2, 12);
  });

  it('measures the query’s length for every candidate', () => {
    const [hit] = rankByCosine([3, 4], [candidate(1, [3, 4])], 1);
    expect(hit!.distance).toBeCloseTo(0, 12);
    expect(rankByCosine([0, 0], [candidate(1, [3, 4])], 1)[0]!.distance).toBe(1);
  });

  it('gives nothing for no candidates or k = 0', () => {
    expect(rankByCosine([1], [], 5)).toEqual([]);
    expect(rankByCosine([1], [candidate(1, [1])], 0)).toEqual([]);
  });
});
