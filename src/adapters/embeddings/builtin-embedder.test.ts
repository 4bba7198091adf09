import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CancelledError } from '../../core/errors.js';
import { BuiltinEmbedder } from './builtin-embedder.js';

function cosine(left: number[], right: number[]): number {
  let dot = 0;
  for (let index = 0; index < left.length; index += 1) dot += left[index]! * right[index]!;
  return dot;
}

function norm(vector: number[]): number {
  return Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0));
}

describe('BuiltinEmbedder', () => {
  const embedder = new BuiltinEmbedder();

  it('names itself after its version and size', () => {
    expect(embedder.id).toBe('builtin:hash-v1-384');
    expect(embedder.dimensions).toBe(384);
    expect(new BuiltinEmbedder({ dimensions: 256 }).id).toBe('builtin:hash-v1-256');
    expect(() => new BuiltinEmbedder({ dimensions: 3 })).toThrow(/16 to 4096/);
  });

  it('is deterministic across calls and instances, and unit length for any text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 300 }), async (text) => {
        const [first] = await embedder.embed([text]);
        const [second] = await new BuiltinEmbedder().embed([text]);
        expect(first).toEqual(second);
        expect(first).toHaveLength(384);
        expect(norm(first!)).toBeCloseTo(1, 9);
      }),
      { numRuns: 200 },
    );
  });

  it('gives texts without words (empty, punctuation, stopwords) a fixed unit vector', async () => {
    const [empty, dots, stop] = await embedder.embed(['', '...!!', 'the and of']);
    expect(norm(empty!)).toBeCloseTo(1, 9);
    expect(dots).toEqual(empty);
    expect(stop).toEqual(empty);
  });

  it('ranks a post on the query topic above posts on other topics', async () => {
    const posts = [
      'Roasted a new batch of Ethiopian beans this morning: light roast, notes of blueberry. Coffee nerds, try it.',
      'What a match! Our striker scored twice in the second half and the football club goes top of the league.',
      'Quarterly earnings call at 9am: revenue up 12%, margins steady. Thread below on our SaaS metrics.',
    ];
    const [query, coffee, football, earnings] = await embedder.embed(['coffee roasting', ...posts]);
    expect(cosine(query!, coffee!)).toBeGreaterThan(cosine(query!, football!));
    expect(cosine(query!, coffee!)).toBeGreaterThan(cosine(query!, earnings!));
  });

  it('matches word forms, hashtags and links by host', async () => {
    const [roasting, roasted, hashtag, plain, link, host, other] = await embedder.embed([
      'roasting',
      'roasted beans',
      '#coldbrew season',
      'coldbrew season',
      'read https://www.example.org/blog/post?id=3',
      'read example.org',
      'tax deadline reminder',
    ]);
    expect(cosine(roasting!, roasted!)).toBeGreaterThan(cosine(roasting!, other!));
    expect(cosine(hashtag!, plain!)).toBeCloseTo(1, 9);
    expect(cosine(link!, host!)).toBeCloseTo(1, 9);
  });

  it('refuses to start when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(embedder.embed(['x'], controller.signal)).rejects.toBeInstanceOf(CancelledError);
  });
});
