import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../../../test/fakes/memory-storage.js';
import { ApiKeyService, type ApiKeyCrypto } from './api-key-service.js';

/** Like node:crypto's timingSafeEqual: it throws when the lengths differ. */
function strictTimingSafeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) throw new RangeError('Input buffers must have the same byte length');
  return a === b;
}

function setup(timingSafeEqual?: ApiKeyCrypto['timingSafeEqual']) {
  let counter = 0;
  let now = new Date('2026-01-01T00:00:00Z');
  const storage = new MemoryStorage();
  const crypto: ApiKeyCrypto = { hash: (secret) => `h:${secret}`, randomToken: (length) => String(++counter).padStart(length, 'a') };
  if (timingSafeEqual) crypto.timingSafeEqual = timingSafeEqual;
  const service = new ApiKeyService({ keys: storage.apiKeys, clock: { now: () => now }, crypto });
  return { storage, service, advance: (ms: number) => (now = new Date(now.getTime() + ms)) };
}

describe('ApiKeyService.verify', () => {
  it('accepts the key with spaces around it, and only the whole key', async () => {
    const { service } = setup();
    const { key, info } = await service.create({ name: 'webui', workspace: 'team' });
    expect((await service.verify(` ${key}\n`)).id).toBe(info.id);
    for (const token of [`x${key}`, `${key}x`, `Bearer ${key}`, key.slice(0, -1)]) {
      await expect(service.verify(token)).rejects.toMatchObject({ code: 'unauthorized', message: 'The API key is malformed.' });
    }
  });

  it('says whether a key is unknown, wrong or revoked', async () => {
    const { service } = setup();
    const { key } = await service.create({ name: 'webui', workspace: 'team' });
    const [, prefix, secret] = key.split('_') as [string, string, string];
    const wrongSecret = `smm_${prefix}_${secret.slice(0, -1)}${secret.endsWith('b') ? 'c' : 'b'}`;
    await expect(service.verify(wrongSecret)).rejects.toMatchObject({ code: 'unauthorized', message: 'The API key is not valid.' });
    await expect(service.verify(`smm_${'z'.repeat(10)}_${secret}`)).rejects.toMatchObject({ message: 'The API key is not valid.' });
    await service.revoke('webui');
    await expect(service.verify(key)).rejects.toMatchObject({
      code: 'unauthorized',
      message: 'This API key was revoked.',
      hint: 'Create a new one with `smm keys create --name <name>`.',
    });
  });

  it('with the platform’s comparison: refuses a wrong secret, and a stored hash of another length without throwing', async () => {
    const { service, storage } = setup(strictTimingSafeEqual);
    const { key, info } = await service.create({ name: 'webui', workspace: 'team' });
    expect((await service.verify(key)).id).toBe(info.id);
    const [, prefix, secret] = key.split('_') as [string, string, string];
    await expect(service.verify(`smm_${prefix}_${'Q'.repeat(secret.length)}`)).rejects.toMatchObject({ code: 'unauthorized' });
    await expect(service.verify(`smm_${'z'.repeat(10)}_${secret}`)).rejects.toMatchObject({ code: 'unauthorized' });
    storage.apiKeyRows.set(info.id, { ...storage.apiKeyRows.get(info.id)!, hash: 'h:short' });
    await expect(service.verify(key)).rejects.toMatchObject({ code: 'unauthorized', message: 'The API key is not valid.' });
  });

  it('writes the last use again once a full minute has passed', async () => {
    const { service, storage, advance } = setup();
    const { key, info } = await service.create({ name: 'webui', workspace: 'team' });
    await service.verify(key);
    expect(storage.apiKeyRows.get(info.id)?.lastUsedAt).toBe('2026-01-01T00:00:00.000Z');
    advance(59_999);
    await service.recordUse(info.id);
    expect(storage.apiKeyRows.get(info.id)?.lastUsedAt).toBe('2026-01-01T00:00:00.000Z');
    advance(1);
    await service.recordUse(info.id);
    expect(storage.apiKeyRows.get(info.id)?.lastUsedAt).toBe('2026-01-01T00:01:00.000Z');
  });
});
