// The surface of src/adapters/embeddings: what other layers may import from this folder
// (lint rule smm/layer-surfaces, docs/ARCHITECTURE.md). Files of the same layer import its files directly.
// Parts loaded on first use (each its own chunk in the CLI bundle), so that importing this index stays cheap.
export const loadCreateEmbedder = async () => { const { createEmbedder, parseEmbedderSpec } = await import('./create-embedder.js'); return { createEmbedder, parseEmbedderSpec }; };
