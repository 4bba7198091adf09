import { AppError, CancelledError } from '../errors.js';
import type { IndexSyncService } from '../indexing/index-sync-service.js';
import { isOwnPost } from '../learning/own-posts.js';
import type { Platform } from '../platforms/platform-id.js';
import type { Embedder, PostRepository, ProfileRepository, VectorIndex } from '../ports.js';
import type { Post } from '../posts/post-schema.js';
import type { Profile } from '../profiles/profile-schema.js';
import { selectDiverse, type RankedCandidate } from './diversify.js';
import { estimateTokens, truncateToTokens } from './token-estimate.js';
import { anyOfQuery, salientTerms } from './topic-terms.js';
import { cosine } from './vector-math.js';

/** Pending outbox entries applied before a query; more than this waits for `smm reindex` or the next run. */
const CATCH_UP_LIMIT = 2_000;
/** Up to this many pending changes are indexed alongside the query instead of before it. */
const CONCURRENT_CATCH_UP = 32;
const PLATFORM_BONUS = 0.08;
const ENGAGEMENT_BONUS = 0.1;
const REPLY_PENALTY = 0.05;
/** How many of the best candidates a variant is compared with for near-duplicates, besides the examples. */
const REFERENCE_COUNT = 24;

export interface ExampleRetrievalDeps {
  posts: PostRepository;
  profiles: ProfileRepository;
  vectorIndex: VectorIndex;
  embedder: Embedder;
  indexSync: IndexSyncService;
  /**
   * Embed the candidates again instead of fetching their vectors from the
   * index: set it when the embedder runs in process (the built-in one takes
   * microseconds per post), so that retrieval saves a round trip to a remote index.
   */
  embedCandidatesLocally?: boolean;
}

export interface ExampleRequest {
  profile: Profile;
  platform: Platform;
  /** What to find examples for: the topic, or the text being rewritten. */
  topic: string;
  /** At most this many examples (default 8). */
  k?: number;
  /** Prompt tokens the examples may take together (default 720). */
  tokenBudget?: number;
  /** A longer example is cut to this many tokens (default 150). */
  maxExampleTokens?: number;
  /** Posts never to use (the post being rewritten). */
  excludePostIds?: readonly number[];
  signal?: AbortSignal;
  /**
   * Receives work started for this request that its answer does not need
   * (indexing a handful of recent changes); the caller awaits it when its own
   * work is done. Without it, `find` awaits that work itself.
   */
  defer?: (work: Promise<unknown>) => void;
}

/** A past post to compare new text with, for near-duplicate checks. */
export interface ReferencePost {
  postId: number;
  embedding: number[];
}

export interface ExampleSet {
  examples: Post[];
  /** The examples' texts as they go into the prompt (long ones cut), aligned with `examples`. */
  excerpts: string[];
  retrieval: 'vector' | 'fulltext-fallback';
  /** Why the vector index was not used, when it was not. */
  fallbackReason?: string;
  /** The examples and the best other candidates with their embeddings (empty when no embedder could run). */
  references: ReferencePost[];
}

interface Candidate {
  post: Post;
  excerpt: string;
  similarity: number;
  embedding: number[] | undefined;
}

/**
 * Finds a profile's past posts to show the model as examples: the most
 * similar to the topic by vector search, preferring the target platform and
 * weighing in top performers, diversified by MMR with near-copies dropped,
 * and as many as fit the token budget. When the index cannot answer (server
 * down, embedder changed, nothing indexed yet) it falls back to SQL
 * full-text search and says so.
 */
export class ExampleRetrieval {
  private readonly workspaceIds = new Map<string, number>();

  constructor(private readonly deps: ExampleRetrievalDeps) {}

