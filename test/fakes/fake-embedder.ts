import type { Embedder } from '../../src/core/ports.js';

/**
 * A deterministic bag-of-words embedder for core tests: each lowercased word
 * adds to one of `dimensions` buckets by a string hash, then the vector is
 * L2-normalised. Same words → same vector; shared words → high cosine.
 */
export class FakeEmbedder implements Embedder {
  readonly calls: string[][] = [];
  failWith: Error | undefined;

  constructor(
    readonly id = 'fake:bow-64',
    readonly dimensions = 64,
  ) {}

  async embed(texts: readonly string[]): Promise<number[][]> {
    this.calls.push([...texts]);
    if (this.failWith) throw this.failWith;
    return texts.map((text) => this.vector(text));
  }

  vector(text: string): number[] {
    const vector = new Array<number>(this.dimensions).fill(0);
    for (const word of text.toLowerCase().match(/[\p{L}\p{N}#@]+/gu) ?? []) {
      let hash = 2166136261;
      for (let index = 0; index < word.length; index += 1) hash = Math.imul(hash ^ word.charCodeAt(index), 16777619);
      const bucket = (hash >>> 0) % this.dimensions;
      vector[bucket] = (vector[bucket] ?? 0) + 1;
    }
    const norm = Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0)) || 1;
    return vector.map((value) => value / norm);
  }
}
