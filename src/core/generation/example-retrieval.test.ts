import { beforeEach, describe, expect, it } from 'vitest';
import { CancelledError, IndexUnavailableError } from '../errors.js';
import { IndexSyncService, type SyncRequest, type SyncResult } from '../indexing/index-sync-service.js';
import type { Platform } from '../platforms/platform-id.js';
import type { Embedder, NewPost, PostPage, PostQuery, PostRepository, ProfileRepository, VectorCollection, VectorHit, VectorIndex } from '../ports.js';
import { PostInputSchema, type Post, type PostInput } from '../posts/post-schema.js';
import { ProfileInputSchema, type Profile } from '../profiles/profile-schema.js';
import { FakeEmbedder } from '../../../test/fakes/fake-embedder.js';
import { FakeVectorIndex } from '../../../test/fakes/fake-vector-index.js';
import { MemoryStorage } from '../../../test/fakes/memory-storage.js';
import { ExampleRetrieval, type ExampleSet } from './example-retrieval.js';
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

// ---------------------------------------------------------------- step by step, with scripted collaborators

const WORKSPACE_ID = 7;
const TOPIC_VECTOR = [1, 0, 0, 0, 0, 0];

/** A unit vector whose cosine with the topic is `similarity`, leaning on its own `axis` (1-5) so that posts on different axes differ. */
function toward(similarity: number, axis = 1): number[] {
  const vector = [similarity, 0, 0, 0, 0, 0];
  vector[axis] = Math.sqrt(1 - similarity * similarity);
  return vector;
}

function stored(id: number, text: string, fields: Partial<PostInput> = {}): Post {
  return {
    ...PostInputSchema.parse({ platform: 'x', status: 'published', source: 'imported', text, ...fields }),
    id,
    profileId: 3,
    dedupeKey: `k:${id}`,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
  };
}

/** Index catch-up as the service sees it: a backlog, a catch-up that can wait, fail or bring posts in, and the embedder check. */
class ScriptedSync {
  pending: number | Error = 0;
  syncError: unknown;
  compatibleError: unknown;
  compatibleChecks = 0;
  readonly syncs: SyncRequest[] = [];
  /** Each catch-up waits for it when set. */
  gate: Promise<void> | undefined;
  /** Runs when a catch-up succeeds (e.g. the index receives posts). */
  onSynced: (() => void) | undefined;

  constructor(private readonly log: string[]) {}

  collectionFor(workspaceId: number): VectorCollection {
    return { workspaceId, embedderId: 'scripted', dimensions: TOPIC_VECTOR.length };
  }
  async pendingCount(workspaceId: number): Promise<number> {
    this.log.push(`pending ${workspaceId}`);
    if (this.pending instanceof Error) throw this.pending;
    return this.pending;
  }
  async syncPending(request: SyncRequest): Promise<SyncResult> {
    this.syncs.push(request);
    this.log.push('sync start');
    await this.gate;
    if (this.syncError !== undefined) throw this.syncError;
    this.onSynced?.();
    this.log.push('sync done');
    return { upserted: 0, deleted: 0, remaining: 0 };
  }
  async assertCompatible(): Promise<void> {
    this.compatibleChecks += 1;
    if (this.compatibleError !== undefined) throw this.compatibleError;
  }
}

class ScriptedIndex {
  hits: VectorHit[] = [];
  /** What a query restricted to a platform answers. */
  platformHits: VectorHit[] = [];
  failWith: unknown;
  readonly queries: Array<{ k: number; profileId: number; platform?: Platform }> = [];
  readonly vectors = new Map<number, number[]>();
  readonly vectorRequests: number[][] = [];

  constructor(private readonly log: string[]) {}

