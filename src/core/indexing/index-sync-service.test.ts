import { beforeEach, describe, expect, it } from 'vitest';
import { AppError, ModelUnavailableError } from '../errors.js';
import type { NewPost, OutboxEntry, VectorCollection, VectorOutbox, VectorRecord } from '../ports.js';
import { ProfileInputSchema } from '../profiles/profile-schema.js';
import { PostInputSchema } from '../posts/post-schema.js';
import { FakeEmbedder } from '../../../test/fakes/fake-embedder.js';
import { FakeVectorIndex } from '../../../test/fakes/fake-vector-index.js';
import { MemoryStorage } from '../../../test/fakes/memory-storage.js';
import { INDEX_DIMENSIONS_KEY, INDEX_EMBEDDER_KEY, IndexSyncService } from './index-sync-service.js';

function post(text: string, platform: 'x' | 'linkedin' = 'x'): NewPost {
  return { ...PostInputSchema.parse({ platform, text, status: 'published' }), dedupeKey: `k:${text}` };
}

/** A memory storage with the profile @acme and these posts, and a sync service over `index`. */
async function acme(index: FakeVectorIndex, posts: NewPost[]) {
  const storage = new MemoryStorage();
  const embedder = new FakeEmbedder();
  const service = new IndexSyncService({ ...storage, vectorIndex: index, embedder });
  const workspaceId = storage.workspace('default').id;
  const profileId = (await storage.profiles.create('default', ProfileInputSchema.parse({ handle: 'acme', displayName: 'Acme' }))).id;
  await storage.posts.insertMany(profileId, posts);
  return { storage, embedder, service, workspaceId, profileId };
}

