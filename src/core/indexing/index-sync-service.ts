import { AppError, CancelledError, IndexUnavailableError, InvalidInputError } from '../errors.js';
import type {
  Embedder,
  OutboxEntry,
  PostRepository,
  ProfileRepository,
  ProgressListener,
  SettingsRepository,
  VectorCollection,
  VectorIndex,
  VectorOutbox,
  VectorRecord,
} from '../ports.js';

/** Settings keys under which a workspace records what built its vector index. */
export const INDEX_EMBEDDER_KEY = 'index.embedder';
export const INDEX_DIMENSIONS_KEY = 'index.dimensions';

/** Long posts are cut before embedding: neural embedders have input limits, and the opening carries the topic. */
const MAX_EMBED_CHARS = 8_000;
const DEFAULT_BATCH = 256;

export interface IndexSyncDeps {
  posts: PostRepository;
  outbox: VectorOutbox;
  settings: SettingsRepository;
  vectorIndex: VectorIndex;
  embedder: Embedder;
  profiles: ProfileRepository;
  /** Told each profile's new index version after this process's changes were acknowledged (the in-memory vector copies follow). */
  onIndexed?: (collection: VectorCollection, versions: ReadonlyMap<number, number>) => void;
}

export interface SyncRequest {
  workspaceId: number;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
  /** Outbox entries handled per round trip (default 256). */
  batchSize?: number;
  /** Stop after this many entries (a bounded catch-up before a query); default: drain everything. */
  maxEntries?: number;
}

export interface SyncResult {
  upserted: number;
  deleted: number;
  /** Entries still pending in the workspace afterwards. */
  remaining: number;
}

export interface ReindexRequest {
  workspaceId: number;
  profileId?: number;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
  batchSize?: number;
}

export interface ReindexResult extends SyncResult {
  /** 'workspace' when the whole index was rebuilt (also when a profile was asked but the embedder changed). */
  scope: 'workspace' | 'profile';
  queued: number;
  embedder: string;
}

export interface IndexStatus {
  /** The embedder that built the index, or null when nothing was indexed yet. */
  recordedEmbedder: string | null;
  recordedDimensions: number | null;
  currentEmbedder: string;
  currentDimensions: number;
  /** False when the recorded embedder differs from the current one: retrieval is off until `smm reindex`. */
  embedderMatches: boolean;
  pending: number;
  /** Vectors in the index, or null when the index could not be reached (see `indexError`). */
  indexed: number | null;
  indexError: string | null;
}

/**
 * Keeps the vector index (derived data) in step with SQL (the system of
 * record) by draining the outbox that every post change writes to. Entries
 * are acknowledged only after the index write, and upserts are idempotent,
 * so a crash at any point loses nothing: the next run redoes the last batch.
 */
export class IndexSyncService {
  constructor(private readonly deps: IndexSyncDeps) {}

  /** The collection the current embedder writes to and reads from in this workspace. */
  collectionFor(workspaceId: number): VectorCollection {
    return { workspaceId, embedderId: this.deps.embedder.id, dimensions: this.deps.embedder.dimensions };
  }

  /**
   * Throws IndexUnavailableError when the index was built by another
   * embedder: vectors of two embedders are not comparable, so retrieval must
   * not mix them. An index nobody built yet is fine (the first sync records it).
   */
  async assertCompatible(workspaceId: number): Promise<void> {
    await this.recordedEmbedder(workspaceId);
  }

  /** Post changes of the workspace waiting for the index. */
  pendingCount(workspaceId: number): Promise<number> {
    return this.deps.outbox.countPending(workspaceId);
  }

