// The surface of src/core/indexing: what other layers may import from this folder
// (lint rule smm/layer-surfaces, docs/ARCHITECTURE.md). Files of the same layer import its files directly.
export { CachedVectorIndex } from './cached-vector-index.js';
export { cosineDistance } from './cosine-ranking.js';
export { measureIndexCoverage } from './index-coverage.js';
export type { IndexSyncService } from './index-sync-service.js';

// Parts loaded on first use (each its own chunk in the CLI bundle), so that importing this index stays cheap.
export const loadIndexSyncService = async () => { const { IndexSyncService } = await import('./index-sync-service.js'); return { IndexSyncService }; };
