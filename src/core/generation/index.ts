// The surface of src/core/generation: what other layers may import from this folder
// (lint rule smm/layer-surfaces, docs/ARCHITECTURE.md). Files of the same layer import its files directly.
export { GenerateRequestSchema, RewriteRequestSchema } from './generation-request-schema.js';
export type { GeneratedVariant, GenerationResult, GenerationService } from './generation-service.js';

// Parts loaded on first use (each its own chunk in the CLI bundle), so that importing this index stays cheap.
export const loadGenerationService = async () => { const { GenerationService } = await import('./generation-service.js'); return { GenerationService }; };
export const loadExampleRetrieval = async () => { const { ExampleRetrieval } = await import('./example-retrieval.js'); return { ExampleRetrieval }; };
