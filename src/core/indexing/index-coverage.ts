import type { PostRepository, ProfileRepository, VectorCollection, VectorIndex, VectorOutbox } from '../ports.js';

export interface IndexCoverageDeps {
  profiles: Pick<ProfileRepository, 'list'>;
  posts: Pick<PostRepository, 'countByProfile' | 'iterateByProfile'>;
  outbox: Pick<VectorOutbox, 'pending' | 'countPending'>;
  vectorIndex: Pick<VectorIndex, 'count' | 'getEmbeddings'>;
}

export interface IndexCoverage {
  /** Posts in SQL (the system of record) for the workspace. */
  posts: number;
  /** Posts with a queued change the next sync will index: late, not lost. */
  waiting: number;
  /** Posts in SQL with neither a vector nor a queued change: the index lost them (a restore, a deleted folder). */
  missing: number;
  /** Up to 20 of the missing post ids, to look at. */
  sampleIds: number[];
  /** Vectors the index holds for posts no longer in SQL, beyond the deletes still queued (a restored database): a lower bound. */
  stale: number;
}

const BATCH = 500;
const SAMPLE = 20;

/**
 * Compares the post ids in SQL with the vectors in the index, profile by
 * profile. The outbox only knows about changes; a database restored from a
 * backup, or an index folder deleted, leaves posts that nothing will ever
 * queue again. Only profiles with fewer vectors than posts are read id by id.
 */
export async function measureIndexCoverage(deps: IndexCoverageDeps, workspace: { id: number; name: string }, collection: VectorCollection): Promise<IndexCoverage> {
  const waitingCount = await deps.outbox.countPending(workspace.id);
  const queued = new Set<number>();
  let queuedDeletes = 0;
  if (waitingCount > 0) {
    for (const entry of await deps.outbox.pending(waitingCount, workspace.id)) {
      if (entry.operation === 'upsert') queued.add(entry.postId);
      else queuedDeletes += 1;
    }
  }
  let posts = 0;
  let missing = 0;
  const sampleIds: number[] = [];
  for (const profile of await deps.profiles.list(workspace.name, { includeArchived: true })) {
    const inSql = await deps.posts.countByProfile(profile.id);
    posts += inSql;
    if (inSql === 0 || (await deps.vectorIndex.count(collection, profile.id)) >= inSql) continue;
    for await (const batch of deps.posts.iterateByProfile(profile.id, BATCH)) {
      const ids = batch.map((post) => post.id);
      const indexed = await deps.vectorIndex.getEmbeddings(collection, ids);
      for (const id of ids) {
        if (indexed.has(id) || queued.has(id)) continue;
        missing += 1;
        if (sampleIds.length < SAMPLE) sampleIds.push(id);
      }
    }
  }
  const vectors = await deps.vectorIndex.count(collection);
  const stale = Math.max(0, vectors - (posts - missing) - queuedDeletes);
  return { posts, waiting: waitingCount, missing, sampleIds, stale };
}