  /** Applies pending outbox entries of the workspace to the vector index. */
  async syncPending(request: SyncRequest): Promise<SyncResult> {
    const { workspaceId, signal, onProgress } = request;
    const recorded = await this.recordedEmbedder(workspaceId);
    if (recorded === undefined) await this.recordEmbedder(workspaceId);
    const batchSize = Math.max(1, request.batchSize ?? DEFAULT_BATCH);
    const limit = request.maxEntries ?? Infinity;
    // Counting costs a query: only a progress bar needs the total up front.
    const total = onProgress ? Math.min(await this.deps.outbox.countPending(workspaceId), limit) : undefined;
    const collection = this.collectionFor(workspaceId);
    let done = 0;
    let upserted = 0;
    let deleted = 0;
    let drained = false;
    onProgress?.({ phase: 'index', done, total, unit: 'posts', message: `Indexing ${total} changed posts…` });
    while (done < limit) {
      throwIfAborted(signal);
      const wanted = Math.min(batchSize, limit - done);
      const entries = await this.deps.outbox.pending(wanted, workspaceId);
      if (entries.length > 0) {
        const applied = await this.apply(collection, entries, signal);
        const versions = await this.deps.outbox.ack(entries);
        this.deps.onIndexed?.(collection, versions);
        upserted += applied.upserted;
        deleted += applied.deleted;
        done += entries.length;
        onProgress?.({ phase: 'index', done, total: Math.max(total ?? 0, done), unit: 'posts' });
      }
      if (entries.length < wanted) {
        drained = true;
        break;
      }
    }
    const remaining = drained ? 0 : await this.deps.outbox.countPending(workspaceId);
    return { upserted, deleted, remaining };
  }

  /**
   * Rebuilds the index from SQL: the whole workspace (dropping its
   * collections first) or one profile (re-queued, then drained). Records the
   * current embedder so later queries know the index matches it.
   */
  async reindex(request: ReindexRequest): Promise<ReindexResult> {
    const { workspaceId, signal, onProgress } = request;
    let profileId = request.profileId;
    if (profileId !== undefined) {
      const profile = await this.deps.profiles.findById(profileId);
      const workspace = profile ? await this.deps.profiles.ensureWorkspace(profile.workspace) : undefined;
      if (!profile || workspace?.id !== workspaceId) {
        throw new InvalidInputError(`Profile #${profileId} is not in workspace #${workspaceId}.`, {
          hint: 'List profiles with `smm profile list` and pass one of their handles.',
        });
      }
    }
    const recorded = await this.deps.settings.get(workspaceId, INDEX_EMBEDDER_KEY);
    // A different embedder invalidates every vector, so a one-profile rebuild would leave the rest unusable.
    if (recorded !== undefined && recorded !== this.deps.embedder.id) profileId = undefined;
    throwIfAborted(signal);
    try {
      if (profileId === undefined) {
        onProgress?.({ phase: 'reindex', message: 'Clearing the vector index…' });
        await this.deps.vectorIndex.drop(this.collectionFor(workspaceId));
        if (recorded !== undefined && recorded !== this.deps.embedder.id) await this.dropRecorded(workspaceId, recorded);
      }
    } catch (error) {
      throw wrapIndexError(error);
    }
    const queued = await this.deps.outbox.enqueueAll({ workspaceId, profileId });
    await this.recordEmbedder(workspaceId);
    const result = await this.syncPending({ workspaceId, signal, onProgress, batchSize: request.batchSize });
    return { ...result, queued, scope: profileId === undefined ? 'workspace' : 'profile', embedder: this.deps.embedder.id };
  }

  /** What `smm doctor` reports: the embedder recorded versus configured, pending changes, vectors indexed. */
  async status(workspaceId: number): Promise<IndexStatus> {
    const recorded = (await this.deps.settings.get(workspaceId, INDEX_EMBEDDER_KEY)) ?? null;
    const recordedDimensions = await this.deps.settings.get(workspaceId, INDEX_DIMENSIONS_KEY);
    const pending = await this.deps.outbox.countPending(workspaceId);
    let indexed: number | null = null;
    let indexError: string | null = null;
    try {
      indexed = await this.deps.vectorIndex.count(this.collectionFor(workspaceId));
    } catch (error) {
      indexError = error instanceof Error ? error.message : String(error);
    }
    return {
      recordedEmbedder: recorded,
      recordedDimensions: recordedDimensions === undefined ? null : Number(recordedDimensions),
      currentEmbedder: this.deps.embedder.id,
      currentDimensions: this.deps.embedder.dimensions,
      embedderMatches: recorded === null || recorded === this.deps.embedder.id,
      pending,
      indexed,
      indexError,
    };
  }

