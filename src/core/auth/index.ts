// The surface of src/core/auth: what other layers may import from this folder
// (lint rule smm/layer-surfaces, docs/ARCHITECTURE.md). Files of the same layer import its files directly.
export { ApiKeyService } from './api-key-service.js';
export type { ApiKeyCrypto, ApiKeyInfo } from './api-key-service.js';
