import { ChromaClient, ChromaNotFoundError, type Collection, type Where } from 'chromadb';
import { AppError, IndexUnavailableError } from '../../core/errors.js';
import type { Platform } from '../../core/platforms/index.js';
import type { ProfileVector, VectorCollection, VectorHit, VectorIndex, VectorRecord } from '../../core/ports.js';
import { chromaCollectionName } from './chroma-collection-name.js';
import { checkDimensions } from './vector-dimensions.js';

/** Options of the Chroma vector index. */
export interface ChromaVectorIndexOptions {
  /** e.g. "http://127.0.0.1:8000" (CHROMA_URL, or the managed local server's URL). */
  url: string;
  /** How long the reachability check may take before the index is declared unavailable. Default 2 s. */
  connectTimeoutMs?: number;
  /** "managed" when smm started the server itself; shapes the hint of connection errors. Default "url". */
  source?: 'managed' | 'url';
  /** Records per request; Chroma accepts at most 5,461. Default 5,000. */
  batchSize?: number;
}

const MAX_BATCH = 5_000;

/** The text with any lone UTF-16 surrogate (a cut emoji) replaced: Chroma's server rejects them as invalid JSON. */
function wellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/**
 * VectorIndex over a Chroma server (the managed local one or CHROMA_URL),
 * with the app's own embeddings: one cosine-space collection per workspace
 * and embedder, ids = post ids, metadata { profileId, platform } for filters.
 * Any failure to reach Chroma becomes an IndexUnavailableError, quickly, so
 * that retrieval can fall back to full-text search.
 */
export class ChromaVectorIndex implements VectorIndex {
  readonly kind = 'chroma';
  private readonly client: ChromaClient;
  private readonly url: URL;
  private readonly connectTimeoutMs: number;
  private readonly source: 'managed' | 'url';
  private readonly batchSize: number;
  private readonly handles = new Map<string, Collection>();
  private reachable = false;

  constructor(options: ChromaVectorIndexOptions) {
    this.url = new URL(options.url);
    const ssl = this.url.protocol === 'https:';
    this.client = new ChromaClient({
      host: this.url.hostname,
      port: this.url.port ? Number(this.url.port) : ssl ? 443 : 8000,
      ssl,
    });
    this.connectTimeoutMs = options.connectTimeoutMs ?? 2_000;
    this.source = options.source ?? 'url';
    this.batchSize = Math.min(options.batchSize ?? MAX_BATCH, MAX_BATCH);
  }

  async upsert(collection: VectorCollection, records: readonly VectorRecord[]): Promise<void> {
    for (const record of records) checkDimensions(collection, record.embedding.length, `post ${record.postId}`);
    if (records.length === 0) return;
    await this.withCollection(collection, 'create', async (handle) => {
      for (let start = 0; start < records.length; start += this.batchSize) {
        const batch = records.slice(start, start + this.batchSize);
        await handle.upsert({
          ids: batch.map((record) => String(record.postId)),
          embeddings: batch.map((record) => record.embedding),
          metadatas: batch.map((record) => ({ profileId: record.profileId, platform: record.platform })),
          documents: batch.map((record) => wellFormed(record.text)),
        });
      }
    });
  }

  async delete(collection: VectorCollection, postIds: readonly number[]): Promise<void> {
    if (postIds.length === 0) return;
    await this.withCollection(collection, 'read', async (handle) => {
      for (let start = 0; start < postIds.length; start += this.batchSize) {
        await handle.delete({ ids: postIds.slice(start, start + this.batchSize).map(String) });
      }
    });
  }

  async query(
    collection: VectorCollection,
    request: { embedding: number[]; k: number; profileId: number; platform?: Platform },
  ): Promise<VectorHit[]> {
    checkDimensions(collection, request.embedding.length, 'the query');
    if (request.k <= 0) return [];
    const where: Where =
      request.platform === undefined
        ? { profileId: request.profileId }
        : { $and: [{ profileId: request.profileId }, { platform: request.platform }] };
    const found = await this.withCollection(collection, 'read', (handle) =>
      handle.query({ queryEmbeddings: [request.embedding], nResults: request.k, where, include: ['distances', 'metadatas'] }),
    );
    if (!found) return [];
    const ids = found.ids[0] ?? [];
    const distances = found.distances[0] ?? [];
    const metadatas = found.metadatas[0] ?? [];
    return ids.map((id, index) => ({
      postId: Number(id),
      profileId: Number(metadatas[index]?.profileId ?? request.profileId),
      platform: (metadatas[index]?.platform ?? request.platform) as Platform,
      distance: distances[index] ?? 1,
    }));
  }

  /**
   * Chroma's HNSW search under a selective filter (one profile among
   * hundreds) walks most of the graph; reading a small profile's vectors and
   * ranking them in process is exact and, once cached (CachedVectorIndex),
   * far faster. This is the read for that.
   */
  async profileVectors(collection: VectorCollection, profileId: number, limit: number): Promise<ProfileVector[] | undefined> {
    const page = await this.withCollection(collection, 'read', (handle) =>
      handle.get({ where: { profileId }, include: ['embeddings', 'metadatas'], limit: limit + 1 }),
    );
    if (!page) return [];
    if (page.ids.length > limit) return undefined;
    return page.ids.map((id, index) => ({
      postId: Number(id),
      platform: page.metadatas[index]?.platform as Platform,
      embedding: Array.from(page.embeddings[index] ?? []),
    }));
  }

