// The surface of src/adapters/llm: what other layers may import from this folder
// (lint rule smm/layer-surfaces, docs/ARCHITECTURE.md). Files of the same layer import its files directly.
export { DEFAULT_MODEL, KNOWN_MODELS, ensureModel, listModels } from './model-files.js';

// Parts loaded on first use (each its own chunk in the CLI bundle), so that importing this index stays cheap.
export const loadCreateChatModel = async () => { const { createChatModel } = await import('./create-chat-model.js'); return { createChatModel }; };