describe('IndexSyncService', () => {
  let storage: MemoryStorage;
  let index: FakeVectorIndex;
  let service: IndexSyncService;
  let workspaceId: number;
  let profileId: number;

  beforeEach(async () => {
    index = new FakeVectorIndex();
    ({ storage, service, workspaceId, profileId } = await acme(index, [post('one coffee'), post('two coffees'), post('three teas', 'linkedin')]));
  });

  it('drains the outbox into the index, acks, and records the embedder', async () => {
    const events: Array<number | undefined> = [];
    const result = await service.syncPending({ workspaceId, batchSize: 2, onProgress: (event) => events.push(event.done) });
    expect(result).toEqual({ upserted: 3, deleted: 0, remaining: 0 });
    expect(await index.count(service.collectionFor(workspaceId), profileId)).toBe(3);
    expect(await storage.settings.get(workspaceId, INDEX_EMBEDDER_KEY)).toBe('fake:bow-64');
    expect(events).toEqual([0, 2, 3]);
  });

  it('applies the latest entry per post: an upsert then a delete removes the vector', async () => {
    await service.syncPending({ workspaceId });
    const [first] = (await storage.posts.list({ workspace: 'default', profileId, limit: 10, search: 'one' })).posts;
    await storage.posts.update(first!.id, { ...first!, text: 'one coffee, edited' });
    await storage.posts.delete(first!.id);
    const result = await service.syncPending({ workspaceId });
    expect(result.deleted).toBe(1);
    expect(await index.count(service.collectionFor(workspaceId))).toBe(2);
  });

  it('keeps entries queued when the index is down, and catches up later', async () => {
    index.down = true;
    await expect(service.syncPending({ workspaceId })).rejects.toMatchObject({ code: 'index_unavailable' });
    expect(await storage.outbox.countPending(workspaceId)).toBe(3);
    index.down = false;
    expect((await service.syncPending({ workspaceId })).upserted).toBe(3);
  });

  it('stops after maxEntries for a bounded catch-up', async () => {
    const result = await service.syncPending({ workspaceId, maxEntries: 2, batchSize: 10 });
    expect(result.upserted).toBe(2);
    expect(result.remaining).toBe(1);
  });

  it('refuses to mix embedders and says to reindex; reindex rebuilds and records the new one', async () => {
    await service.syncPending({ workspaceId });
    const other = new IndexSyncService({ ...storage, vectorIndex: index, embedder: new FakeEmbedder('fake:other-32', 32) });
    const error = await other.syncPending({ workspaceId }).catch((caught: unknown) => caught);
    expect(AppError.isInstance(error) && error.code).toBe('index_unavailable');
    expect((error as AppError).hint).toContain('smm reindex');
    expect((await other.status(workspaceId)).embedderMatches).toBe(false);

    const steps: string[] = [];
    const result = await other.reindex({ workspaceId, profileId, onProgress: (event) => steps.push(event.phase) });
    expect(result).toMatchObject({ scope: 'workspace', queued: 3, upserted: 3, embedder: 'fake:other-32' });
    expect(steps).toContain('reindex');
    const status = await other.status(workspaceId);
    expect(status).toMatchObject({ recordedEmbedder: 'fake:other-32', embedderMatches: true, pending: 0, indexed: 3 });
    // The old embedder's collection is gone.
    expect(await index.holds({ workspaceId, embedderId: 'fake:bow-64', dimensions: 64 })).toBe(false);
  });

  it('reindexes one profile without dropping the others', async () => {
    const other = await storage.profiles.create('default', ProfileInputSchema.parse({ handle: 'jane', displayName: 'Jane' }));
    await storage.posts.insertMany(other.id, [post('jane writes')]);
    await service.syncPending({ workspaceId });
    const result = await service.reindex({ workspaceId, profileId: other.id });
    expect(result).toMatchObject({ scope: 'profile', queued: 1, upserted: 1 });
    expect(await index.count(service.collectionFor(workspaceId))).toBe(4);
  });

  it('reports an unreachable index in status instead of throwing', async () => {
    index.down = true;
    const status = await service.status(workspaceId);
    expect(status).toMatchObject({ indexed: null, pending: 3, recordedEmbedder: null, embedderMatches: true });
    expect(status.indexError).toContain('ECONNREFUSED');
  });

  it('stops between batches when cancelled, keeping the rest queued', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(service.syncPending({ workspaceId, signal: controller.signal })).rejects.toMatchObject({ code: 'cancelled' });
    expect(await storage.outbox.countPending(workspaceId)).toBe(3);
  });

  it('rejects a profile from another workspace', async () => {
    const stranger = await storage.profiles.create('other', ProfileInputSchema.parse({ handle: 'x1', displayName: 'X' }));
    await expect(service.reindex({ workspaceId, profileId: stranger.id })).rejects.toMatchObject({ code: 'invalid_input' });
  });
});

/** An outbox that hands out the entries it is given (several per post, in any order, as a database may) and records what it is asked. */
class ScriptedOutbox implements VectorOutbox {
  entries: OutboxEntry[] = [];
  readonly pendingLimits: number[] = [];
  readonly acked: OutboxEntry[][] = [];
  counts = 0;
  /** Entries that arrive after the first batch was handed out (another process writing meanwhile). */
  arriving: OutboxEntry[] = [];

  async pending(limit: number, workspaceId?: number): Promise<OutboxEntry[]> {
    this.pendingLimits.push(limit);
    const batch = this.entries.filter((entry) => entry.workspaceId === workspaceId).slice(0, limit);
    this.entries.push(...this.arriving);
    this.arriving = [];
    return batch;
  }
  async ack(entries: readonly OutboxEntry[]): Promise<Map<number, number>> {
    this.acked.push([...entries]);
    this.entries = this.entries.filter((entry) => !entries.some((acked) => acked.seq === entry.seq));
    return new Map(entries.map((entry) => [entry.profileId, this.acked.length]));
  }
  async indexVersion(): Promise<number> {
    return this.acked.length;
  }
  async countPending(workspaceId?: number): Promise<number> {
    this.counts += 1;
    return this.entries.filter((entry) => entry.workspaceId === workspaceId).length;
  }
  async enqueueAll(): Promise<number> {
    return 0;
  }
}

