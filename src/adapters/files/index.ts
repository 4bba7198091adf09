// The surface of src/adapters/files: what other layers may import from this folder
// (lint rule smm/layer-surfaces, docs/ARCHITECTURE.md). Files of the same layer import its files directly.
export { openExportSource } from './open-export-source.js';
