import type { Embedder } from '../../core/ports.js';

/**
 * An embedder whose vector size is learnt from the model: `dimensions` is 0
 * until `ready()` (or the first `embed()`) has asked the model.
 */
export interface DiscoverableEmbedder extends Embedder {
  /** Loads or reaches the model and returns its vector size. */
  ready(signal?: AbortSignal): Promise<number>;
}
