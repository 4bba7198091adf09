import { MemoryVectorIndex } from '../../src/adapters/vector/memory-vector-index.js';
import type { Platform } from '../../src/core/platforms/platform-id.js';
import type { ProfileVector, VectorCollection, VectorHit, VectorRecord } from '../../src/core/ports.js';

/**
 * The in-memory index for core tests, with two test controls: `down = true`
 * makes every call fail as an unreachable server does, and `queries` counts
 * the vector queries asked of it.
 */
export class FakeVectorIndex extends MemoryVectorIndex {
  override readonly kind: string = 'fake';
  down = false;
  queries = 0;

  override async upsert(collection: VectorCollection, records: readonly VectorRecord[]): Promise<void> {
    this.check();
    return super.upsert(collection, records);
  }
  override async delete(collection: VectorCollection, postIds: readonly number[]): Promise<void> {
    this.check();
    return super.delete(collection, postIds);
  }
  override async query(collection: VectorCollection, request: { embedding: number[]; k: number; profileId: number; platform?: Platform }): Promise<VectorHit[]> {
    this.queries += 1;
    this.check();
    return super.query(collection, request);
  }
  override async getEmbeddings(collection: VectorCollection, postIds: readonly number[]): Promise<Map<number, number[]>> {
    this.check();
    return super.getEmbeddings(collection, postIds);
  }
  override async profileVectors(collection: VectorCollection, profileId: number, limit: number): Promise<ProfileVector[] | undefined> {
    this.check();
    return super.profileVectors(collection, profileId, limit);
  }
  override async count(collection: VectorCollection, profileId?: number): Promise<number> {
    this.check();
    return super.count(collection, profileId);
  }
  override async drop(collection: VectorCollection): Promise<void> {
    this.check();
    return super.drop(collection);
  }
  override async ping(): Promise<void> {
    this.check();
  }

  /** Whether the collection holds anything (a dropped one holds nothing). */
  async holds(collection: VectorCollection): Promise<boolean> {
    return (await super.count(collection)) > 0;
  }

  private check(): void {
    if (this.down) throw new Error('connect ECONNREFUSED 127.0.0.1:8000');
  }
}