  async query(_collection: VectorCollection, request: { embedding: number[]; k: number; profileId: number; platform?: Platform }): Promise<VectorHit[]> {
    this.queries.push({ k: request.k, profileId: request.profileId, platform: request.platform });
    this.log.push('query');
    if (this.failWith !== undefined) throw this.failWith;
    return request.platform ? this.platformHits : this.hits;
  }
  async getEmbeddings(_collection: VectorCollection, postIds: readonly number[]): Promise<Map<number, number[]>> {
    this.vectorRequests.push([...postIds]);
    return new Map(postIds.flatMap((id): Array<[number, number[]]> => (this.vectors.has(id) ? [[id, this.vectors.get(id)!]] : [])));
  }
}

class ScriptedPosts {
  readonly byId = new Map<number, Post>();
  top: Post[] = [];
  topFails = false;
  matches: Post[] | Error = [];
  latest: Post[] = [];
  readonly lists: PostQuery[] = [];
  readonly loads: number[][] = [];
  readonly topRequests: Array<[number, number, Platform | undefined]> = [];

  async getMany(ids: number[]): Promise<Post[]> {
    this.loads.push([...ids]);
    return ids.flatMap((id) => this.byId.get(id) ?? []);
  }
  async topByEngagement(profileId: number, limit: number, platform?: Platform): Promise<Post[]> {
    this.topRequests.push([profileId, limit, platform]);
    if (this.topFails) throw new Error('engagement query failed');
    return this.top;
  }
  async list(query: PostQuery): Promise<PostPage> {
    this.lists.push(query);
    if (query.search === undefined) return { posts: this.latest, nextCursor: null };
    if (this.matches instanceof Error) throw this.matches;
    return { posts: this.matches, nextCursor: null };
  }
}

class ScriptedEmbedder implements Embedder {
  readonly id = 'scripted';
  readonly dimensions = TOPIC_VECTOR.length;
  readonly vectors = new Map<string, number[]>();
  readonly calls: string[][] = [];
  failWith: unknown;

  async embed(texts: readonly string[]): Promise<number[][]> {
    this.calls.push([...texts]);
    if (this.failWith !== undefined) throw this.failWith;
    // A text it has no vector for gets none (a hole), as a model that skipped it.
    return texts.map((text) => this.vectors.get(text)) as number[][];
  }
}

