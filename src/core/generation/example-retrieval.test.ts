import { beforeEach, describe, expect, it } from 'vitest';
import { IndexSyncService } from '../indexing/index-sync-service.js';
import type { NewPost } from '../ports.js';
import { PostInputSchema, type PostInput } from '../posts/post-schema.js';
import { ProfileInputSchema, type Profile } from '../profiles/profile-schema.js';
import { FakeEmbedder } from '../../../test/fakes/fake-embedder.js';
import { FakeVectorIndex } from '../../../test/fakes/fake-vector-index.js';
import { MemoryStorage } from '../../../test/fakes/memory-storage.js';
import { ExampleRetrieval } from './example-retrieval.js';
import { estimateTokens } from './token-estimate.js';

function post(text: string, fields: Partial<PostInput> = {}): NewPost {
  return { ...PostInputSchema.parse({ platform: 'x', status: 'published', source: 'imported', text, ...fields }), dedupeKey: `k:${text}:${fields.platform ?? 'x'}` };
}

describe('ExampleRetrieval', () => {
  let storage: MemoryStorage;
  let index: FakeVectorIndex;
  let embedder: FakeEmbedder;
  let retrieval: ExampleRetrieval;
  let sync: IndexSyncService;
  let profile: Profile;

  beforeEach(async () => {
    storage = new MemoryStorage();
    index = new FakeVectorIndex();
    embedder = new FakeEmbedder();
    sync = new IndexSyncService({ ...storage, vectorIndex: index, embedder });
    retrieval = new ExampleRetrieval({ ...storage, vectorIndex: index, embedder, indexSync: sync });
    profile = await storage.profiles.create('default', ProfileInputSchema.parse({ handle: 'acme', displayName: 'Acme' }));
    await storage.posts.insertMany(profile.id, [
      post('Our new espresso blend is out today, roasted dark and smooth'),
      post('Our new espresso blend is out today, roasted dark and smooth!', { platform: 'linkedin' }),
      post('Espresso tip: grind finer when the shot runs fast'),
      post('We are hiring baristas in Lyon, come work with us'),
      post('Rainy Monday, hot chocolate on the house until noon', { engagement: { likes: 900, reposts: 50, replies: 3, impressions: null } }),
      post('Espresso blend tasting notes: cocoa, cherry, smoke', { platform: 'linkedin' }),
      post('A generated espresso draft nobody published', { status: 'draft', source: 'generated' }),
    ]);
  });

  it('catches up the outbox, then finds similar posts, diversified, with a top performer weighed in', async () => {
    const set = await retrieval.find({ profile, platform: 'x', topic: 'espresso blend launch', k: 4 });
    expect(set.retrieval).toBe('vector');
    expect(await storage.outbox.countPending()).toBe(0);
    const texts = set.examples.map((example) => example.text);
    expect(texts).toHaveLength(4);
    expect(texts[0]).toBe('Our new espresso blend is out today, roasted dark and smooth');
    // The LinkedIn cross-post is a near-copy of the first pick: dropped.
    expect(texts).not.toContain('Our new espresso blend is out today, roasted dark and smooth!');
    expect(texts).toContain('Rainy Monday, hot chocolate on the house until noon');
    expect(texts).not.toContain('A generated espresso draft nobody published');
    expect(set.excerpts).toEqual(texts);
    expect(set.references.map((reference) => reference.postId)).toEqual(expect.arrayContaining(set.examples.map((example) => example.id)));
  });

  it('never picks posts without words (photo-only, separators, a bare link), even the top performers', async () => {
    const loud = { engagement: { likes: 5000, reposts: 500, replies: 50, impressions: null } };
    await storage.posts.insertMany(profile.id, [
      post('📸☕', { mediaCount: 3, ...loud }),
      post('————', loud),
      post('https://example.com/espresso-blend-launch', { mediaCount: 1, ...loud }),
    ]);
    for (const fallback of [false, true]) {
      index.down = fallback;
      const set = await retrieval.find({ profile, platform: 'x', topic: 'espresso blend launch', k: 8 });
      expect(set.examples.length).toBeGreaterThan(0);
      expect(set.examples.map((example) => example.text)).not.toEqual(expect.arrayContaining([expect.stringMatching(/^(📸☕|————|https:\/\/example\.com\/espresso-blend-launch)$/)]));
    }
  });

  it('falls back to full-text search when the index is down, and says why', async () => {
    index.down = true;
    const set = await retrieval.find({ profile, platform: 'x', topic: 'the espresso grind', k: 3 });
    expect(set.retrieval).toBe('fulltext-fallback');
    expect(set.fallbackReason).toContain('ECONNREFUSED');
    expect(set.examples[0]?.text).toBe('Espresso tip: grind finer when the shot runs fast');
    expect(set.examples.length).toBeGreaterThan(0);
    expect(await storage.outbox.countPending()).toBeGreaterThan(0);
  });

  it('falls back when the index was built by another embedder, naming `smm reindex`', async () => {
    await sync.syncPending({ workspaceId: 1 });
    const other = new FakeEmbedder('fake:other', 32);
    const otherSync = new IndexSyncService({ ...storage, vectorIndex: index, embedder: other });
    const otherRetrieval = new ExampleRetrieval({ ...storage, vectorIndex: index, embedder: other, indexSync: otherSync });
    const before = index.queries;
    const set = await otherRetrieval.find({ profile, platform: 'x', topic: 'espresso', k: 3 });
    expect(set.retrieval).toBe('fulltext-fallback');
    expect(set.fallbackReason).toContain('smm reindex');
    expect(index.queries).toBe(before);
  });

  it('falls back when the embedder itself fails, still returning the latest posts', async () => {
    embedder.failWith = new Error('embedder offline');
    const set = await retrieval.find({ profile, platform: 'x', topic: 'zzz unrelated', k: 3 });
    expect(set.retrieval).toBe('fulltext-fallback');
    expect(set.examples).toHaveLength(3);
    expect(set.references).toEqual([]);
  });

  it('chooses k by the token budget and cuts long examples', async () => {
    const long = await storage.profiles.create('default', ProfileInputSchema.parse({ handle: 'long', displayName: 'Long' }));
    // Ten long posts on the topic, each in its own words so that none is a near-copy of another.
    const longText = (index: number): string =>
      `Espresso story ${index}: ` + Array.from({ length: 150 }, (_, word) => `w${index}x${word % 40}`).join(' ');
    await storage.posts.insertMany(long.id, Array.from({ length: 10 }, (_, index) => post(longText(index), { platform: 'linkedin' })));
    const set = await retrieval.find({ profile: long, platform: 'linkedin', topic: 'espresso story', k: 8, tokenBudget: 600, maxExampleTokens: 150 });
    expect(set.examples.length).toBeLessThan(8);
    expect(set.examples.length).toBeGreaterThan(1);
    const total = set.excerpts.reduce((sum, excerpt) => sum + estimateTokens(excerpt) + 3, 0);
    expect(total).toBeLessThanOrEqual(600);
    for (const excerpt of set.excerpts) {
      expect(estimateTokens(excerpt)).toBeLessThanOrEqual(150);
      expect(excerpt.endsWith('…')).toBe(true);
    }
  });

  it('never returns excluded posts (the post being rewritten)', async () => {
    const first = await retrieval.find({ profile, platform: 'x', topic: 'espresso blend launch', k: 3 });
    const excluded = first.examples[0]!.id;
    const second = await retrieval.find({ profile, platform: 'x', topic: 'espresso blend launch', k: 3, excludePostIds: [excluded] });
    expect(second.examples.map((example) => example.id)).not.toContain(excluded);
  });

  it('reports vector retrieval with no examples for a profile without past posts', async () => {
    const empty = await storage.profiles.create('default', ProfileInputSchema.parse({ handle: 'new', displayName: 'New' }));
    const set = await retrieval.find({ profile: empty, platform: 'x', topic: 'espresso' });
    expect(set).toEqual({ examples: [], excerpts: [], retrieval: 'vector', references: [] });
  });

  it('stops on cancellation instead of falling back', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(retrieval.find({ profile, platform: 'x', topic: 'espresso', signal: controller.signal })).rejects.toMatchObject({ code: 'cancelled' });
  });
});
