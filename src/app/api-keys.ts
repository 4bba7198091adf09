import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import type { App } from './create-app.js';
import { ApiKeyService, type ApiKeyCrypto } from '../core/auth/index.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** node:crypto for the API key service: sha256, a CSPRNG, and the platform's constant-time compare. */
export const nodeKeyCrypto: ApiKeyCrypto = {
  hash: (secret) => createHash('sha256').update(secret, 'utf8').digest('hex'),
  randomToken: (length) => Array.from({ length }, () => ALPHABET[randomInt(ALPHABET.length)]).join(''),
  timingSafeEqual: (a, b) => timingSafeEqual(Buffer.from(a), Buffer.from(b)),
};

/** The API key service over the app's storage. */
export function apiKeyServiceFor(app: Pick<App, 'storage' | 'clock'>): ApiKeyService {
  return new ApiKeyService({ keys: app.storage.apiKeys, clock: app.clock, crypto: nodeKeyCrypto });
}
