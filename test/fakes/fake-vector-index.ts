import type { VectorCollection, VectorHit, VectorIndex, VectorRecord } from '../../src/core/ports.js';
import type { Platform } from '../../src/core/platforms/platform-id.js';

function keyOf(collection: VectorCollection): string {
  return `${collection.workspaceId}/${collection.embedderId}`;
}

function cosineDistance(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  a.forEach((value, index) => {
    const other = b[index] ?? 0;
    dot += value * other;
    normA += value * value;
    normB += other * other;
  });
  return normA === 0 || normB === 0 ? 1 : 1 - dot / Math.sqrt(normA * normB);
}

/** An exact in-memory vector index for core tests; `down = true` makes every call fail like an unreachable server. */
export class FakeVectorIndex implements VectorIndex {
  readonly kind = 'fake';
  readonly collections = new Map<string, Map<number, VectorRecord>>();
  down = false;
  queries = 0;

  async upsert(collection: VectorCollection, records: readonly VectorRecord[]): Promise<void> {
    const store = this.open(collection);
    for (const record of records) store.set(record.postId, { ...record });
  }

  async delete(collection: VectorCollection, postIds: readonly number[]): Promise<void> {
    const store = this.open(collection);
    for (const id of postIds) store.delete(id);
  }

  async query(
    collection: VectorCollection,
    request: { embedding: number[]; k: number; profileId: number; platform?: Platform },
  ): Promise<VectorHit[]> {
    this.queries += 1;
    const store = this.open(collection);
    return [...store.values()]
      .filter((record) => record.profileId === request.profileId && (!request.platform || record.platform === request.platform))
      .map((record) => ({
        postId: record.postId,
        profileId: record.profileId,
        platform: record.platform,
        distance: cosineDistance(request.embedding, record.embedding),
      }))
      .sort((a, b) => a.distance - b.distance || a.postId - b.postId)
      .slice(0, request.k);
  }

  async getEmbeddings(collection: VectorCollection, postIds: readonly number[]): Promise<Map<number, number[]>> {
    const store = this.open(collection);
    const found = new Map<number, number[]>();
    for (const id of postIds) {
      const record = store.get(id);
      if (record) found.set(id, record.embedding);
    }
    return found;
  }

  async count(collection: VectorCollection, profileId?: number): Promise<number> {
    const store = this.open(collection);
    return [...store.values()].filter((record) => profileId === undefined || record.profileId === profileId).length;
  }

  async drop(collection: VectorCollection): Promise<void> {
    this.check();
    this.collections.delete(keyOf(collection));
  }

  async ping(): Promise<void> {
    this.check();
  }

  async close(): Promise<void> {}

  private open(collection: VectorCollection): Map<number, VectorRecord> {
    this.check();
    const key = keyOf(collection);
    let store = this.collections.get(key);
    if (!store) {
      store = new Map();
      this.collections.set(key, store);
    }
    return store;
  }

  private check(): void {
    if (this.down) throw new Error('connect ECONNREFUSED 127.0.0.1:8000');
  }
}