  async getEmbeddings(collection: VectorCollection, postIds: readonly number[]): Promise<Map<number, number[]>> {
    const result = new Map<number, number[]>();
    if (postIds.length === 0) return result;
    await this.withCollection(collection, 'read', async (handle) => {
      for (let start = 0; start < postIds.length; start += this.batchSize) {
        const found = await handle.get({ ids: postIds.slice(start, start + this.batchSize).map(String), include: ['embeddings'] });
        found.ids.forEach((id, index) => {
          const embedding = found.embeddings[index];
          if (embedding) result.set(Number(id), Array.from(embedding));
        });
      }
    });
    return result;
  }

  async count(collection: VectorCollection, profileId?: number): Promise<number> {
    const counted = await this.withCollection(collection, 'read', async (handle) => {
      if (profileId === undefined) return handle.count();
      // The bundled server has no filtered count: list the ids, a page at a time.
      let total = 0;
      for (let offset = 0; ; offset += this.batchSize) {
        const page = await handle.get({ where: { profileId }, include: [], limit: this.batchSize, offset });
        total += page.ids.length;
        if (page.ids.length < this.batchSize) return total;
      }
    });
    return counted ?? 0;
  }

  async drop(collection: VectorCollection): Promise<void> {
    const name = chromaCollectionName(collection);
    await this.ensureReachable();
    this.handles.delete(name);
    try {
      await this.client.deleteCollection({ name });
    } catch (error) {
      if (!(error instanceof ChromaNotFoundError)) throw this.wrap(error, `drop collection ${name}`);
    }
  }

  async ping(): Promise<void> {
    this.reachable = false;
    await this.ensureReachable();
  }

  async close(): Promise<void> {
    this.handles.clear();
  }

  /**
   * Runs `work` with the collection's handle. Reads of a collection that does
   * not exist return undefined; a handle gone stale (another process dropped
   * the collection) is looked up again once.
   */
  private async withCollection<T>(
    collection: VectorCollection,
    mode: 'read' | 'create',
    work: (handle: Collection) => Promise<T>,
  ): Promise<T | undefined> {
    await this.ensureReachable();
    const name = chromaCollectionName(collection);
    for (let attempt = 0; ; attempt += 1) {
      try {
        const handle = await this.handle(name, collection, mode);
        if (!handle) return undefined;
        return await work(handle);
      } catch (error) {
        if (error instanceof ChromaNotFoundError && attempt === 0) {
          this.handles.delete(name);
          continue;
        }
        throw this.wrap(error, `use collection ${name}`);
      }
    }
  }

  private async handle(name: string, collection: VectorCollection, mode: 'read' | 'create'): Promise<Collection | undefined> {
    const cached = this.handles.get(name);
    if (cached) return cached;
    let handle: Collection;
    if (mode === 'create') {
      handle = await this.client.getOrCreateCollection({
        name,
        embeddingFunction: null,
        configuration: { hnsw: { space: 'cosine' } },
        metadata: { workspaceId: collection.workspaceId, embedderId: collection.embedderId, dimensions: collection.dimensions },
      });
    } else {
      try {
        handle = await this.client.getCollection({ name });
      } catch (error) {
        if (error instanceof ChromaNotFoundError) return undefined;
        throw error;
      }
    }
    this.handles.set(name, handle);
    return handle;
  }

  private async ensureReachable(): Promise<void> {
    if (this.reachable) return;
    try {
      const response = await fetch(new URL('/api/v2/heartbeat', this.url), { signal: AbortSignal.timeout(this.connectTimeoutMs) });
      await response.body?.cancel();
      if (!response.ok) throw new Error(`heartbeat answered HTTP ${response.status}`);
      this.reachable = true;
    } catch (error) {
      throw this.unreachable(error);
    }
  }

  private unreachable(cause: unknown): IndexUnavailableError {
    const origin = this.url.origin;
    return this.source === 'managed'
      ? new IndexUnavailableError(
          `The local Chroma server at ${origin} is unreachable.`,
          cause,
          'Run the command again to restart it (its log is chroma-server.log in the data folder), or set CHROMA_URL to another Chroma server.',
          { retryable: true },
        )
      : new IndexUnavailableError(
          `Chroma at ${origin} is unreachable: start it, fix CHROMA_URL, or unset CHROMA_URL to use the managed local server.`,
          cause,
          'Start Chroma, fix CHROMA_URL, or unset CHROMA_URL to use the managed local server.',
          { retryable: true },
        );
  }

  private wrap(error: unknown, what: string): AppError {
    if (AppError.isInstance(error)) return error;
    const name = (error as { name?: string } | null)?.name;
    if (name === 'ChromaConnectionError') {
      this.reachable = false;
      this.handles.clear();
      return this.unreachable(error);
    }
    const message = error instanceof Error ? error.message : String(error);
    return new IndexUnavailableError(`Chroma at ${this.url.origin} failed to ${what}: ${message}`, error, 'Check the Chroma server log; `smm reindex` rebuilds the index from the database.');
  }
}