  private async apply(collection: VectorCollection, entries: readonly OutboxEntry[], signal?: AbortSignal): Promise<{ upserted: number; deleted: number }> {
    // The latest entry per post decides: an upsert followed by a delete is a delete.
    const latest = new Map<number, OutboxEntry>();
    for (const entry of entries) {
      const seen = latest.get(entry.postId);
      if (!seen || seen.seq < entry.seq) latest.set(entry.postId, entry);
    }
    const upsertIds = [...latest.values()].filter((entry) => entry.operation === 'upsert').map((entry) => entry.postId);
    const deleteIds = new Set([...latest.values()].filter((entry) => entry.operation === 'delete').map((entry) => entry.postId));
    const posts = upsertIds.length > 0 ? await this.deps.posts.getMany(upsertIds) : [];
    const found = new Set(posts.map((post) => post.id));
    // A post deleted after its upsert was queued leaves no row: remove its vector instead.
    for (const id of upsertIds) if (!found.has(id)) deleteIds.add(id);
    try {
      if (posts.length > 0) {
        const embeddings = await this.deps.embedder.embed(
          posts.map((post) => post.text.slice(0, MAX_EMBED_CHARS)),
          signal,
        );
        const records: VectorRecord[] = posts.map((post, index) => ({
          postId: post.id,
          profileId: post.profileId,
          platform: post.platform,
          embedding: embeddings[index] ?? [],
          text: post.text,
        }));
        await this.deps.vectorIndex.upsert(collection, records);
      }
      if (deleteIds.size > 0) await this.deps.vectorIndex.delete(collection, [...deleteIds]);
    } catch (error) {
      throw wrapIndexError(error);
    }
    return { upserted: posts.length, deleted: deleteIds.size };
  }

  /** The embedder recorded for the workspace's index (undefined: none yet); throws when it is not the current one. */
  private async recordedEmbedder(workspaceId: number): Promise<string | undefined> {
    const recorded = await this.deps.settings.get(workspaceId, INDEX_EMBEDDER_KEY);
    if (recorded !== undefined && recorded !== this.deps.embedder.id) {
      throw new IndexUnavailableError(
        `The vector index was built with the embedder "${recorded}" but the configured embedder is "${this.deps.embedder.id}".`,
        undefined,
        'Run `smm reindex` to rebuild the index with the current embedder, or switch the embedder back.',
      );
    }
    return recorded;
  }

  private async recordEmbedder(workspaceId: number): Promise<void> {
    await this.deps.settings.set(workspaceId, INDEX_EMBEDDER_KEY, this.deps.embedder.id);
    await this.deps.settings.set(workspaceId, INDEX_DIMENSIONS_KEY, String(this.deps.embedder.dimensions));
  }

  private async dropRecorded(workspaceId: number, embedderId: string): Promise<void> {
    const dimensions = Number((await this.deps.settings.get(workspaceId, INDEX_DIMENSIONS_KEY)) ?? 0);
    await this.deps.vectorIndex.drop({ workspaceId, embedderId, dimensions });
  }
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError('Indexing was cancelled; what was indexed so far is kept and the rest stays queued.');
}

/** Keeps AppErrors (cancelled, model unavailable…) as they are; anything else from the index becomes index_unavailable. */
function wrapIndexError(error: unknown): AppError {
  if (AppError.isInstance(error)) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new IndexUnavailableError(`The vector index could not be updated: ${reason}`, error, 'Check the vector index with `smm doctor`; changes stay queued and are indexed on the next run.');
}
