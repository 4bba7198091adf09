import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../../../test/fakes/memory-storage.js';
import { ApiKeyService } from './api-key-service.js';

function setup() {
  let counter = 0;
  const storage = new MemoryStorage();
  const service = new ApiKeyService({
    keys: storage.apiKeys,
    clock: { now: () => new Date('2026-01-01T00:00:00Z') },
    crypto: { hash: (secret) => `h:${secret}`, randomToken: (length) => String(++counter).padStart(length, 'a') },
  });
  return { storage, service };
}

describe('ApiKeyService.revoke', () => {
  it('revokes by name, by prefix or by id (spaces around it ignored), and returns the key as revoked', async () => {
    const { service } = setup();
    const first = await service.create({ name: 'one', workspace: 'team' });
    const second = await service.create({ name: 'two', workspace: 'team' });
    const third = await service.create({ name: 'three', workspace: 'team' });
    const byName = await service.revoke(' one ');
    expect(byName).toMatchObject({ id: first.info.id, revokedAt: expect.any(String) });
    expect(byName).not.toHaveProperty('hash');
    expect((await service.revoke(second.info.prefix)).id).toBe(second.info.id);
    expect((await service.revoke(` ${third.info.id} `)).revokedAt).not.toBeNull();
    expect(await service.countActive()).toBe(0);
  });

  it('reads a whole number as an id, however many digits, and anything else as a name', async () => {
    const { service } = setup();
    const created = [];
    for (let index = 1; index <= 12; index += 1) created.push(await service.create({ name: `key-${index}`, workspace: 'team' }));
    const named = await service.create({ name: '3rd', workspace: 'team' });
    const otherNamed = await service.create({ name: 'v3', workspace: 'team' });
    // Number() reads "1e1" as 10: a name that only looks numeric must not revoke key 10.
    const exponent = await service.create({ name: '1e1', workspace: 'team' });
    expect((await service.revoke('1e1')).id).toBe(exponent.info.id);
    expect((await service.revoke('12')).name).toBe('key-12');
    expect((await service.revoke('3rd')).id).toBe(named.info.id);
    expect((await service.revoke('v3')).id).toBe(otherNamed.info.id);
    expect((await service.list()).filter((key) => key.revokedAt !== null).map((key) => key.name).sort()).toEqual(['1e1', '3rd', 'key-12', 'v3']);
  });

  it('picks the active key among keys of one name, and says so when several match', async () => {
    const { service } = setup();
    const old = await service.create({ name: 'webui', workspace: 'team' });
    await service.revoke('webui');
    const current = await service.create({ name: 'webui', workspace: 'team' });
    expect((await service.revoke('webui')).id).toBe(current.info.id);
    const error = await service.revoke('webui').catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'invalid_input', message: 'Several keys are named "webui".', hint: `Pass the id instead: ${old.info.id}, ${current.info.id}.` });
  });

  it('returns a key revoked already as it was, without revoking it again', async () => {
    const { service, storage } = setup();
    const key = await service.create({ name: 'once', workspace: 'team' });
    const revoked = await service.revoke('once');
    const revokeCalls: number[] = [];
    const revokeInStorage = storage.apiKeys.revoke.bind(storage.apiKeys);
    storage.apiKeys.revoke = async (id) => {
      revokeCalls.push(id);
      await revokeInStorage(id);
    };
    const again = await service.revoke(String(key.info.id));
    expect(again).toEqual(revoked);
    expect(revokeCalls).toEqual([]);
    expect(storage.apiKeyRows.get(key.info.id)?.revokedAt).toBe(revoked.revokedAt);
  });

  it('looks only in the given workspace and names the way to find a key when none matches', async () => {
    const { service } = setup();
    await service.create({ name: 'webui', workspace: 'team' });
    const error = await service.revoke('webui', 'other').catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'not_found', details: { entity: 'api_key', key: 'webui' } });
    expect((error as { hint: string }).hint).toContain('smm keys list');
    expect(await service.countActive()).toBe(1);
  });

  it('allows a new key with the name of a revoked one, but not of an active one', async () => {
    const { service } = setup();
    const first = await service.create({ name: 'webui', workspace: 'team' });
    const conflict = await service.create({ name: 'webui', workspace: 'team' }).catch((caught: unknown) => caught);
    expect(conflict).toMatchObject({
      code: 'conflict',
      message: 'An active API key named "webui" already exists in workspace "team".',
      hint: `Pick another name, or revoke the old one with \`smm keys revoke ${first.info.id}\`.`,
      details: { id: first.info.id },
    });
    await service.revoke('webui');
    expect((await service.create({ name: 'webui', workspace: 'team' })).info.name).toBe('webui');
  });

  it('refuses a name or workspace that is not valid, naming which', async () => {
    const { service } = setup();
    await expect(service.create({ name: '  ', workspace: 'team' })).rejects.toThrow('Invalid key name: key name: A key name is required, e.g. "open-webui"');
    await expect(service.create({ name: 'x'.repeat(101), workspace: 'team' })).rejects.toThrow('A key name is at most 100 characters');
    await expect(service.create({ name: 'ok', workspace: 'not a name' })).rejects.toThrow(/^Invalid workspace: workspace: /);
  });
});
