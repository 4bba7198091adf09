/**
 * The VectorIndex contract: every adapter (memory, Chroma) runs this suite.
 * Each test uses its own workspace id, so adapters backed by a shared server
 * need no cleanup between tests.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidInputError } from '../src/core/errors.js';
import type { Platform } from '../src/core/platforms/platform-id.js';
import type { VectorCollection, VectorIndex, VectorRecord } from '../src/core/ports.js';
import { seededRandom as random } from './helpers/seeded-random.js';

const DIMENSIONS = 8;

function unit(values: number[]): number[] {
  const norm = Math.sqrt(values.reduce((sum, value) => sum + value * value, 0));
  return values.map((value) => value / norm);
}

function randomVector(next: () => number): number[] {
  return unit(Array.from({ length: DIMENSIONS }, () => next() * 2 - 1));
}

function record(postId: number, profileId: number, embedding: number[], platform: Platform = 'x'): VectorRecord {
  return { postId, profileId, platform, embedding, text: `post ${postId}` };
}

/** Runs the contract against the index that `open` returns; `open` is called once for the suite. */
export function vectorIndexContract(name: string, open: () => Promise<VectorIndex>): void {
  describe(`VectorIndex contract: ${name}`, () => {
    let index: VectorIndex;
    let nextWorkspace = 1_000 + Math.floor(Math.random() * 1_000_000);
    const collection = (embedderId = 'test:contract-8'): VectorCollection => ({
      workspaceId: nextWorkspace++,
      embedderId,
      dimensions: DIMENSIONS,
    });

    beforeAll(async () => {
      index = await open();
    });
    afterAll(async () => {
      await index?.close();
    });

    it('answers ping', async () => {
      await expect(index.ping()).resolves.toBeUndefined();
    });

    it('returns the k nearest posts of the profile, nearest first, with cosine distances', async () => {
      const target = collection();
      const next = random(1);
      const records = Array.from({ length: 40 }, (_, i) => record(i + 1, i < 30 ? 7 : 8, randomVector(next)));
      await index.upsert(target, records);

      const query = records[3]!.embedding;
      const hits = await index.query(target, { embedding: query, k: 5, profileId: 7 });
      expect(hits).toHaveLength(5);
      expect(hits[0]).toMatchObject({ postId: 4, profileId: 7, platform: 'x' });
      expect(hits[0]!.distance).toBeCloseTo(0, 4);
      for (const hit of hits) expect(hit.profileId).toBe(7);
      for (let i = 1; i < hits.length; i += 1) expect(hits[i]!.distance).toBeGreaterThanOrEqual(hits[i - 1]!.distance - 1e-6);

      const expected = records
        .filter((candidate) => candidate.profileId === 7)
        .map((candidate) => ({ postId: candidate.postId, distance: 1 - candidate.embedding.reduce((sum, value, i) => sum + value * query[i]!, 0) }))
        .sort((left, right) => left.distance - right.distance)
        .slice(0, 5);
      expect(hits.map((hit) => hit.postId)).toEqual(expected.map((hit) => hit.postId));
      hits.forEach((hit, i) => expect(hit.distance).toBeCloseTo(expected[i]!.distance, 4));

      const opposite = await index.query(target, { embedding: query.map((value) => -value), k: 1, profileId: 7 });
      expect(opposite[0]!.postId).not.toBe(4);
    });

    it('filters by platform and returns fewer than k when the profile has fewer posts', async () => {
      const target = collection();
      const next = random(2);
      await index.upsert(target, [
        record(1, 1, randomVector(next), 'x'),
        record(2, 1, randomVector(next), 'linkedin'),
        record(3, 1, randomVector(next), 'linkedin'),
        record(4, 2, randomVector(next), 'linkedin'),
      ]);
      const hits = await index.query(target, { embedding: randomVector(next), k: 8, profileId: 1, platform: 'linkedin' });
      expect(hits.map((hit) => hit.postId).sort()).toEqual([2, 3]);
      expect(hits.every((hit) => hit.platform === 'linkedin')).toBe(true);
      expect(await index.query(target, { embedding: randomVector(next), k: 8, profileId: 99 })).toEqual([]);
    });

    it('replaces a post on upsert, including a move to another profile', async () => {
      const target = collection();
      const next = random(3);
      const first = randomVector(next);
      const second = randomVector(next);
      await index.upsert(target, [record(10, 1, first)]);
      await index.upsert(target, [record(10, 2, second, 'bluesky')]);
      expect(await index.count(target)).toBe(1);
      expect(await index.count(target, 1)).toBe(0);
      expect(await index.count(target, 2)).toBe(1);
      const [hit] = await index.query(target, { embedding: second, k: 1, profileId: 2 });
      expect(hit).toMatchObject({ postId: 10, profileId: 2, platform: 'bluesky' });
      expect(hit!.distance).toBeCloseTo(0, 4);
      const stored = await index.getEmbeddings(target, [10]);
      stored.get(10)!.forEach((value, i) => expect(value).toBeCloseTo(second[i]!, 5));
    });

    it('deletes posts and ignores ids it does not hold', async () => {
      const target = collection();
      const next = random(4);
      await index.upsert(target, [record(1, 1, randomVector(next)), record(2, 1, randomVector(next)), record(3, 1, randomVector(next))]);
      await index.delete(target, [2, 404]);
      await index.delete(target, []);
      expect(await index.count(target, 1)).toBe(2);
      const hits = await index.query(target, { embedding: randomVector(next), k: 8, profileId: 1 });
      expect(hits.map((hit) => hit.postId).sort()).toEqual([1, 3]);
    });

    it('returns stored embeddings for the ids it holds', async () => {
      const target = collection();
      const next = random(5);
      const vectors = [randomVector(next), randomVector(next)];
      await index.upsert(target, [record(1, 1, vectors[0]!), record(2, 1, vectors[1]!)]);
      const found = await index.getEmbeddings(target, [2, 1, 77]);
      expect([...found.keys()].sort()).toEqual([1, 2]);
      found.get(1)!.forEach((value, i) => expect(value).toBeCloseTo(vectors[0]![i]!, 5));
      expect((await index.getEmbeddings(target, [])).size).toBe(0);
    });

    it("reads a profile's vectors for ranking in process, or says it has more than the limit", async () => {
      const target = collection();
      const next = random(11);
      const vectors = [randomVector(next), randomVector(next), randomVector(next)];
      await index.upsert(target, [record(1, 1, vectors[0]!, 'x'), record(2, 1, vectors[1]!, 'linkedin'), record(3, 2, vectors[2]!)]);
      const read = await index.profileVectors(target, 1, 10);
      expect(read?.map((vector) => [vector.postId, vector.platform]).sort()).toEqual([
        [1, 'x'],
        [2, 'linkedin'],
      ]);
      read!.find((vector) => vector.postId === 2)!.embedding.forEach((value, i) => expect(value).toBeCloseTo(vectors[1]![i]!, 5));
      expect(await index.profileVectors(target, 1, 1)).toBeUndefined();
      expect(await index.profileVectors(target, 99, 10)).toEqual([]);
    });

    it('treats a collection that was never written as empty', async () => {
      const target = collection();
      expect(await index.count(target)).toBe(0);
      expect(await index.count(target, 1)).toBe(0);
      expect(await index.query(target, { embedding: randomVector(random(6)), k: 3, profileId: 1 })).toEqual([]);
      expect((await index.getEmbeddings(target, [1])).size).toBe(0);
      expect(await index.profileVectors(target, 1, 10)).toEqual([]);
      await index.delete(target, [1]);
      await index.drop(target);
    });

    it('keeps workspaces and embedders apart, and drop removes only its collection', async () => {
      const next = random(7);
      const left = collection('test:left-8');
      const right: VectorCollection = { ...left, embedderId: 'test:right-8' };
      const other: VectorCollection = { ...left, workspaceId: left.workspaceId + 500_000 };
      await index.upsert(left, [record(1, 1, randomVector(next)), record(2, 1, randomVector(next))]);
      await index.upsert(right, [record(1, 1, randomVector(next))]);
      await index.upsert(other, [record(5, 1, randomVector(next))]);
      expect(await index.count(left)).toBe(2);
      expect(await index.count(right)).toBe(1);
      expect(await index.count(other)).toBe(1);
      await index.drop(left);
      expect(await index.count(left)).toBe(0);
      expect(await index.count(right)).toBe(1);
      await index.upsert(left, [record(3, 1, randomVector(next))]);
      expect(await index.count(left)).toBe(1);
      await index.drop(right);
      await index.drop(other);
    });

    it('stores more records than one batch holds in a single call', async () => {
      const target = collection();
      const next = random(8);
      const records = Array.from({ length: 5_600 }, (_, i) => record(i + 1, (i % 4) + 1, randomVector(next)));
      await index.upsert(target, records);
      expect(await index.count(target)).toBe(5_600);
      expect(await index.count(target, 2)).toBe(1_400);
      const found = await index.getEmbeddings(target, records.slice(5_500).map((item) => item.postId));
      expect(found.size).toBe(100);
      await index.delete(target, records.slice(0, 5_550).map((item) => item.postId));
      expect(await index.count(target)).toBe(50);
    });

    it('stores texts with broken characters (a post cut in the middle of an emoji)', async () => {
      const target = collection();
      const cut = 'Launch day 🚀'.slice(0, -1);
      await index.upsert(target, [{ ...record(1, 1, randomVector(random(9))), text: cut }, { ...record(2, 1, randomVector(random(10))), text: '\uDE80 orphan' }]);
      expect(await index.count(target)).toBe(2);
    });

    it('rejects an embedding whose size does not match the collection, naming the fix', async () => {
      const target = collection();
      await expect(index.upsert(target, [record(1, 1, [1, 0, 0])])).rejects.toBeInstanceOf(InvalidInputError);
      const error = await index.query(target, { embedding: [1, 0], k: 1, profileId: 1 }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as InvalidInputError).hint).toMatch(/smm reindex/);
    });
  });
}
