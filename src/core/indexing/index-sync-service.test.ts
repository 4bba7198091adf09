import { beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import type { NewPost } from '../ports.js';
import { ProfileInputSchema } from '../profiles/profile-schema.js';
import { PostInputSchema } from '../posts/post-schema.js';
import { FakeEmbedder } from '../../../test/fakes/fake-embedder.js';
import { FakeVectorIndex } from '../../../test/fakes/fake-vector-index.js';
import { MemoryStorage } from '../../../test/fakes/memory-storage.js';
import { INDEX_EMBEDDER_KEY, IndexSyncService } from './index-sync-service.js';

function post(text: string, platform: 'x' | 'linkedin' = 'x'): NewPost {
  return { ...PostInputSchema.parse({ platform, text, status: 'published' }), dedupeKey: `k:${text}` };
}

describe('IndexSyncService', () => {
  let storage: MemoryStorage;
  let index: FakeVectorIndex;
  let embedder: FakeEmbedder;
  let service: IndexSyncService;
  let workspaceId: number;
  let profileId: number;

  beforeEach(async () => {
    storage = new MemoryStorage();
    index = new FakeVectorIndex();
    embedder = new FakeEmbedder();
    service = new IndexSyncService({ ...storage, vectorIndex: index, embedder });
    workspaceId = storage.workspace('default').id;
    profileId = (await storage.profiles.create('default', ProfileInputSchema.parse({ handle: 'acme', displayName: 'Acme' }))).id;
    await storage.posts.insertMany(profileId, [post('one coffee'), post('two coffees'), post('three teas', 'linkedin')]);
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
