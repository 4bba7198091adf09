import { AppError, IndexUnavailableError } from '../core/errors.js';
import { lazy, type Lazy } from '../core/lazy.js';
import type { VectorIndex } from '../core/ports.js';

/**
 * A vector index opened on first use, so commands that need no vectors never
 * load the Chroma client or start its server. A failure to open is an
 * IndexUnavailableError, so retrieval falls back to full-text search; the
 * next call tries again.
 */
export class LazyVectorIndex implements VectorIndex {
  readonly kind: string;
  private readonly opened: Lazy<VectorIndex>;

  constructor(kind: string, open: () => Promise<VectorIndex>) {
    this.kind = kind;
    this.opened = lazy(() =>
      open().catch((error: unknown) => {
        throw AppError.isInstance(error) ? error : new IndexUnavailableError(`The vector index could not start: ${String((error as Error)?.message ?? error)}`, error, 'Run `smm doctor` for details.', { retryable: true });
      }),
    );
  }

  upsert: VectorIndex['upsert'] = async (...args) => (await this.opened.get()).upsert(...args);
  delete: VectorIndex['delete'] = async (...args) => (await this.opened.get()).delete(...args);
  query: VectorIndex['query'] = async (...args) => (await this.opened.get()).query(...args);
  getEmbeddings: VectorIndex['getEmbeddings'] = async (...args) => (await this.opened.get()).getEmbeddings(...args);
  profileVectors: VectorIndex['profileVectors'] = async (...args) => (await this.opened.get()).profileVectors(...args);
  count: VectorIndex['count'] = async (...args) => (await this.opened.get()).count(...args);
  drop: VectorIndex['drop'] = async (...args) => (await this.opened.get()).drop(...args);
  ping: VectorIndex['ping'] = async () => (await this.opened.get()).ping();

  async close(): Promise<void> {
    const index = await this.opened.current();
    this.opened.reset();
    await index?.close();
  }
}
