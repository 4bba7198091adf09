/**
 * Two processes, one database and one vector index: each keeps small
 * profiles' vectors in memory (CachedVectorIndex), and the index versions
 * that the outbox raises in SQL keep every copy current, whichever process
 * indexed a change. Real SQLite file, the in-memory index as the shared
 * index server stand-in (the Chroma suite runs the same decorator against
 * the real server).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStorage } from '../src/adapters/storage/open-storage.js';
import { MemoryVectorIndex } from '../src/adapters/vector/memory-vector-index.js';
import { CachedVectorIndex } from '../src/core/indexing/cached-vector-index.js';
import { IndexSyncService } from '../src/core/indexing/index-sync-service.js';
import type { Storage } from '../src/core/ports.js';
import { FakeEmbedder } from './fakes/fake-embedder.js';
import { newPost, profileFields } from './storage-contract-fixtures.js';

class SharedIndex extends MemoryVectorIndex {
  reads = 0;
  override async profileVectors(...args: Parameters<MemoryVectorIndex['profileVectors']>) {
    this.reads += 1;
    return super.profileVectors(...args);
  }
}

describe('in-memory vector copies across processes', () => {
  let dir: string;
  const opened: Storage[] = [];
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'smm-vector-cache-'));
  });
  afterEach(async () => {
    for (const storage of opened.splice(0)) await storage.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function process(shared: SharedIndex) {
    const storage = await openStorage({ sqlitePath: path.join(dir, 'smm.sqlite') });
    opened.push(storage);
    const embedder = new FakeEmbedder();
    const index = new CachedVectorIndex(shared, { indexVersion: (profileId) => storage.outbox.indexVersion(profileId), maxVectors: 1_000 });
    const sync = new IndexSyncService({ ...storage, vectorIndex: index, embedder, onIndexed: (collection, versions) => index.indexed(collection, versions) });
    const workspaceId = (await storage.profiles.ensureWorkspace('default')).id;
    const search = async (profileId: number, text: string) =>
      (await index.query(sync.collectionFor(workspaceId), { embedding: embedder.vector(text), k: 3, profileId })).map((hit) => hit.postId);
    return { storage, sync, workspaceId, search };
  }

  it("sees another process's indexed changes, and keeps its own without reading again", async () => {
    const shared = new SharedIndex();
    const a = await process(shared);
    const b = await process(shared);
    const profile = await a.storage.profiles.create('default', profileFields('acme'));
    await a.storage.posts.insertMany(profile.id, [newPost({ text: 'espresso roast notes' }), newPost({ text: 'team offsite recap' })]);
    await a.sync.syncPending({ workspaceId: a.workspaceId });

    const [espresso] = await a.search(profile.id, 'espresso roast');
    expect(await a.search(profile.id, 'espresso roast')).toHaveLength(2);
    expect(shared.reads).toBe(1);

    // Process B writes and indexes a post; A's next query must see it.
    const fromB = await b.storage.posts.insert(profile.id, newPost({ text: 'single origin espresso roast' }));
    await b.sync.syncPending({ workspaceId: b.workspaceId });
    expect(await a.search(profile.id, 'single origin espresso roast')).toEqual([fromB.id, espresso, expect.any(Number)]);
    expect(shared.reads).toBe(2);

    // A's own change updates its copy in place: no read, and the post is there.
    const fromA = await a.storage.posts.insert(profile.id, newPost({ text: 'decaf roast schedule' }));
    await a.sync.syncPending({ workspaceId: a.workspaceId });
    expect((await a.search(profile.id, 'decaf roast schedule'))[0]).toBe(fromA.id);
    expect(shared.reads).toBe(2);

    // B deletes a post: A stops returning it.
    await b.storage.posts.delete(espresso!);
    await b.sync.syncPending({ workspaceId: b.workspaceId });
    expect(await a.search(profile.id, 'espresso roast')).not.toContain(espresso);
  });
});
