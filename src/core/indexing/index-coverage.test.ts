import { describe, expect, it } from 'vitest';
import type { OutboxEntry, VectorCollection } from '../ports.js';
import type { Post } from '../posts/post-schema.js';
import type { Profile } from '../profiles/profile-schema.js';
import { measureIndexCoverage, type IndexCoverageDeps } from './index-coverage.js';

const collection: VectorCollection = { workspaceId: 1, embedderId: 'test', dimensions: 2 };
const workspace = { id: 1, name: 'team' };

/** SQL holds `postsByProfile`; the index holds vectors for `indexed`; the outbox holds `queued`. */
function deps(postsByProfile: Record<number, number[]>, indexed: number[], queued: Array<Pick<OutboxEntry, 'postId' | 'operation'>> = []) {
  const batchSizes: number[] = [];
  const countedProfiles: Array<number | undefined> = [];
  const pendingLimits: number[] = [];
  const vectors = new Map(indexed.map((id) => [id, [1, 0]]));
  const profileOf = (postId: number) => Number(Object.entries(postsByProfile).find(([, ids]) => ids.includes(postId))?.[0] ?? 0);
  const value: IndexCoverageDeps = {
    profiles: {
      list: async (name, options) => {
        expect(name).toBe('team');
        expect(options).toEqual({ includeArchived: true });
        return Object.keys(postsByProfile).map((id) => ({ id: Number(id) }) as Profile);
      },
    },
    posts: {
      countByProfile: async (profileId) => postsByProfile[profileId]?.length ?? 0,
      async *iterateByProfile(profileId, batchSize = 500) {
        batchSizes.push(batchSize);
        const ids = postsByProfile[profileId] ?? [];
        for (let start = 0; start < ids.length; start += batchSize) yield ids.slice(start, start + batchSize).map((id) => ({ id }) as Post);
      },
    },
    outbox: {
      countPending: async (workspaceId) => (workspaceId === 1 ? queued.length : 0),
      pending: async (limit, workspaceId) => {
        pendingLimits.push(limit);
        return queued.slice(0, limit).map((entry, seq) => ({ ...entry, seq, profileId: profileOf(entry.postId), workspaceId: workspaceId ?? 0 }));
      },
    },
    vectorIndex: {
      count: async (_collection, profileId) => {
        countedProfiles.push(profileId);
        return profileId === undefined ? vectors.size : [...vectors.keys()].filter((id) => profileOf(id) === profileId).length;
      },
      getEmbeddings: async (_collection, ids) => new Map(ids.filter((id) => vectors.has(id)).map((id) => [id, vectors.get(id)!])),
    },
  };
  return { deps: value, batchSizes, countedProfiles, pendingLimits };
}

describe('measureIndexCoverage', () => {
  it('finds posts in SQL with neither a vector nor a queued upsert', async () => {
    const { deps: d } = deps({ 1: [10, 11, 12, 13], 2: [20] }, [10, 20], [{ postId: 12, operation: 'upsert' }]);
    expect(await measureIndexCoverage(d, workspace, collection)).toEqual({ posts: 5, waiting: 1, missing: 2, sampleIds: [11, 13], stale: 0 });
  });

  it('reads only the profiles that have fewer vectors than posts, in batches of 500', async () => {
    const many = Array.from({ length: 1201 }, (_, index) => 1000 + index);
    const { deps: d, batchSizes, countedProfiles } = deps({ 1: [10, 11], 2: many, 3: [] }, [10, 11, ...many.slice(0, 1190)]);
    const coverage = await measureIndexCoverage(d, workspace, collection);
    expect(batchSizes).toEqual([500]);
    // A profile without posts is not even counted in the index; the last count is the whole collection's.
    expect(countedProfiles).toEqual([1, 2, undefined]);
    expect(coverage).toMatchObject({ posts: 1203, missing: 11 });
    expect(coverage.sampleIds).toEqual(many.slice(1190));
  });

  it('lists at most 20 missing ids', async () => {
    const ids = Array.from({ length: 30 }, (_, index) => index + 1);
    const coverage = await measureIndexCoverage(deps({ 1: ids }, []).deps, workspace, collection);
    expect(coverage.missing).toBe(30);
    expect(coverage.sampleIds).toEqual(ids.slice(0, 20));
  });

  it('counts vectors of posts gone from SQL as stale, beyond the deletes still queued, and never below 0', async () => {
    const stale = deps({ 1: [10] }, [10, 98, 99], [{ postId: 99, operation: 'delete' }]);
    expect(await measureIndexCoverage(stale.deps, workspace, collection)).toEqual({ posts: 1, waiting: 1, missing: 0, sampleIds: [], stale: 1 });
    const lagging = deps({ 1: [10, 11] }, [], [{ postId: 10, operation: 'upsert' }, { postId: 11, operation: 'upsert' }, { postId: 5, operation: 'delete' }]);
    expect(await measureIndexCoverage(lagging.deps, workspace, collection)).toEqual({ posts: 2, waiting: 3, missing: 0, sampleIds: [], stale: 0 });
  });

  it('reports an empty workspace as fully covered', async () => {
    expect(await measureIndexCoverage(deps({}, []).deps, workspace, collection)).toEqual({ posts: 0, waiting: 0, missing: 0, sampleIds: [], stale: 0 });
  });

  it('reads the outbox only when something waits', async () => {
    const idle = deps({ 1: [10] }, [10]);
    await measureIndexCoverage(idle.deps, workspace, collection);
    expect(idle.pendingLimits).toEqual([]);
    const busy = deps({ 1: [10] }, [10], [{ postId: 10, operation: 'upsert' }, { postId: 11, operation: 'delete' }]);
    await measureIndexCoverage(busy.deps, workspace, collection);
    expect(busy.pendingLimits).toEqual([2]);
  });

  it('does not take a queued delete for a change that will index the post', async () => {
    const { deps: d } = deps({ 1: [10, 11] }, [10], [{ postId: 11, operation: 'delete' }]);
    expect(await measureIndexCoverage(d, workspace, collection)).toMatchObject({ posts: 2, waiting: 1, missing: 1, sampleIds: [11] });
  });

  it('counts stale vectors against the posts that have one, not the missing ones', async () => {
    // SQL: 10 and 11; the index: 10 and 98 (gone from SQL). 11 is missing, 98 is stale.
    const { deps: d } = deps({ 1: [10, 11] }, [10, 98]);
    expect(await measureIndexCoverage(d, workspace, collection)).toEqual({ posts: 2, waiting: 0, missing: 1, sampleIds: [11], stale: 1 });
  });
});