  async find(request: ExampleRequest): Promise<ExampleSet> {
    const workspaceId = await this.workspaceId(request.profile.workspace);
    const catchUp = async (): Promise<boolean> => {
      try {
        await this.deps.indexSync.syncPending({ workspaceId, maxEntries: CATCH_UP_LIMIT, signal: request.signal });
        return true;
      } catch (error) {
        // The query meets the same failure and falls back; only a cancellation stops here.
        if (isCancellation(error, request.signal)) throw new CancelledError();
        return false;
      }
    };
    const attempt = async (synced: boolean): Promise<{ set?: ExampleSet; error?: unknown }> => {
      try {
        return { set: await this.fromIndex(workspaceId, request, synced) };
      } catch (error) {
        if (isCancellation(error, request.signal)) throw new CancelledError();
        return { error };
      }
    };
    const backlog = await this.deps.indexSync.pendingCount(workspaceId).catch(() => Infinity);
    let outcome: { set?: ExampleSet; error?: unknown };
    if (backlog > CONCURRENT_CATCH_UP) {
      outcome = await attempt(await catchUp());
    } else {
      // A handful of changes (usually the previous run's drafts, never examples themselves) need not
      // delay the answer: with `defer` they are indexed after the query, while the model writes;
      // without it, alongside the query.
      const deferred = request.defer !== undefined;
      const early = deferred ? undefined : catchUp();
      early?.catch(() => undefined);
      const first = await attempt(false);
      const indexing = early ?? catchUp();
      // Marked as handled: when the caller is cancelled first, nobody may await it.
      indexing.catch(() => undefined);
      // An index that had nothing of this profile may have it once the changes are in.
      const retry = first.set === undefined && first.error === undefined;
      if (deferred && !retry) {
        request.defer?.(indexing);
        outcome = first;
      } else {
        outcome = retry && (await indexing) ? await attempt(true) : first;
      }
    }
    if (outcome.set) return outcome.set;
    if (outcome.error !== undefined) return this.fromFullText(request, reasonOf(outcome.error));
    // An index without this profile's posts may still be catching up: SQL may know some.
    const fromSql = await this.fromFullText(request, 'the vector index holds no posts of this profile yet');
    // A profile with no past posts at all has nothing to find either way: the index did not fail.
    return fromSql.examples.length > 0 ? fromSql : { examples: [], excerpts: [], retrieval: 'vector', references: [] };
  }

  private async fromIndex(workspaceId: number, request: ExampleRequest, synced: boolean): Promise<ExampleSet | undefined> {
    const { profile, platform } = request;
    const k = request.k ?? 8;
    // A successful catch-up already checked that the index was built by this embedder.
    if (!synced) await this.deps.indexSync.assertCompatible(workspaceId);
    const collection = this.deps.indexSync.collectionFor(workspaceId);
    const [topicEmbedding] = await this.deps.embedder.embed([request.topic], request.signal);
    if (!topicEmbedding) return undefined;
    const [anyPlatform, top] = await Promise.all([
      this.deps.vectorIndex.query(collection, { embedding: topicEmbedding, k: k * 4, profileId: profile.id }),
      this.deps.posts.topByEngagement(profile.id, k, platform),
    ]);
    // A profile that writes mostly elsewhere gets a second look at its posts on the target platform.
    const onPlatform = anyPlatform.filter((hit) => hit.platform === platform).length;
    const samePlatform =
      anyPlatform.length >= k * 4 && onPlatform < k
        ? await this.deps.vectorIndex.query(collection, { embedding: topicEmbedding, k: k * 2, profileId: profile.id, platform })
        : [];
    if (anyPlatform.length === 0) return undefined;

    const hitIds = unique([...samePlatform, ...anyPlatform].map((hit) => hit.postId));
    const topIds = new Set(top.map((post) => post.id));
    const [loaded, stored] = await Promise.all([
      this.deps.posts.getMany(hitIds.filter((id) => !topIds.has(id))),
      this.deps.embedCandidatesLocally
        ? new Map<number, number[]>()
        : this.deps.vectorIndex.getEmbeddings(collection, unique([...hitIds, ...topIds])),
    ]);
    const posts = uniqueBy([...loaded, ...top], (post) => post.id).filter((post) => eligible(post, request.excludePostIds));
    const missing = posts.filter((post) => !stored.has(post.id));
    if (missing.length > 0) {
      const embedded = await this.deps.embedder.embed(missing.map((post) => post.text), request.signal);
      missing.forEach((post, index) => {
        const embedding = embedded[index];
        if (embedding) stored.set(post.id, embedding);
      });
    }
    const candidates = posts.map((post) => {
      const embedding = stored.get(post.id);
      return { post, embedding, similarity: embedding ? cosine(topicEmbedding, embedding) : 0, excerpt: '' };
    });
    return this.choose(candidates, top, request, 'vector');
  }

