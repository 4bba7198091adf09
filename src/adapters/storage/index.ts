// The surface of src/adapters/storage: what other layers may import from this folder
// (lint rule smm/layer-surfaces, docs/ARCHITECTURE.md). Files of the same layer import its files directly.
export { openStorage } from './open-storage.js';
