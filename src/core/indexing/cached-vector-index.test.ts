import { beforeEach, describe, expect, it } from 'vitest';
import { FakeVectorIndex } from '../../../test/fakes/fake-vector-index.js';
import type { VectorCollection, VectorRecord } from '../ports.js';
import { CachedVectorIndex } from './cached-vector-index.js';

const collection: VectorCollection = { workspaceId: 1, embedderId: 'test:cache-2', dimensions: 2 };

function record(postId: number, profileId: number, embedding: number[], platform: 'x' | 'linkedin' = 'x'): VectorRecord {
  return { postId, profileId, platform, embedding, text: `post ${postId}` };
}

/** The inner index (what every process sees) with a count of the reads the copy makes. */
class CountingIndex extends FakeVectorIndex {
  reads = 0;
  readonly readLimits: number[] = [];
  readonly embeddingRequests: number[][] = [];
  closed = false;
  override async profileVectors(...args: Parameters<FakeVectorIndex['profileVectors']>) {
    this.reads += 1;
    this.readLimits.push(args[2]);
    return super.profileVectors(...args);
  }
  override async getEmbeddings(...args: Parameters<FakeVectorIndex['getEmbeddings']>) {
    this.embeddingRequests.push([...args[1]]);
    return super.getEmbeddings(...args);
  }
  override async close() {
    this.closed = true;
    return super.close();
  }
}

