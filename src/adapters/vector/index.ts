// The surface of src/adapters/vector: what other layers may import from this folder
// (lint rule smm/layer-surfaces, docs/ARCHITECTURE.md). Files of the same layer import its files directly.
// Parts loaded on first use (each its own chunk in the CLI bundle), so that importing this index stays cheap.
export const loadOpenVectorIndex = async () => { const { openVectorIndex } = await import('./open-vector-index.js'); return { openVectorIndex }; };
