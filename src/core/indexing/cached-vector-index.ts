import type { Platform } from '../platforms/platform-id.js';
import type { ProfileVector, VectorCollection, VectorHit, VectorIndex, VectorRecord } from '../ports.js';
import { rankByCosine, type RankCandidate } from './cosine-ranking.js';

export interface CachedVectorIndexOptions {
  /** The profile's index version from SQL (VectorOutbox.indexVersion): raised whenever its changes reach the index. */
  indexVersion(profileId: number): Promise<number>;
  /** At most this many vectors are kept in memory, least recently used dropped first (SMM_VECTOR_CACHE_POSTS); 0 turns the cache off. */
  maxVectors: number;
  /** Profiles with more posts than this are left to the index's own search. Default 2,000. */
  exactScanLimit?: number;
}

interface CachedProfile {
  /** The profile's index version the copy matches. */
  version: number;
  vectors: Map<number, RankCandidate>;
}

/** What the keys of one collection's profiles start with. */
function prefixOf(collection: VectorCollection): string {
  return `${collection.workspaceId}\u0000${collection.embedderId}\u0000`;
}

function keyOf(collection: VectorCollection, profileId: number): string {
  return `${prefixOf(collection)}${profileId}`;
}

/**
 * The vector index behind retrieval: a small profile's vectors are read from
 * the index once, kept in memory, and ranked here exactly; a filtered search
 * in Chroma walks most of its graph, so this is many times faster.
 *
 * The copy stays consistent through the outbox: every batch of changes that
 * reaches the index raises the profile's version in SQL in the same
 * transaction as its acknowledgement, whichever process did it, and a query
 * compares that version (one indexed SQL read) before trusting the copy. The
 * version is read before the vectors, so a change landing meanwhile only
 * causes a second read later, never a stale answer. Changes this process
 * makes itself update the copy in place (see `indexed`), so a profile that
 * keeps generating does not pay the read again after each run's drafts.
 */
export class CachedVectorIndex implements VectorIndex {
  readonly kind: string;
  private readonly profiles = new Map<string, CachedProfile>();
  /** Profiles found too large to copy, with the version they had then. */
  private readonly large = new Map<string, number>();
  private held = 0;
  private readonly exactScanLimit: number;

  constructor(
    private readonly inner: VectorIndex,
    private readonly options: CachedVectorIndexOptions,
  ) {
    this.kind = inner.kind;
    this.exactScanLimit = options.exactScanLimit ?? 2_000;
  }

  /** Vectors held in memory now (for tests and `smm doctor`). */
  get size(): number {
    return this.held;
  }

  async query(collection: VectorCollection, request: { embedding: number[]; k: number; profileId: number; platform?: Platform }): Promise<VectorHit[]> {
    // A query of the wrong size goes to the index, which says how to fix it.
    const usable = request.k > 0 && request.embedding.length === collection.dimensions;
    const copy = usable ? await this.copyOf(collection, request.profileId) : undefined;
    if (!copy) return this.inner.query(collection, request);
    const candidates = request.platform === undefined ? copy.vectors.values() : [...copy.vectors.values()].filter((vector) => vector.platform === request.platform);
    return rankByCosine(request.embedding, candidates, request.k);
  }

  async upsert(collection: VectorCollection, records: readonly VectorRecord[]): Promise<void> {
    await this.inner.upsert(collection, records);
    for (const record of records) {
      // A post that moved to another profile leaves the old profile's copy.
      this.forgetPost(collection, record.postId, record.profileId);
      const copy = this.profiles.get(keyOf(collection, record.profileId));
      if (!copy) continue;
      if (!copy.vectors.has(record.postId)) this.held += 1;
      copy.vectors.set(record.postId, { postId: record.postId, profileId: record.profileId, platform: record.platform, embedding: record.embedding });
    }
    this.evict();
  }

  async delete(collection: VectorCollection, postIds: readonly number[]): Promise<void> {
    await this.inner.delete(collection, postIds);
    for (const postId of postIds) this.forgetPost(collection, postId);
  }