describe('CachedVectorIndex', () => {
  let inner: CountingIndex;
  let versions: Map<number, number>;
  let cache: CachedVectorIndex;
  const ids = async (profileId: number, platform?: 'x' | 'linkedin') =>
    (await cache.query(collection, { embedding: [1, 0], k: 10, profileId, platform })).map((hit) => hit.postId);

  beforeEach(async () => {
    inner = new CountingIndex();
    versions = new Map();
    cache = new CachedVectorIndex(inner, { indexVersion: async (profileId) => versions.get(profileId) ?? 0, maxVectors: 100 });
    await inner.upsert(collection, [record(1, 1, [1, 0]), record(2, 1, [0, 1], 'linkedin'), record(3, 1, [1, 1]), record(9, 2, [1, 0])]);
  });

  it('reads a profile once and answers from memory, exactly, while its version stands', async () => {
    expect(await ids(1)).toEqual([1, 3, 2]);
    expect(await ids(1, 'linkedin')).toEqual([2]);
    expect(await cache.query(collection, { embedding: [1, 0], k: 1, profileId: 1 })).toEqual([{ postId: 1, profileId: 1, platform: 'x', distance: 0 }]);
    expect(inner.reads).toBe(1);
    expect(inner.queries).toBe(0);
    expect(cache.size).toBe(3);
  });

  it("reads again when another process's changes reached the index (the version moved)", async () => {
    expect(await ids(1)).toEqual([1, 3, 2]);
    // Another process indexes a post and acknowledges it: the version in SQL moves.
    await inner.upsert(collection, [record(4, 1, [1, 0.1])]);
    expect(await ids(1)).toEqual([1, 3, 2]);
    versions.set(1, 1);
    expect(await ids(1)).toEqual([1, 4, 3, 2]);
    expect(inner.reads).toBe(2);
    // The new copy replaces the old one in the count.
    expect(cache.size).toBe(4);
  });

  it("keeps its copy through this process's own changes, and drops it when another process's came in between", async () => {
    await ids(1);
    await cache.upsert(collection, [record(5, 1, [1, 0.2])]);
    await cache.delete(collection, [3]);
    versions.set(1, 1);
    cache.indexed(collection, new Map([[1, 1]]));
    expect(await ids(1)).toEqual([1, 5, 2]);
    expect(inner.reads).toBe(1);

    // Two acknowledgements since the copy was read: one was not ours.
    await inner.upsert(collection, [record(6, 1, [1, 0])]);
    await cache.upsert(collection, [record(7, 1, [0, 1])]);
    versions.set(1, 3);
    cache.indexed(collection, new Map([[1, 3]]));
    expect(await ids(1)).toEqual([1, 6, 5, 2, 7]);
    expect(inner.reads).toBe(2);
  });

  it('follows a post that moved to another profile', async () => {
    await ids(1);
    await ids(2);
    await cache.upsert(collection, [record(1, 2, [1, 0])]);
    expect(await ids(1)).toEqual([3, 2]);
    expect((await ids(2)).sort()).toEqual([1, 9]);
  });

  it('leaves profiles larger than the limit to the index, until their version moves', async () => {
    const small = new CachedVectorIndex(inner, { indexVersion: async (profileId) => versions.get(profileId) ?? 0, maxVectors: 100, exactScanLimit: 2 });
    const hits = await small.query(collection, { embedding: [1, 0], k: 2, profileId: 1 });
    expect(hits.map((hit) => hit.postId)).toEqual([1, 3]);
    await small.query(collection, { embedding: [1, 0], k: 2, profileId: 1 });
    expect(inner.reads).toBe(1);
    expect(inner.queries).toBe(2);
    await inner.delete(collection, [3]);
    versions.set(1, 1);
    await small.query(collection, { embedding: [1, 0], k: 2, profileId: 1 });
    expect(inner.reads).toBe(2);
    expect(inner.queries).toBe(2);
  });

  it('holds at most maxVectors, dropping the least recently used profile', async () => {
    await inner.upsert(collection, [record(20, 3, [1, 0]), record(21, 3, [0, 1])]);
    const bounded = new CachedVectorIndex(inner, { indexVersion: async () => 0, maxVectors: 4 });
    const ask = (profileId: number) => bounded.query(collection, { embedding: [1, 0], k: 5, profileId });
    await ask(1);
    expect(bounded.size).toBe(3);
    await ask(3);
    expect(bounded.size).toBe(2);
    await ask(2);
    expect(bounded.size).toBe(3);
    const before = inner.reads;
    await ask(2);
    await ask(3);
    expect(inner.reads).toBe(before);
    await ask(1);
    expect(inner.reads).toBe(before + 1);
    expect(bounded.size).toBeLessThanOrEqual(4);
  });

  it('serves stored embeddings from its copies and asks the index for the rest', async () => {
    await ids(1);
    const found = await cache.getEmbeddings(collection, [1, 9, 404]);
    expect([...found.keys()].sort()).toEqual([1, 9]);
    expect(found.get(1)).toEqual([1, 0]);
  });

  it('forgets a dropped collection and turns off with maxVectors 0', async () => {
    await ids(1);
    await cache.drop(collection);
    expect(cache.size).toBe(0);
    expect(await ids(1)).toEqual([]);
    const off = new CachedVectorIndex(inner, { indexVersion: async () => 0, maxVectors: 0 });
    await off.query(collection, { embedding: [1, 0], k: 1, profileId: 1 });
    expect(off.size).toBe(0);
    expect(inner.queries).toBe(1);
  });

  it('sends a query for no hits or of the wrong size to the index, without reading a copy', async () => {
    expect(await cache.query(collection, { embedding: [1, 0], k: 0, profileId: 1 })).toEqual([]);
    expect(inner.queries).toBe(1);
    await expect(cache.query(collection, { embedding: [1, 0, 0], k: 5, profileId: 1 })).rejects.toMatchObject({ code: 'invalid_input' });
    expect(inner.queries).toBe(2);
    expect(inner.reads).toBe(0);
    expect(cache.size).toBe(0);
  });

  it("follows this process's upserts and deletes in a profile's copy, counting what it holds", async () => {
    await ids(1);
    await cache.upsert(collection, [record(3, 1, [0, 1])]);
    expect(cache.size).toBe(3);
    expect(await ids(1)).toEqual([1, 2, 3]);
    await cache.upsert(collection, [record(5, 1, [1, 0.5])]);
    expect(cache.size).toBe(4);
    await cache.delete(collection, [1, 2]);
    expect(cache.size).toBe(2);
    expect(await ids(1)).toEqual([5, 3]);
    // A profile without a copy gets nothing in memory.
    await cache.upsert(collection, [record(30, 2, [1, 0])]);
    expect(cache.size).toBe(2);
    expect(inner.reads).toBe(1);
  });

  it('keeps at most maxVectors after an upsert too', async () => {
    const bounded = new CachedVectorIndex(inner, { indexVersion: async () => 0, maxVectors: 3 });
    await bounded.query(collection, { embedding: [1, 0], k: 5, profileId: 1 });
    expect(bounded.size).toBe(3);
    await bounded.upsert(collection, [record(5, 1, [1, 0.5])]);
    expect(bounded.size).toBeLessThanOrEqual(3);
  });

  it('drops a copy that did not hold the acknowledged changes, and one of a profile never read does not matter', async () => {
    await ids(1);
    cache.indexed(collection, new Map([[1, 2], [7, 1]]));
    expect(cache.size).toBe(0);
    versions.set(1, 2);
    expect(await ids(1)).toEqual([1, 3, 2]);
    expect(inner.reads).toBe(2);
  });

  it('asks the index only for the embeddings it does not hold, and not at all when it holds them all', async () => {
    await ids(1);
    const held = await cache.getEmbeddings(collection, [1, 2]);
    expect(held).toEqual(new Map([[1, [1, 0]], [2, [0, 1]]]));
    expect(Array.isArray(held.get(1))).toBe(true);
    expect(inner.embeddingRequests).toEqual([]);
    await cache.getEmbeddings(collection, [3, 9]);
    expect(inner.embeddingRequests).toEqual([[9]]);
  });

  it('reads at most maxVectors, or the exact-scan limit of 2,000 by default, and leaves a larger profile to the index', async () => {
    await ids(1);
    expect(inner.readLimits).toEqual([100]);
    const roomy = new CachedVectorIndex(inner, { indexVersion: async () => 0, maxVectors: 10_000 });
    await roomy.query(collection, { embedding: [1, 0], k: 1, profileId: 1 });
    expect(inner.readLimits).toEqual([100, 2000]);
    const tight = new CachedVectorIndex(inner, { indexVersion: async () => 0, maxVectors: 2 });
    const hits = await tight.query(collection, { embedding: [1, 0], k: 2, profileId: 1 });
    expect(hits.map((hit) => hit.postId)).toEqual([1, 3]);
    expect(inner.readLimits).toEqual([100, 2000, 2]);
    expect(tight.size).toBe(0);
  });

  it("drops only the dropped collection's copies, and reads a large profile anew after a drop", async () => {
    const other: VectorCollection = { ...collection, embedderId: 'test:other-2' };
    await inner.upsert(other, [record(1, 1, [1, 0])]);
    await ids(1);
    await cache.query(other, { embedding: [1, 0], k: 5, profileId: 1 });
    expect(cache.size).toBe(4);
    await cache.drop(other);
    expect(cache.size).toBe(3);
    expect(await ids(1)).toEqual([1, 3, 2]);
    expect(inner.reads).toBe(2);

    const small = new CachedVectorIndex(inner, { indexVersion: async () => 0, maxVectors: 100, exactScanLimit: 2 });
    await small.query(collection, { embedding: [1, 0], k: 1, profileId: 1 });
    await small.query(collection, { embedding: [1, 0], k: 1, profileId: 1 });
    expect(inner.reads).toBe(3);
    await small.drop(other);
    await small.query(collection, { embedding: [1, 0], k: 1, profileId: 1 });
    expect(inner.reads).toBe(3);
    await small.drop(collection);
    await small.query(collection, { embedding: [1, 0], k: 1, profileId: 1 });
    expect(inner.reads).toBe(4);
  });

  it('passes counts, profile vectors, pings and its kind through to the index, and empties itself on close', async () => {
    expect(cache.kind).toBe('fake');
    expect(await cache.count(collection)).toBe(4);
    expect(await cache.count(collection, 2)).toBe(1);
    expect((await cache.profileVectors(collection, 2, 10))?.map((vector) => vector.postId)).toEqual([9]);
    await expect(cache.ping()).resolves.toBeUndefined();
    inner.down = true;
    await expect(cache.ping()).rejects.toThrow('ECONNREFUSED');
    inner.down = false;
    await ids(1);
    await cache.close();
    expect(cache.size).toBe(0);
    expect(inner.closed).toBe(true);
  });

  it('keeps the most recently asked profile when it must drop one', async () => {
    await inner.upsert(collection, [record(20, 3, [1, 0]), record(21, 3, [0, 1])]);
    const bounded = new CachedVectorIndex(inner, { indexVersion: async () => 0, maxVectors: 5 });
    const ask = (profileId: number) => bounded.query(collection, { embedding: [1, 0], k: 5, profileId });
    await ask(1);
    await ask(2);
    await ask(1);
    await ask(3); // 3 + 1 + 2 = 6 vectors: profile 2, asked longest ago, goes.
    expect(bounded.size).toBe(5);
    const before = inner.reads;
    await ask(1);
    await ask(3);
    expect(inner.reads).toBe(before);
  });

  it('keeps the copies of two collections apart, even for the same post id', async () => {
    const other: VectorCollection = { ...collection, embedderId: 'test:other-2' };
    await inner.upsert(other, [record(1, 1, [0, 1]), record(2, 1, [1, 0])]);
    await ids(1);
    await cache.query(other, { embedding: [1, 0], k: 5, profileId: 1 });
    expect(await cache.getEmbeddings(other, [1])).toEqual(new Map([[1, [0, 1]]]));
    expect(inner.embeddingRequests).toEqual([]);
    await cache.upsert(other, [record(1, 2, [0, 1])]);
    await cache.delete(other, [2]);
    expect(await ids(1)).toEqual([1, 3, 2]);
    expect(inner.reads).toBe(2);
  });
});
