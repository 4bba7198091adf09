/** The API key service lives in the app layer (src/app/api-keys.ts), where the CLI and the server both take it from. */
export { apiKeyServiceFor, nodeKeyCrypto } from '../../app/api-keys.js';
