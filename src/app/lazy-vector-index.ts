import { AppError, IndexUnavailableError } from '../core/errors.js';
import type { VectorIndex } from '../core/ports.js';

/**
 * A vector index opened on first use (the managed Chroma server starts only
 * when a command needs vectors). A failure to open is an
 * IndexUnavailableError, so retrieval falls back to full-text search; the
 * next call tries again.
 */
export class LazyVectorIndex implements VectorIndex {
  readonly kind: string;
  private opening: Promise<VectorIndex> | undefined;

  constructor(
    kind: string,
    private readonly open: () => Promise<VectorIndex>,
  ) {
    this.kind = kind;
  }

  private index(): Promise<VectorIndex> {
    this.opening ??= this.open().catch((error: unknown) => {
      this.opening = undefined;
      throw AppError.isInstance(error) ? error : new IndexUnavailableError(`The vector index could not start: ${String((error as Error)?.message ?? error)}`, error, 'Run `smm doctor` for details.');
    });
    return this.opening;
  }

  upsert: VectorIndex['upsert'] = async (...args) => (await this.index()).upsert(...args);
  delete: VectorIndex['delete'] = async (...args) => (await this.index()).delete(...args);
  query: VectorIndex['query'] = async (...args) => (await this.index()).query(...args);
  getEmbeddings: VectorIndex['getEmbeddings'] = async (...args) => (await this.index()).getEmbeddings(...args);
  count: VectorIndex['count'] = async (...args) => (await this.index()).count(...args);
  drop: VectorIndex['drop'] = async (...args) => (await this.index()).drop(...args);
  ping: VectorIndex['ping'] = async () => (await this.index()).ping();

  async close(): Promise<void> {
    const index = await this.opening?.catch(() => undefined);
    this.opening = undefined;
    await index?.close();
  }
}
