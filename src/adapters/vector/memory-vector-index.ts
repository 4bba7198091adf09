import type { Platform } from '../../core/platforms/index.js';
import type { ProfileVector, VectorCollection, VectorHit, VectorIndex, VectorRecord } from '../../core/ports.js';
import { cosineDistance } from '../../core/indexing/index.js';
import { checkDimensions } from './vector-dimensions.js';

interface StoredVector {
  postId: number;
  profileId: number;
  platform: Platform;
  embedding: Float64Array;
  norm: number;
}

interface MemoryCollection {
  dimensions: number;
  byPost: Map<number, StoredVector>;
  byProfile: Map<number, Set<number>>;
}

/** The key that separates collections: one per workspace and embedder, as in Chroma. */
export function collectionKey(collection: VectorCollection): string {
  return `${collection.workspaceId}\u0000${collection.embedderId}`;
}

function vectorNorm(values: ArrayLike<number>): number {
  let squares = 0;
  for (let index = 0; index < values.length; index += 1) squares += values[index]! * values[index]!;
  return Math.sqrt(squares);
}

/**
 * An exact, in-process VectorIndex: brute-force cosine over the profile's
 * vectors. The reference for the contract suite, the baseline in benchmarks,
 * and a fine index for tests and small workspaces. Nothing is persisted.
 */
export class MemoryVectorIndex implements VectorIndex {
  readonly kind: string = 'memory';
  private readonly collections = new Map<string, MemoryCollection>();

  async upsert(collection: VectorCollection, records: readonly VectorRecord[]): Promise<void> {
    if (records.length === 0) return;
    const target = this.open(collection);
    for (const record of records) {
      checkDimensions(collection, record.embedding.length, `post ${record.postId}`);
      const previous = target.byPost.get(record.postId);
      if (previous) target.byProfile.get(previous.profileId)?.delete(record.postId);
      const embedding = Float64Array.from(record.embedding);
      target.byPost.set(record.postId, {
        postId: record.postId,
        profileId: record.profileId,
        platform: record.platform,
        embedding,
        norm: vectorNorm(embedding),
      });
      let posts = target.byProfile.get(record.profileId);
      if (!posts) {
        posts = new Set();
        target.byProfile.set(record.profileId, posts);
      }
      posts.add(record.postId);
    }
  }

  async delete(collection: VectorCollection, postIds: readonly number[]): Promise<void> {
    const target = this.collections.get(collectionKey(collection));
    if (!target) return;
    for (const postId of postIds) {
      const stored = target.byPost.get(postId);
      if (!stored) continue;
      target.byPost.delete(postId);
      target.byProfile.get(stored.profileId)?.delete(postId);
    }
  }

  async query(
    collection: VectorCollection,
    request: { embedding: number[]; k: number; profileId: number; platform?: Platform },
  ): Promise<VectorHit[]> {
    checkDimensions(collection, request.embedding.length, 'the query');
    const target = this.collections.get(collectionKey(collection));
    const postIds = target?.byProfile.get(request.profileId);
    if (!target || !postIds || request.k <= 0) return [];
    const queryNorm = vectorNorm(request.embedding);
    const hits: VectorHit[] = [];
    for (const postId of postIds) {
      const stored = target.byPost.get(postId)!;
      if (request.platform !== undefined && stored.platform !== request.platform) continue;
      hits.push({
        postId,
        profileId: stored.profileId,
        platform: stored.platform,
        distance: cosineDistance(request.embedding, stored.embedding, queryNorm, stored.norm),
      });
    }
    hits.sort((left, right) => left.distance - right.distance || left.postId - right.postId);
    return hits.slice(0, request.k);
  }

  async getEmbeddings(collection: VectorCollection, postIds: readonly number[]): Promise<Map<number, number[]>> {
    const found = new Map<number, number[]>();
    const target = this.collections.get(collectionKey(collection));
    if (!target) return found;
    for (const postId of postIds) {
      const stored = target.byPost.get(postId);
      if (stored) found.set(postId, Array.from(stored.embedding));
    }
    return found;
  }

  async profileVectors(collection: VectorCollection, profileId: number, limit: number): Promise<ProfileVector[] | undefined> {
    const target = this.collections.get(collectionKey(collection));
    const postIds = target?.byProfile.get(profileId);
    if (!target || !postIds) return [];
    if (postIds.size > limit) return undefined;
    return [...postIds].map((postId) => {
      const stored = target.byPost.get(postId)!;
      return { postId, platform: stored.platform, embedding: Array.from(stored.embedding) };
    });
  }

  async count(collection: VectorCollection, profileId?: number): Promise<number> {
    const target = this.collections.get(collectionKey(collection));
    if (!target) return 0;
    return profileId === undefined ? target.byPost.size : (target.byProfile.get(profileId)?.size ?? 0);
  }

  async drop(collection: VectorCollection): Promise<void> {
    this.collections.delete(collectionKey(collection));
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    this.collections.clear();
  }

  private open(collection: VectorCollection): MemoryCollection {
    const key = collectionKey(collection);
    let target = this.collections.get(key);
    if (!target) {
      target = { dimensions: collection.dimensions, byPost: new Map(), byProfile: new Map() };
      this.collections.set(key, target);
    }
    return target;
  }
}