/** The fake index, recording the records upserted and the collections dropped. */
class RecordingIndex extends FakeVectorIndex {
  readonly upserted: VectorRecord[] = [];
  readonly dropped: VectorCollection[] = [];
  override async upsert(collection: VectorCollection, records: readonly VectorRecord[]): Promise<void> {
    this.upserted.push(...records);
    return super.upsert(collection, records);
  }
  override async drop(collection: VectorCollection): Promise<void> {
    this.dropped.push(collection);
    return super.drop(collection);
  }
}

describe('IndexSyncService with several outbox entries per post', () => {
  let storage: MemoryStorage;
  let outbox: ScriptedOutbox;
  let index: RecordingIndex;
  let embedder: FakeEmbedder;
  let service: IndexSyncService;
  let workspaceId: number;
  let profileId: number;
  let postIds: number[];
  const entry = (seq: number, postId: number, operation: 'upsert' | 'delete'): OutboxEntry => ({ seq, postId, profileId, workspaceId, operation });
  const collection = (): VectorCollection => service.collectionFor(workspaceId);
  const vector = (postId: number, text = 'an old text'): VectorRecord => ({ postId, profileId, platform: 'x', embedding: embedder.vector(text), text });

  beforeEach(async () => {
    storage = new MemoryStorage();
    outbox = new ScriptedOutbox();
    index = new RecordingIndex();
    embedder = new FakeEmbedder();
    service = new IndexSyncService({ ...storage, outbox, vectorIndex: index, embedder });
    workspaceId = storage.workspace('default').id;
    profileId = (await storage.profiles.create('default', ProfileInputSchema.parse({ handle: 'acme', displayName: 'Acme' }))).id;
    await storage.posts.insertMany(profileId, [post('one coffee'), post('two coffees'), post('three teas', 'linkedin')]);
    postIds = storage.outboxRows.map((row) => row.postId);
  });

  it('applies the entry with the highest sequence number, wherever it stands in the batch', async () => {
    const [first, second] = postIds as [number, number];
    await index.upsert(collection(), [vector(first), vector(second)]);
    // first: the delete (seq 5) comes before the older upsert (seq 3); second: a delete then a newer upsert.
    outbox.entries = [entry(5, first, 'delete'), entry(3, first, 'upsert'), entry(1, second, 'delete'), entry(2, second, 'upsert')];
    const result = await service.syncPending({ workspaceId });
    expect(result).toEqual({ upserted: 1, deleted: 1, remaining: 0 });
    expect([...(await index.getEmbeddings(collection(), [first, second])).keys()]).toEqual([second]);
    expect(embedder.calls).toEqual([['two coffees']]);
  });

  it("removes the vector of a post deleted after its upsert was queued, without embedding anything", async () => {
    await index.upsert(collection(), [vector(404)]);
    outbox.entries = [entry(1, 404, 'upsert')];
    expect(await service.syncPending({ workspaceId })).toEqual({ upserted: 0, deleted: 1, remaining: 0 });
    expect(await index.count(collection())).toBe(0);
    expect(embedder.calls).toEqual([]);
  });

  it('reads no posts for a batch of deletes', async () => {
    const reads: number[][] = [];
    const getMany = async (ids: number[]) => {
      reads.push(ids);
      return storage.posts.getMany(ids);
    };
    const posts = { ...storage.posts, getMany };
    const counting = new IndexSyncService({ ...storage, posts, outbox, vectorIndex: index, embedder });
    outbox.entries = [entry(1, postIds[0]!, 'delete')];
    expect(await counting.syncPending({ workspaceId })).toEqual({ upserted: 0, deleted: 1, remaining: 0 });
    expect(reads).toEqual([]);
    outbox.entries = [entry(2, postIds[1]!, 'upsert')];
    await counting.syncPending({ workspaceId });
    expect(reads).toEqual([[postIds[1]]]);
  });

  it('embeds the first 8,000 characters of a long post and stores each post\'s whole text with its own vector, profile and platform', async () => {
    const text = `${'long words '.repeat(900)}end`;
    await storage.posts.insertMany(profileId, [post(text, 'linkedin')]);
    const postId = storage.outboxRows.at(-1)!.postId;
    outbox.entries = [entry(1, postId, 'upsert'), entry(2, postIds[0]!, 'upsert')];
    await service.syncPending({ workspaceId });
    expect(embedder.calls).toEqual([[text.slice(0, 8000), 'one coffee']]);
    expect(index.upserted).toEqual([
      { postId, profileId, platform: 'linkedin', embedding: embedder.vector(text.slice(0, 8000)), text },
      { postId: postIds[0], profileId, platform: 'x', embedding: embedder.vector('one coffee'), text: 'one coffee' },
    ]);
  });

  it('reports the total up front, capped by maxEntries, then the posts done', async () => {
    outbox.entries = postIds.map((postId, position) => entry(position + 1, postId, 'upsert'));
    const events: unknown[] = [];
    await service.syncPending({ workspaceId, batchSize: 1, maxEntries: 2, onProgress: (event) => events.push(event) });
    expect(events).toEqual([
      { phase: 'index', done: 0, total: 2, unit: 'posts', message: 'Indexing 2 changed posts…' },
      { phase: 'index', done: 1, total: 2, unit: 'posts' },
      { phase: 'index', done: 2, total: 2, unit: 'posts' },
    ]);
  });

  it('raises the total when more changes arrive than were counted', async () => {
    outbox.entries = [entry(1, postIds[0]!, 'upsert')];
    outbox.arriving = [entry(2, postIds[1]!, 'upsert'), entry(3, postIds[2]!, 'upsert')];
    const events: Array<[number | undefined, number | undefined]> = [];
    const result = await service.syncPending({ workspaceId, batchSize: 1, onProgress: (event) => events.push([event.done, event.total]) });
    expect(result.upserted).toBe(3);
    expect(events).toEqual([[0, 1], [1, 1], [2, 2], [3, 3]]);
  });

  it('counts the pending entries only for a progress listener or when it stopped early', async () => {
    outbox.entries = postIds.map((postId, position) => entry(position + 1, postId, 'upsert'));
    expect(await service.syncPending({ workspaceId })).toEqual({ upserted: 3, deleted: 0, remaining: 0 });
    expect(outbox.counts).toBe(0);
    outbox.entries = postIds.map((postId, position) => entry(position + 10, postId, 'upsert'));
    expect(await service.syncPending({ workspaceId, maxEntries: 2 })).toEqual({ upserted: 2, deleted: 0, remaining: 1 });
    expect(outbox.counts).toBe(1);
  });

  it('asks for 256 entries at a time by default, at least 1, and no more than maxEntries leaves', async () => {
    await service.syncPending({ workspaceId });
    expect(outbox.pendingLimits).toEqual([256]);
    outbox.pendingLimits.length = 0;
    outbox.entries = postIds.map((postId, position) => entry(position + 1, postId, 'upsert'));
    await service.syncPending({ workspaceId, batchSize: 0 });
    expect(outbox.pendingLimits).toEqual([1, 1, 1, 1]);
    outbox.pendingLimits.length = 0;
    outbox.entries = postIds.map((postId, position) => entry(position + 10, postId, 'upsert'));
    await service.syncPending({ workspaceId, batchSize: 2, maxEntries: 3 });
    expect(outbox.pendingLimits).toEqual([2, 1]);
  });

  it('after a full batch, looks once more and stops on an empty one without acknowledging it', async () => {
    outbox.entries = postIds.slice(0, 2).map((postId, position) => entry(position + 1, postId, 'upsert'));
    const indexed: Array<[VectorCollection, ReadonlyMap<number, number>]> = [];
    const tracked = new IndexSyncService({ ...storage, outbox, vectorIndex: index, embedder, onIndexed: (target, versions) => indexed.push([target, versions]) });
    expect(await tracked.syncPending({ workspaceId, batchSize: 2 })).toEqual({ upserted: 2, deleted: 0, remaining: 0 });
    expect(outbox.pendingLimits).toEqual([2, 2]);
    expect(outbox.acked.length).toBe(1);
    expect(indexed).toEqual([[collection(), new Map([[profileId, 1]])]]);
    expect(outbox.counts).toBe(0);
  });
});

