// The surface of src/core/learning: what other layers may import from this folder
// (lint rule smm/layer-surfaces, docs/ARCHITECTURE.md). Files of the same layer import its files directly.
export { EditLearningService } from './edit-learning-service.js';
export type { GuidanceView } from './edit-learning-service.js';
export type { EditPair } from './edit-pair.js';