  private async fromFullText(request: ExampleRequest, reason: string): Promise<ExampleSet> {
    const { profile, platform } = request;
    const k = request.k ?? 8;
    const base = { workspace: profile.workspace, profileId: profile.id, limit: k * 4 };
    const terms = salientTerms(request.topic);
    let matches: Post[] = [];
    if (terms.length > 0) {
      // A storage that cannot parse the query still gives the latest posts below.
      matches = await this.deps.posts.list({ ...base, search: anyOfQuery(terms) }).then((page) => page.posts, () => []);
    }
    const latest = matches.length >= k * 2 ? [] : (await this.deps.posts.list(base)).posts;
    const posts = uniqueBy([...matches, ...latest], (post) => post.id).filter((post) => eligible(post, request.excludePostIds));
    const matchCount = matches.length;
    // Without a usable index, rank by search order, then recency; embeddings (when the embedder works) only diversify.
    let embeddings: Array<number[] | undefined> = [];
    try {
      embeddings = posts.length > 0 ? await this.deps.embedder.embed(posts.map((post) => post.text), request.signal) : [];
    } catch (error) {
      if (isCancellation(error, request.signal)) throw new CancelledError();
    }
    const candidates = posts.map((post, index) => ({
      post,
      embedding: embeddings[index],
      similarity: index < matchCount ? 0.6 - (0.3 * index) / Math.max(1, matchCount) : 0.25 - (0.1 * index) / Math.max(1, posts.length),
      excerpt: '',
    }));
    const top = await this.deps.posts.topByEngagement(profile.id, k, platform).catch(() => []);
    const set = this.choose(candidates, top, request, 'fulltext-fallback');
    return { ...set, fallbackReason: reason };
  }

  private choose(candidates: Candidate[], top: readonly Post[], request: ExampleRequest, retrieval: ExampleSet['retrieval']): ExampleSet {
    const k = request.k ?? 8;
    const maxExampleTokens = request.maxExampleTokens ?? 150;
    const rank = new Map(top.map((post, index) => [post.id, index]));
    const ranked: Array<RankedCandidate<Candidate>> = candidates.map((candidate) => {
      const excerpt = truncateToTokens(candidate.post.text.trim(), maxExampleTokens);
      const engagementRank = rank.get(candidate.post.id);
      const relevance =
        candidate.similarity +
        (candidate.post.platform === request.platform ? PLATFORM_BONUS : 0) +
        (engagementRank === undefined ? 0 : ENGAGEMENT_BONUS * (1 - engagementRank / Math.max(1, top.length))) -
        (candidate.post.isReply ? REPLY_PENALTY : 0);
      // Each example also costs a few tokens of quoting and separators in the prompt.
      return { item: { ...candidate, excerpt }, relevance, embedding: candidate.embedding, cost: estimateTokens(excerpt) + 3 };
    });
    ranked.sort((a, b) => b.relevance - a.relevance || a.item.post.id - b.item.post.id);
    const picked = selectDiverse(dropSameText(ranked), { k, lambda: 0.7, maxSimilarity: 0.92, budget: request.tokenBudget ?? 720 });
    const references = uniqueBy([...picked, ...ranked.slice(0, REFERENCE_COUNT)], (entry) => entry.item.post.id)
      .filter((entry) => entry.embedding !== undefined)
      .map((entry) => ({ postId: entry.item.post.id, embedding: [...(entry.embedding ?? [])] }));
    return {
      examples: picked.map((entry) => entry.item.post),
      excerpts: picked.map((entry) => entry.item.excerpt),
      retrieval,
      references,
    };
  }

  private async workspaceId(name: string): Promise<number> {
    let id = this.workspaceIds.get(name);
    if (id === undefined) {
      id = (await this.deps.profiles.ensureWorkspace(name)).id;
      this.workspaceIds.set(name, id);
    }
    return id;
  }
}

/** The profile's own posts only (not ideas, not generated drafts nobody approved, not empty), not excluded. */
function eligible(post: Post, exclude: readonly number[] = []): boolean {
  return isOwnPost(post) && !exclude.includes(post.id);
}

/** Identical texts (cross-posts) would spend two example slots on one post, embedding or not. */
function dropSameText<T extends { item: Candidate }>(ranked: T[]): T[] {
  const seen = new Set<string>();
  return ranked.filter((entry) => {
    const key = entry.item.post.text.toLowerCase().replace(/\s+/g, ' ').trim();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

function uniqueBy<T>(values: readonly T[], key: (value: T) => unknown): T[] {
  const seen = new Set<unknown>();
  return values.filter((value) => {
    const id = key(value);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

function isCancellation(error: unknown, signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true || (AppError.isInstance(error) && error.code === 'cancelled');
}

function reasonOf(error: unknown): string {
  if (AppError.isInstance(error)) return error.hint ? `${error.message} ${error.hint}` : error.message;
  return `the vector index is unreachable (${error instanceof Error ? error.message : String(error)})`;
}