describe('ExampleRetrieval, step by step', () => {
  const profile = {
    ...ProfileInputSchema.parse({ handle: 'acme', displayName: 'Acme' }),
    id: 3,
    workspace: 'default',
    owner: null,
    archived: false,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
  } satisfies Profile;
  const TOPIC = 'espresso grind tips';
  let log: string[];
  let sync: ScriptedSync;
  let index: ScriptedIndex;
  let posts: ScriptedPosts;
  let embedder: ScriptedEmbedder;
  let workspaceLookups: string[];

  beforeEach(() => {
    log = [];
    sync = new ScriptedSync(log);
    index = new ScriptedIndex(log);
    posts = new ScriptedPosts();
    embedder = new ScriptedEmbedder();
    embedder.vectors.set(TOPIC, TOPIC_VECTOR);
    workspaceLookups = [];
  });

  function retrieval(options: { embedCandidatesLocally?: boolean } = {}): ExampleRetrieval {
    const profiles = {
      ensureWorkspace: async (name: string) => {
        workspaceLookups.push(name);
        return { id: WORKSPACE_ID, name };
      },
    };
    return new ExampleRetrieval({
      posts: posts as unknown as PostRepository,
      profiles: profiles as unknown as ProfileRepository,
      vectorIndex: index as unknown as VectorIndex,
      embedder,
      indexSync: sync as unknown as IndexSyncService,
      ...options,
    });
  }

  /** Puts posts in the index (with their vectors) and in storage. */
  function indexed(...entries: Array<[Post, number[]]>): void {
    for (const [post, vector] of entries) {
      posts.byId.set(post.id, post);
      index.hits.push({ postId: post.id, profileId: post.profileId, platform: post.platform, distance: 0 });
      index.vectors.set(post.id, vector);
    }
  }

  const ids = (set: ExampleSet): number[] => set.examples.map((example) => example.id);
  const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 5));

  describe('catching up the index', () => {
    it('indexes a backlog of more than 32 changes (at most 2,000) before querying, then skips the embedder check', async () => {
      indexed([stored(1, 'Espresso tip: grind finer'), toward(0.9)]);
      sync.pending = 33;
      let release!: () => void;
      sync.gate = new Promise((resolve) => (release = resolve));
      const found = retrieval().find({ profile, platform: 'x', topic: TOPIC });
      await tick();
      expect(log).not.toContain('query');
      release();
      const set = await found;
      expect(ids(set)).toEqual([1]);
      expect(log).toEqual([`pending ${WORKSPACE_ID}`, 'sync start', 'sync done', 'query']);
      expect(sync.syncs).toEqual([expect.objectContaining({ workspaceId: WORKSPACE_ID, maxEntries: 2_000 })]);
      expect(sync.compatibleChecks).toBe(0);
    });

    it('counts a backlog it cannot read as a large one', async () => {
      indexed([stored(1, 'Espresso tip: grind finer'), toward(0.9)]);
      sync.pending = new Error('outbox unreadable');
      const set = await retrieval().find({ profile, platform: 'x', topic: TOPIC });
      expect(ids(set)).toEqual([1]);
      expect(log.indexOf('sync done')).toBeLessThan(log.indexOf('query'));
      expect(sync.compatibleChecks).toBe(0);
    });

    it('without defer, indexes up to 32 changes alongside the query and checks the embedder itself', async () => {
      indexed([stored(1, 'Espresso tip: grind finer'), toward(0.9)]);
      sync.pending = 32;
      sync.gate = new Promise(() => undefined);
      const set = await retrieval().find({ profile, platform: 'x', topic: TOPIC });
      expect(ids(set)).toEqual([1]);
      expect(log).toEqual([`pending ${WORKSPACE_ID}`, 'sync start', 'query']);
      expect(sync.compatibleChecks).toBe(1);
    });

    it('with defer, queries first and hands the indexing of a few changes to the caller', async () => {
      indexed([stored(1, 'Espresso tip: grind finer'), toward(0.9)]);
      sync.pending = 3;
      let release!: () => void;
      sync.gate = new Promise((resolve) => (release = resolve));
      const deferred: Array<Promise<unknown>> = [];
      const set = await retrieval().find({ profile, platform: 'x', topic: TOPIC, defer: (work) => deferred.push(work) });
      expect(ids(set)).toEqual([1]);
      expect(log).toEqual([`pending ${WORKSPACE_ID}`, 'query', 'sync start']);
      expect(deferred).toHaveLength(1);
      release();
      await deferred[0];
      expect(log.at(-1)).toBe('sync done');
      expect(sync.syncs[0]).toMatchObject({ maxEntries: 2_000 });
    });

    it('when the catch-up of a large backlog fails, checks the embedder itself and still queries', async () => {
      indexed([stored(1, 'Espresso tip: grind finer'), toward(0.9)]);
      sync.pending = 500;
      sync.syncError = new Error('outbox locked');
      const set = await retrieval().find({ profile, platform: 'x', topic: TOPIC });
      expect(set.retrieval).toBe('vector');
      expect(ids(set)).toEqual([1]);
      expect(sync.compatibleChecks).toBe(1);
    });

    it('stops on a cancellation met while catching up, without querying', async () => {
      sync.pending = 500;
      sync.syncError = new CancelledError();
      await expect(retrieval().find({ profile, platform: 'x', topic: TOPIC })).rejects.toMatchObject({ code: 'cancelled' });
      expect(index.queries).toHaveLength(0);
    });

    it('stops on a cancellation met by the query instead of falling back to SQL', async () => {
      index.failWith = new CancelledError();
      await expect(retrieval().find({ profile, platform: 'x', topic: TOPIC })).rejects.toMatchObject({ code: 'cancelled' });
      expect(posts.lists).toHaveLength(0);
    });

    it('stops when the caller cancelled, whatever error the query then meets', async () => {
      const controller = new AbortController();
      controller.abort();
      index.failWith = new Error('This operation was aborted');
      posts.latest = [stored(5, 'Espresso tip: grind finer')];
      await expect(retrieval().find({ profile, platform: 'x', topic: TOPIC, signal: controller.signal })).rejects.toMatchObject({ code: 'cancelled' });
      expect(posts.lists).toHaveLength(0);
    });

    it('queries again once the changes are in when the index had nothing of the profile, even with defer', async () => {
      sync.pending = 2;
      sync.onSynced = () => indexed([stored(1, 'Espresso tip: grind finer'), toward(0.9)]);
      const deferred: Array<Promise<unknown>> = [];
      const set = await retrieval().find({ profile, platform: 'x', topic: TOPIC, defer: (work) => deferred.push(work) });
      expect(set.retrieval).toBe('vector');
      expect(ids(set)).toEqual([1]);
      expect(index.queries).toHaveLength(2);
      expect(deferred).toHaveLength(0);
      // The second query follows a successful catch-up: no second embedder check.
      expect(sync.compatibleChecks).toBe(1);
    });

    it('does not query again when that catch-up fails, and falls back to SQL saying the index holds nothing yet', async () => {
      sync.pending = 2;
      sync.syncError = new Error('outbox locked');
      posts.latest = [stored(5, 'Espresso tip: grind finer')];
      const set = await retrieval().find({ profile, platform: 'x', topic: TOPIC });
      expect(index.queries).toHaveLength(1);
      expect(set).toMatchObject({ retrieval: 'fulltext-fallback', fallbackReason: 'the vector index holds no posts of this profile yet' });
      expect(ids(set)).toEqual([5]);
    });

    it('answers from the index when the catch-up alongside it is cancelled, leaving no failure unhandled', async () => {
      indexed([stored(1, 'Espresso tip: grind finer'), toward(0.9)]);
      sync.pending = 2;
      sync.syncError = new CancelledError();
      const set = await retrieval().find({ profile, platform: 'x', topic: TOPIC });
      expect(ids(set)).toEqual([1]);
      await tick();
    });

    it('looks the workspace up once per workspace name', async () => {
      const finder = retrieval();
      await finder.find({ profile, platform: 'x', topic: TOPIC });
      await finder.find({ profile, platform: 'x', topic: TOPIC });
      await finder.find({ profile: { ...profile, workspace: 'other' }, platform: 'x', topic: TOPIC });
      expect(workspaceLookups).toEqual(['default', 'other']);
    });
  });

  describe('saying why the index was not used', () => {
    beforeEach(() => {
      posts.latest = [stored(5, 'Espresso tip: grind finer')];
    });

    it.each([
      ['an error of the app, with its hint', new IndexUnavailableError('The index is gone.', undefined, 'Run `smm reindex`.'), 'The index is gone. Run `smm reindex`.'],
      ['an error of the app without a hint', new IndexUnavailableError('The index is gone.'), 'The index is gone.'],
      ['any other error', new Error('socket hang up'), 'the vector index is unreachable (socket hang up)'],
      ['something thrown that is not an error', 'weird', 'the vector index is unreachable (weird)'],
    ])('names %s', async (_case, error, reason) => {
      index.failWith = error;
      const set = await retrieval().find({ profile, platform: 'x', topic: TOPIC });
      expect(set).toMatchObject({ retrieval: 'fulltext-fallback', fallbackReason: reason });
      expect(ids(set)).toEqual([5]);
    });

    it('names an embedder built for another index the same way', async () => {
      sync.compatibleError = new IndexUnavailableError('The index was built by another embedder.', undefined, 'Run `smm reindex`.');
      const set = await retrieval().find({ profile, platform: 'x', topic: TOPIC });
      expect(set.fallbackReason).toBe('The index was built by another embedder. Run `smm reindex`.');
      expect(index.queries).toHaveLength(0);
    });
  });

  describe('vector search', () => {
    it('asks for four times k neighbours and the k top performers on the platform (k = 8 by default)', async () => {
      indexed([stored(1, 'Espresso tip: grind finer'), toward(0.9)]);
      await retrieval().find({ profile, platform: 'linkedin', topic: TOPIC, k: 3 });
      await retrieval().find({ profile, platform: 'x', topic: TOPIC });
      expect(index.queries).toEqual([
        { k: 12, profileId: 3, platform: undefined },
        { k: 32, profileId: 3, platform: undefined },
      ]);
      expect(posts.topRequests).toEqual([
        [3, 3, 'linkedin'],
        [3, 8, 'x'],
      ]);
    });

    it('takes a second look on the target platform when a full answer holds fewer than k posts there', async () => {
      // k = 2: eight neighbours, one of them on X.
      indexed(...Array.from({ length: 8 }, (_, n): [Post, number[]] => [stored(n + 1, `LinkedIn post number ${n + 1}`, { platform: n === 0 ? 'x' : 'linkedin' }), toward(0.5, 1 + (n % 5))]));
      const onX = stored(40, 'An X post the first query missed');
      posts.byId.set(onX.id, onX);
      index.vectors.set(onX.id, toward(0.95, 2));
      index.platformHits = [{ postId: onX.id, profileId: 3, platform: 'x', distance: 0 }];
      const set = await retrieval().find({ profile, platform: 'x', topic: TOPIC, k: 2 });
      expect(index.queries).toEqual([
        { k: 8, profileId: 3, platform: undefined },
        { k: 4, profileId: 3, platform: 'x' },
      ]);
      expect(ids(set)[0]).toBe(40);
    });

    it('takes no second look when the answer was not full, or already holds k posts on the platform', async () => {
      indexed(...Array.from({ length: 7 }, (_, n): [Post, number[]] => [stored(n + 1, `LinkedIn post number ${n + 1}`, { platform: 'linkedin' }), toward(0.5, 1 + (n % 5))]));
      await retrieval().find({ profile, platform: 'x', topic: TOPIC, k: 2 });
      expect(index.queries).toHaveLength(1);

      indexed([stored(8, 'An X post'), toward(0.5, 1)]);
      index.hits[0] = { ...index.hits[0]!, platform: 'x' };
      index.queries.length = 0;
      await retrieval().find({ profile, platform: 'x', topic: TOPIC, k: 2 });
      expect(index.queries).toHaveLength(1);
    });

    it('returns nothing from the index, without querying it, when the embedder gives the topic no vector', async () => {
      embedder.vectors.delete(TOPIC);
      indexed([stored(1, 'Espresso tip: grind finer'), toward(0.9)]);
      const set = await retrieval().find({ profile, platform: 'x', topic: TOPIC });
      expect(set).toEqual({ examples: [], excerpts: [], retrieval: 'vector', references: [] });
      expect(index.queries).toHaveLength(0);
    });

    it('loads only the hits that are not top performers, and weighs both', async () => {
      const top = stored(1, 'Our most liked espresso post');
      indexed([top, toward(0.5, 1)], [stored(2, 'Espresso tip: grind finer'), toward(0.7, 2)]);
      posts.top = [top];
      const set = await retrieval().find({ profile, platform: 'x', topic: TOPIC });
      expect(posts.loads).toEqual([[2]]);
      expect(ids(set).sort()).toEqual([1, 2]);
    });

    it('takes stored vectors for hits and top performers, and embeds only the posts the index lacks', async () => {
      indexed([stored(1, 'Espresso tip: grind finer'), toward(0.5, 1)], [stored(2, 'Latte art basics'), toward(0.4, 2)]);
      const unindexed = stored(3, 'A top performer not indexed yet');
      posts.top = [unindexed];
      embedder.vectors.set(unindexed.text, toward(0.95, 3));
      const set = await retrieval().find({ profile, platform: 'x', topic: TOPIC, k: 1 });
      expect(index.vectorRequests).toEqual([[1, 2, 3]]);
      expect(embedder.calls).toEqual([[TOPIC], [unindexed.text]]);
      // Its own vector makes it the most similar.
      expect(ids(set)).toEqual([3]);
      expect(set.references.find((reference) => reference.postId === 3)?.embedding).toEqual(toward(0.95, 3));
    });

    it('embeds every candidate itself, asking the index for no vectors, when told to embed locally', async () => {
      indexed([stored(1, 'Espresso tip: grind finer'), toward(0.2, 1)], [stored(2, 'Latte art basics'), toward(0.2, 2)]);
      embedder.vectors.set('Espresso tip: grind finer', toward(0.3, 1));
      embedder.vectors.set('Latte art basics', toward(0.9, 2));
      const set = await retrieval({ embedCandidatesLocally: true }).find({ profile, platform: 'x', topic: TOPIC, k: 1 });
      expect(index.vectorRequests).toEqual([]);
      expect(embedder.calls[1]?.sort()).toEqual(['Espresso tip: grind finer', 'Latte art basics']);
      expect(ids(set)).toEqual([2]);
    });

    it('ranks a post without any vector last', async () => {
      indexed([stored(1, 'Espresso tip: grind finer'), toward(0.3, 1)]);
      const bare = stored(2, 'A post nobody could embed');
      posts.byId.set(bare.id, bare);
      index.hits.unshift({ postId: 2, profileId: 3, platform: 'x', distance: 0 });
      const set = await retrieval().find({ profile, platform: 'x', topic: TOPIC });
      expect(ids(set)).toEqual([1, 2]);
      expect(set.references.map((reference) => reference.postId)).toEqual([1]);
    });

    it('breaks a tie in relevance by the older post (lower id)', async () => {
      indexed([stored(20, 'Latte art basics'), toward(0.6, 2)], [stored(10, 'Espresso tip: grind finer'), toward(0.6, 1)]);
      const set = await retrieval().find({ profile, platform: 'x', topic: TOPIC, k: 1 });
      expect(ids(set)).toEqual([10]);
    });

    it('compares new text with the examples and the 24 best other candidates, with copies of their vectors', async () => {
      indexed(...Array.from({ length: 30 }, (_, n): [Post, number[]] => [stored(n + 1, `Post ${n + 1} about something else`), toward(0.9 - n * 0.01, 1 + (n % 5))]));
      const set = await retrieval().find({ profile, platform: 'x', topic: TOPIC, k: 1 });
      expect(ids(set)).toEqual([1]);
      expect(set.references.map((reference) => reference.postId)).toEqual(Array.from({ length: 24 }, (_, n) => n + 1));
      for (const reference of set.references) {
        expect(reference.embedding).toEqual(index.vectors.get(reference.postId));
        expect(reference.embedding).not.toBe(index.vectors.get(reference.postId));
      }
    });
  });

  describe('full-text fallback', () => {
    beforeEach(() => {
      index.failWith = new Error('connect ECONNREFUSED');
    });

    it('searches the salient words of the topic for four times k posts, and adds the latest posts when matches are fewer than 2k', async () => {
      posts.matches = [stored(1, 'Espresso tip: grind finer'), stored(2, 'Grind size matters'), stored(3, 'More espresso tips')];
      posts.latest = [stored(4, 'Latest post')];
      const set = await retrieval().find({ profile, platform: 'x', topic: TOPIC, k: 2 });
      expect(posts.lists).toEqual([
        { workspace: 'default', profileId: 3, limit: 8, search: '"espresso" OR "grind" OR "tips"' },
        { workspace: 'default', profileId: 3, limit: 8 },
      ]);
      expect(set).toMatchObject({ retrieval: 'fulltext-fallback', fallbackReason: 'the vector index is unreachable (connect ECONNREFUSED)' });
    });

    it('searches for 32 posts and picks up to 8 by default', async () => {
      embedder.failWith = new Error('embedder offline');
      posts.latest = Array.from({ length: 10 }, (_, n) => stored(n + 1, `Latest post number ${n + 1}`));
      const set = await retrieval().find({ profile, platform: 'x', topic: TOPIC });
      expect(posts.lists.map((query) => query.limit)).toEqual([32, 32]);
      expect(set.examples).toHaveLength(8);
    });

    it('adds no latest posts when the search found 2k posts', async () => {
      posts.matches = Array.from({ length: 4 }, (_, n) => stored(n + 1, `Espresso tip number ${n + 1}`));
      posts.latest = [stored(9, 'Latest post')];
      const set = await retrieval().find({ profile, platform: 'x', topic: TOPIC, k: 2 });
      expect(posts.lists).toHaveLength(1);
      expect(set.examples.map((example) => example.id)).not.toContain(9);
    });

    it('lists the latest posts without a search when the topic has no words worth searching', async () => {
      posts.latest = [stored(9, 'Latest post')];
      const set = await retrieval().find({ profile, platform: 'x', topic: 'what is it about', k: 2 });
      expect(posts.lists).toEqual([{ workspace: 'default', profileId: 3, limit: 8 }]);
      expect(ids(set)).toEqual([9]);
    });

    it('still gives the latest posts when the storage cannot parse the search', async () => {
      posts.matches = new Error('fts5: syntax error');
      posts.latest = [stored(9, 'Latest post')];
      const set = await retrieval().find({ profile, platform: 'x', topic: TOPIC });
      expect(ids(set)).toEqual([9]);
    });

    it('still gives examples when the top performers cannot be read', async () => {
      posts.latest = [stored(9, 'Latest post')];
      posts.topFails = true;
      const set = await retrieval().find({ profile, platform: 'x', topic: TOPIC });
      expect(ids(set)).toEqual([9]);
    });

    it('stops on a cancellation met by the embedder instead of going on without vectors', async () => {
      posts.latest = [stored(9, 'Latest post')];
      embedder.vectors.delete(TOPIC);
      const embed = embedder.embed.bind(embedder);
      embedder.embed = async (texts) => (texts.includes('Latest post') ? Promise.reject(new CancelledError()) : embed(texts));
      await expect(retrieval().find({ profile, platform: 'x', topic: TOPIC })).rejects.toMatchObject({ code: 'cancelled' });
    });

    it('asks the embedder nothing more when SQL has no posts either', async () => {
      const set = await retrieval().find({ profile, platform: 'x', topic: TOPIC });
      expect(set.examples).toEqual([]);
      expect(embedder.calls).toEqual([[TOPIC]]);
    });

    it('diversifies with the embeddings of the posts when the embedder works', async () => {
      posts.latest = [stored(1, 'Espresso tip: grind finer'), stored(2, 'Latte art basics')];
      embedder.vectors.set('Espresso tip: grind finer', toward(0.5, 1));
      embedder.vectors.set('Latte art basics', toward(0.5, 2));
      const set = await retrieval().find({ profile, platform: 'x', topic: TOPIC });
      expect(set.references).toEqual([
        { postId: 1, embedding: toward(0.5, 1) },
        { postId: 2, embedding: toward(0.5, 2) },
      ]);
    });

    describe('without vectors: ranked by search order, then recency, platform, engagement and replies', () => {
      beforeEach(() => {
        embedder.failWith = new Error('embedder offline');
      });

      it('puts search matches in their order before the latest posts, preferring the platform and top performers', async () => {
        // Relevance: matches 0.6 − 0.3·i/3, the latest 0.25 − 0.1·i/6, +0.08 on X, +0.1 for the top performer.
        posts.matches = [stored(1, 'Espresso match one'), stored(2, 'Espresso match two'), stored(3, 'Espresso match three')];
        posts.latest = [stored(2, 'Espresso match two'), stored(4, 'Latest on LinkedIn', { platform: 'linkedin' }), stored(5, 'Latest on X'), stored(6, 'Latest top performer')];
        posts.top = [stored(6, 'Latest top performer')];
        const set = await retrieval().find({ profile, platform: 'x', topic: TOPIC });
        // 0.68, 0.58, 0.48, then 0.347 (top performer), 0.263 (X), 0.20 (LinkedIn).
        expect(ids(set)).toEqual([1, 2, 3, 6, 5, 4]);
        expect(set.references).toEqual([]);
      });

      it('weighs top performers by their rank: the best gets 0.1, the next half of it', async () => {
        posts.latest = [stored(1, 'First latest'), stored(2, 'Second latest'), stored(3, 'Third latest')];
        posts.top = [stored(3, 'Third latest'), stored(2, 'Second latest')];
        const set = await retrieval().find({ profile, platform: 'x', topic: 'what is it about' });
        // 0.183 + 0.08 + 0.1, then 0.217 + 0.08 + 0.05, then 0.25 + 0.08.
        expect(ids(set)).toEqual([3, 2, 1]);
      });

      it('puts a reply a little lower', async () => {
        posts.latest = [stored(1, 'First latest, a reply', { isReply: true }), stored(2, 'Second latest'), stored(3, 'Third latest')];
        const set = await retrieval().find({ profile, platform: 'x', topic: 'what is it about' });
        // 0.33 − 0.05, against 0.297 and 0.263.
        expect(ids(set)).toEqual([2, 1, 3]);
      });

      it('spends one example slot on a text posted twice, whatever its case and spacing', async () => {
        posts.latest = [stored(1, 'Espresso  tip:\n grind finer'), stored(2, ' espresso TIP: grind finer '), stored(3, 'Latte art basics')];
        const set = await retrieval().find({ profile, platform: 'x', topic: 'what is it about' });
        expect(ids(set)).toEqual([1, 3]);
      });

      it('never uses excluded posts, ideas, unapproved generated drafts or posts without words', async () => {
        posts.latest = [
          stored(1, 'The post being rewritten'),
          stored(2, 'An idea for later', { status: 'idea' }),
          stored(3, 'A generated draft', { status: 'draft', source: 'generated' }),
          stored(4, 'A generated draft the user approved', { status: 'approved', source: 'generated' }),
          stored(5, '📸☕'),
          stored(6, 'A draft the user wrote', { status: 'draft', source: 'written' }),
        ];
        const set = await retrieval().find({ profile, platform: 'x', topic: 'what is it about', excludePostIds: [1] });
        expect(ids(set)).toEqual([4, 6]);
      });

      it('cuts examples to 150 tokens by default and fits as many as 720 tokens allow', async () => {
        const words = (n: number): string => Array.from({ length: 200 }, (_, word) => `p${n}w${word}`).join(' ');
        posts.latest = Array.from({ length: 10 }, (_, n) => stored(n + 1, words(n + 1)));
        const set = await retrieval().find({ profile, platform: 'x', topic: 'what is it about' });
        // Each costs about 150 + 3 tokens: four fit in 720, five do not.
        expect(set.examples).toHaveLength(4);
        for (const excerpt of set.excerpts) {
          expect(estimateTokens(excerpt)).toBeLessThanOrEqual(150);
          expect(estimateTokens(excerpt)).toBeGreaterThan(140);
          expect(excerpt.endsWith('…')).toBe(true);
        }
      });

      it('cuts examples to the tokens asked for, and gives the prompt the trimmed text', async () => {
        posts.latest = [stored(1, `  ${'word '.repeat(100)}`), stored(2, '  Short and sweet.  ')];
        const set = await retrieval().find({ profile, platform: 'x', topic: 'what is it about', maxExampleTokens: 20 });
        expect(estimateTokens(set.excerpts[0]!)).toBeLessThanOrEqual(20);
        expect(set.excerpts[1]).toBe('Short and sweet.');
      });
    });
  });
});
