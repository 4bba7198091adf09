import { IndexUnavailableError } from '../../core/errors.js';
import { lazy, type Lazy } from '../../core/lazy.js';
import type { Platform } from '../../core/platforms/index.js';
import type { ProfileVector, VectorCollection, VectorHit, VectorIndex, VectorRecord } from '../../core/ports.js';
import { ensureChromaServer, type ChromaServerHandle, type ChromaServerOptions } from './chroma-server.js';
import { ChromaVectorIndex } from './chroma-vector-index.js';

export interface VectorIndexOptions {
  /** "memory" for tests and throwaway runs; default "chroma". */
  kind?: 'chroma' | 'memory';
  /** CHROMA_URL: an existing Chroma server or cluster. Unset: the managed local server under dataDir. */
  chromaUrl?: string;
  /** The app's data folder (for the managed server). */
  dataDir: string;
  /** Passed to the managed server (port, timeouts). */
  server?: Omit<ChromaServerOptions, 'dataDir'>;
}

/**
 * The managed local Chroma server behind a VectorIndex: started on first
 * use (commands that need no vectors never pay for it), started again once
 * if it died, and stopped by close() when this process started it.
 */
class ManagedChromaVectorIndex implements VectorIndex {
  readonly kind = 'chroma';
  private readonly server: Lazy<{ handle: ChromaServerHandle; index: ChromaVectorIndex }>;

  constructor(options: ChromaServerOptions) {
    this.server = lazy(async () => {
      const handle = await ensureChromaServer(options);
      return { handle, index: new ChromaVectorIndex({ url: handle.url, source: 'managed' }) };
    });
  }

  upsert(collection: VectorCollection, records: readonly VectorRecord[]): Promise<void> {
    return this.run((index) => index.upsert(collection, records));
  }
  delete(collection: VectorCollection, postIds: readonly number[]): Promise<void> {
    return this.run((index) => index.delete(collection, postIds));
  }
  query(collection: VectorCollection, request: { embedding: number[]; k: number; profileId: number; platform?: Platform }): Promise<VectorHit[]> {
    return this.run((index) => index.query(collection, request));
  }
  getEmbeddings(collection: VectorCollection, postIds: readonly number[]): Promise<Map<number, number[]>> {
    return this.run((index) => index.getEmbeddings(collection, postIds));
  }
  profileVectors(collection: VectorCollection, profileId: number, limit: number): Promise<ProfileVector[] | undefined> {
    return this.run((index) => index.profileVectors(collection, profileId, limit));
  }
  count(collection: VectorCollection, profileId?: number): Promise<number> {
    return this.run((index) => index.count(collection, profileId));
  }
  drop(collection: VectorCollection): Promise<void> {
    return this.run((index) => index.drop(collection));
  }
  ping(): Promise<void> {
    return this.run((index) => index.ping());
  }

  async close(): Promise<void> {
    const current = await this.server.current();
    this.server.reset();
    await current?.index.close();
    await current?.handle.stop();
  }

  /** The URL of the running server, once started (for `smm doctor`). */
  async url(): Promise<string> {
    return (await this.server.get()).handle.url;
  }

  private async run<T>(work: (index: ChromaVectorIndex) => Promise<T>): Promise<T> {
    const started = await this.server.get();
    try {
      return await work(started.index);
    } catch (error) {
      if (!(error instanceof IndexUnavailableError) || !error.retryable) throw error;
      // The server died under us: start it once more (a new one if its state is stale) and retry.
      if (this.server.peek() === started) {
        this.server.reset();
        await started.handle.stop().catch(() => undefined);
      }
      return work((await this.server.get()).index);
    }
  }
}

/** The vector index the config asks for: memory, CHROMA_URL, or the managed local Chroma server. */
export async function openVectorIndex(options: VectorIndexOptions): Promise<VectorIndex> {
  if (options.kind === 'memory') {
    const { MemoryVectorIndex } = await import('./memory-vector-index.js');
    return new MemoryVectorIndex();
  }
  if (options.chromaUrl) return new ChromaVectorIndex({ url: options.chromaUrl, source: 'url' });
  return new ManagedChromaVectorIndex({ ...options.server, dataDir: options.dataDir });
}