describe('IndexSyncService errors, records and status', () => {
  let storage: MemoryStorage;
  let index: RecordingIndex;
  let embedder: FakeEmbedder;
  let service: IndexSyncService;
  let workspaceId: number;
  let profileId: number;

  beforeEach(async () => {
    index = new RecordingIndex();
    ({ storage, embedder, service, workspaceId, profileId } = await acme(index, [post('one coffee'), post('two coffees')]));
  });

  it('passes an AppError from the embedder on as it is', async () => {
    const failure = new ModelUnavailableError('The embedding model is not loaded.');
    embedder.failWith = failure;
    await expect(service.syncPending({ workspaceId })).rejects.toBe(failure);
    expect(await storage.outbox.countPending(workspaceId)).toBe(2);
  });

  it('wraps any other failure as index_unavailable, with its reason, its cause and what to do', async () => {
    const failure = new Error('disk full');
    embedder.failWith = failure;
    const error = (await service.syncPending({ workspaceId }).catch((caught: unknown) => caught)) as AppError;
    expect(error.code).toBe('index_unavailable');
    expect(error.message).toBe('The vector index could not be updated: disk full');
    expect(error.cause).toBe(failure);
    expect(error.hint).toBe('Check the vector index with `smm doctor`; changes stay queued and are indexed on the next run.');
  });

  it('quotes a failure that is not an Error as text, in a sync and in the status', async () => {
    embedder.failWith = 'socket hang up' as unknown as Error;
    await expect(service.syncPending({ workspaceId })).rejects.toThrow('The vector index could not be updated: socket hang up');
    const refusing = new IndexSyncService({ ...storage, vectorIndex: Object.assign(new FakeVectorIndex(), { count: () => Promise.reject('timeout') }), embedder });
    expect((await refusing.status(workspaceId)).indexError).toBe('timeout');
  });

  it('records the embedder and its dimensions on the first sync', async () => {
    await service.syncPending({ workspaceId });
    expect(await storage.settings.get(workspaceId, INDEX_EMBEDDER_KEY)).toBe('fake:bow-64');
    expect(await storage.settings.get(workspaceId, INDEX_DIMENSIONS_KEY)).toBe('64');
  });

  it('names both embedders when they differ, and accepts an index nobody built yet', async () => {
    await expect(service.assertCompatible(workspaceId)).resolves.toBeUndefined();
    await storage.settings.set(workspaceId, INDEX_EMBEDDER_KEY, 'old:embedder');
    const error = (await service.assertCompatible(workspaceId).catch((caught: unknown) => caught)) as AppError;
    expect(error.code).toBe('index_unavailable');
    expect(error.message).toBe('The vector index was built with the embedder "old:embedder" but the configured embedder is "fake:bow-64".');
    expect(error.hint).toBe('Run `smm reindex` to rebuild the index with the current embedder, or switch the embedder back.');
  });

  it('says the cancellation keeps what was indexed', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(service.syncPending({ workspaceId, signal: controller.signal })).rejects.toThrow(
      'Indexing was cancelled; what was indexed so far is kept and the rest stays queued.',
    );
  });

  it('counts the pending changes and names the collection of the current embedder', async () => {
    expect(await service.pendingCount(workspaceId)).toBe(2);
    expect(service.collectionFor(workspaceId)).toEqual({ workspaceId, embedderId: 'fake:bow-64', dimensions: 64 });
  });

  it('reports the recorded and current embedders with their dimensions', async () => {
    expect(await service.status(workspaceId)).toEqual({
      recordedEmbedder: null,
      recordedDimensions: null,
      currentEmbedder: 'fake:bow-64',
      currentDimensions: 64,
      embedderMatches: true,
      pending: 2,
      indexed: 0,
      indexError: null,
    });
    await service.syncPending({ workspaceId });
    expect(await service.status(workspaceId)).toMatchObject({ recordedEmbedder: 'fake:bow-64', recordedDimensions: 64, pending: 0, indexed: 2 });
  });

  it('says which profile is not in the workspace and how to find one', async () => {
    const error = (await service.reindex({ workspaceId, profileId: 999 }).catch((caught: unknown) => caught)) as AppError;
    expect(error.code).toBe('invalid_input');
    expect(error.message).toBe(`Profile #999 is not in workspace #${workspaceId}.`);
    expect(error.hint).toBe('List profiles with {{`smm profile list`|list_profiles}} and pass one of their handles.');
  });

  it('rebuilds the whole workspace: clears the collection once, first, saying so', async () => {
    await service.syncPending({ workspaceId });
    await index.upsert(service.collectionFor(workspaceId), [{ postId: 404, profileId, platform: 'x', embedding: embedder.vector('gone'), text: 'gone' }]);
    const messages: Array<string | undefined> = [];
    const result = await service.reindex({ workspaceId, onProgress: (event) => messages.push(event.message) });
    expect(result).toEqual({ upserted: 2, deleted: 0, remaining: 0, queued: 2, scope: 'workspace', embedder: 'fake:bow-64' });
    expect(messages[0]).toBe('Clearing the vector index…');
    expect(index.dropped).toEqual([service.collectionFor(workspaceId)]);
    expect(await index.count(service.collectionFor(workspaceId))).toBe(2);
  });

  it('rebuilds one profile without clearing anything', async () => {
    await service.syncPending({ workspaceId });
    const phases: string[] = [];
    const result = await service.reindex({ workspaceId, profileId, onProgress: (event) => phases.push(event.phase) });
    expect(result).toMatchObject({ scope: 'profile', queued: 2, upserted: 2 });
    expect(index.dropped).toEqual([]);
    expect(phases).not.toContain('reindex');
  });

  it("drops the old embedder's collection with the dimensions it recorded", async () => {
    await storage.settings.set(workspaceId, INDEX_EMBEDDER_KEY, 'old:embedder');
    await storage.settings.set(workspaceId, INDEX_DIMENSIONS_KEY, '384');
    await service.reindex({ workspaceId });
    expect(index.dropped).toEqual([service.collectionFor(workspaceId), { workspaceId, embedderId: 'old:embedder', dimensions: 384 }]);
    expect(await storage.settings.get(workspaceId, INDEX_EMBEDDER_KEY)).toBe('fake:bow-64');
  });

  it('clears nothing when cancelled before it starts', async () => {
    await service.syncPending({ workspaceId });
    const controller = new AbortController();
    controller.abort();
    await expect(service.reindex({ workspaceId, signal: controller.signal })).rejects.toMatchObject({ code: 'cancelled' });
    expect(index.dropped).toEqual([]);
    expect(await index.count(service.collectionFor(workspaceId))).toBe(2);
  });

  it('wraps a failure to clear the index as index_unavailable', async () => {
    index.down = true;
    const error = (await service.reindex({ workspaceId }).catch((caught: unknown) => caught)) as AppError;
    expect(error.code).toBe('index_unavailable');
    expect(error.message).toBe('The vector index could not be updated: connect ECONNREFUSED 127.0.0.1:8000');
    expect(await storage.outbox.countPending(workspaceId)).toBe(2);
  });
});
