import { describe, expect, it } from 'vitest';
import { cosine, dot, nearest, unit } from './vector-math.js';

describe('vector math', () => {
  it('computes cosine similarity, 0 for zero or mismatched vectors', () => {
    expect(cosine([1, 0], [2, 0])).toBeCloseTo(1);
    expect(cosine([1, 0], [0, 3])).toBeCloseTo(0);
    expect(cosine([1, 1], [-1, -1])).toBeCloseTo(-1);
    expect(cosine([0, 0], [1, 0])).toBe(0);
    expect(cosine([1, 0], [0, 0])).toBe(0);
    expect(cosine([1], [1, 0])).toBe(0);
  });

  it('turns cosines into dot products of unit vectors', () => {
    const a = [3, 4, 0];
    const b = [1, 2, 2];
    expect(dot(unit(a), unit(b))).toBeCloseTo(cosine(a, b));
    expect([...unit([0, 0])]).toEqual([0, 0]);
    expect(dot(unit([1, 0]), unit([1]))).toBe(0);
  });

  it('finds the nearest vector and its similarity', () => {
    expect(nearest([1, 0], [[0, 1], [1, 0.1], [-1, 0]])).toEqual({ index: 1, similarity: expect.closeTo(0.995, 3) });
    expect(nearest([1, 0], [])).toEqual({ index: -1, similarity: -Infinity });
  });
});
