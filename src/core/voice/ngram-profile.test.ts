import { describe, expect, it } from 'vitest';
import { buildNgramProfile, countNgrams, dot, idfTable, ngramId, ownFrequencies, sublinearVector, weightedCentroid, weightedCosine, weightVector } from './ngram-profile.js';

describe('countNgrams', () => {
  it('counts every n-gram from 1 to 3 characters', () => {
    const counts = countNgrams('abab', 1, 3);
    expect(counts.get(ngramId('a'))).toBe(2);
    expect(counts.get(ngramId('ab'))).toBe(2);
    expect(counts.get(ngramId('ba'))).toBe(1);
    expect(counts.get(ngramId('aba'))).toBe(1);
    expect(counts.get(ngramId('bab'))).toBe(1);
    expect([...counts.values()].reduce((sum, count) => sum + count, 0)).toBe(4 + 3 + 2);
  });

  it('treats an astral character (emoji) as one character', () => {
    const counts = countNgrams('a🚀', 1, 2);
    expect(counts.get(ngramId('🚀'))).toBe(1);
    expect(counts.get(ngramId('a🚀'))).toBe(1);
    expect(counts.size).toBe(3);
  });

  it('respects the minimum n', () => {
    const counts = countNgrams('abc', 2, 2);
    expect([...counts.keys()].sort()).toEqual([ngramId('ab'), ngramId('bc')].sort());
  });

  it('gives small non-negative integer ids', () => {
    for (const id of countNgrams('Hello, world! 👋🏽', 1, 5).keys()) {
      expect(Number.isInteger(id)).toBe(true);
      expect(id).toBeGreaterThanOrEqual(0);
      expect(id).toBeLessThan(2 ** 30);
    }
  });
});

describe('vectors and profiles', () => {
  it('normalises sublinear term frequencies', () => {
    const vector = sublinearVector(new Map([[1, 1], [2, Math.E]]));
    expect(vector.get(2)! / vector.get(1)!).toBeCloseTo(2);
    expect(dot(vector, vector)).toBeCloseTo(1);
  });

  it('keeps the strongest n-grams with their post counts', () => {
    const posts = [new Map([[1, 0.8], [2, 0.6]]), new Map([[1, 0.6], [3, 0.8]]), new Map([[1, 1]])];
    const profile = buildNgramProfile(posts, 1, 5, 2);
    expect(profile.ids).toEqual([1, 3]);
    expect(profile.weights[0]).toBeCloseTo(0.8);
    expect(profile.postCounts).toEqual([3, 1]);
  });

  it('weighs rare n-grams above common ones, more so with a higher power', () => {
    const frequencies = { documents: 100, counts: new Map([[1, 90], [2, 2]]) };
    const soft = idfTable(frequencies, 0.5);
    const sharp = idfTable(frequencies, 2);
    expect(soft.weights.get(2)!).toBeGreaterThan(soft.weights.get(1)!);
    expect(sharp.weights.get(2)! / sharp.weights.get(1)!).toBeGreaterThan(soft.weights.get(2)! / soft.weights.get(1)!);
    expect(sharp.unseen).toBeGreaterThan(sharp.weights.get(2)!);
  });

  it('computes the same cosine with or without allocating', () => {
    const profile = buildNgramProfile([sublinearVector(countNgrams('hello there', 1, 3)), sublinearVector(countNgrams('hello world', 1, 3))], 1, 3, 100);
    const idf = idfTable(ownFrequencies(profile, 2), 1);
    const centroid = weightedCentroid(profile, idf);
    const text = sublinearVector(countNgrams('hello you', 1, 3));
    expect(weightedCosine(text, idf, centroid)).toBeCloseTo(dot(weightVector(text, idf), centroid), 10);
    expect(weightedCosine(new Map(), idf, centroid)).toBe(0);
  });
});

describe('countNgrams at the surrogate range’s ends', () => {
  it('reads U+10000 and U+10FFFF as one character each, and a BMP character after the range as one', () => {
    expect([...countNgrams('\ud800\udc00', 1, 1).keys()]).toEqual([ngramId('\ud800\udc00')]);
    expect([...countNgrams('\udbff\udfff', 1, 1).keys()]).toEqual([ngramId('\udbff\udfff')]);
    expect([...countNgrams('a\ue000b', 1, 1).keys()]).toEqual([ngramId('a'), ngramId('\ue000'), ngramId('b')]);
  });
});

describe('buildNgramProfile ties', () => {
  it('keeps the smaller id first among n-grams of equal weight', () => {
    const profile = buildNgramProfile(
      [
        new Map([
          [9, 0.5],
          [3, 0.5],
          [7, 0.25],
        ]),
      ],
      1,
      2,
      2,
    );
    expect(profile.ids).toEqual([3, 9]);
    expect(profile.weights).toEqual([0.5, 0.5]);
    expect(profile.postCounts).toEqual([1, 1]);
  });
});