  /**
   * Called after this process's changes were acknowledged in the outbox, with
   * each profile's new version: a copy that was current just before (version
   * one lower) already holds those changes and stays; any other is dropped,
   * since another process's changes came in between.
   */
  indexed(collection: VectorCollection, versions: ReadonlyMap<number, number>): void {
    for (const [profileId, version] of versions) {
      const key = keyOf(collection, profileId);
      const copy = this.profiles.get(key);
      if (copy && copy.version === version - 1) copy.version = version;
      else this.forget(key);
    }
  }

  async getEmbeddings(collection: VectorCollection, postIds: readonly number[]): Promise<Map<number, number[]>> {
    const found = new Map<number, number[]>();
    const missing: number[] = [];
    for (const postId of postIds) {
      const vector = this.findPost(collection, postId);
      if (vector) found.set(postId, Array.from(vector.embedding));
      else missing.push(postId);
    }
    if (missing.length > 0) for (const [postId, embedding] of await this.inner.getEmbeddings(collection, missing)) found.set(postId, embedding);
    return found;
  }

  profileVectors(collection: VectorCollection, profileId: number, limit: number): Promise<ProfileVector[] | undefined> {
    return this.inner.profileVectors(collection, profileId, limit);
  }

  count(collection: VectorCollection, profileId?: number): Promise<number> {
    return this.inner.count(collection, profileId);
  }

  async drop(collection: VectorCollection): Promise<void> {
    await this.inner.drop(collection);
    const prefix = prefixOf(collection);
    for (const key of [...this.profiles.keys()]) if (key.startsWith(prefix)) this.forget(key);
    for (const key of [...this.large.keys()]) if (key.startsWith(prefix)) this.large.delete(key);
  }

  ping(): Promise<void> {
    return this.inner.ping();
  }

  async close(): Promise<void> {
    this.profiles.clear();
    this.large.clear();
    this.held = 0;
    await this.inner.close();
  }

  /** The current in-memory copy of the profile's vectors, read anew when its version moved; undefined for large profiles. */
  private async copyOf(collection: VectorCollection, profileId: number): Promise<CachedProfile | undefined> {
    if (this.options.maxVectors <= 0) return undefined;
    const key = keyOf(collection, profileId);
    const version = await this.options.indexVersion(profileId);
    if (this.large.get(key) === version) return undefined;
    const cached = this.profiles.get(key);
    if (cached && cached.version === version) {
      // Most recently used goes last.
      this.profiles.delete(key);
      this.profiles.set(key, cached);
      return cached;
    }
    this.forget(key);
    const vectors = await this.inner.profileVectors(collection, profileId, Math.min(this.exactScanLimit, this.options.maxVectors));
    if (!vectors) {
      this.large.set(key, version);
      return undefined;
    }
    const copy: CachedProfile = {
      version,
      vectors: new Map(vectors.map((vector) => [vector.postId, { postId: vector.postId, profileId, platform: vector.platform, embedding: Float64Array.from(vector.embedding) }])),
    };
    this.profiles.set(key, copy);
    this.held += copy.vectors.size;
    this.evict(copy);
    return copy;
  }

  private findPost(collection: VectorCollection, postId: number): RankCandidate | undefined {
    const prefix = prefixOf(collection);
    for (const [key, copy] of this.profiles) {
      if (!key.startsWith(prefix)) continue;
      const vector = copy.vectors.get(postId);
      if (vector) return vector;
    }
    return undefined;
  }

  private forgetPost(collection: VectorCollection, postId: number, keepProfileId?: number): void {
    const prefix = prefixOf(collection);
    for (const [key, copy] of this.profiles) {
      if (!key.startsWith(prefix) || key === keyOf(collection, keepProfileId ?? -1)) continue;
      if (copy.vectors.delete(postId)) this.held -= 1;
    }
  }

  private forget(key: string): void {
    const copy = this.profiles.get(key);
    if (!copy) return;
    this.held -= copy.vectors.size;
    this.profiles.delete(key);
  }

  /** Drops the least recently used copies until the bound holds (never `keep`, the one just read). */
  private evict(keep?: CachedProfile): void {
    for (const [key, copy] of this.profiles) {
      if (this.held <= this.options.maxVectors) return;
      if (copy !== keep) this.forget(key);
    }
  }
}
