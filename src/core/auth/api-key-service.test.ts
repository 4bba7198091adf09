import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import type { ApiKeyRecord, ApiKeyRepository } from '../ports.js';
import { ApiKeyService, constantTimeEqual, type ApiKeyCrypto } from './api-key-service.js';

class MemoryKeys implements ApiKeyRepository {
  readonly rows: ApiKeyRecord[] = [];
  readonly touches: Array<[number, string]> = [];
  async create(key: { name: string; workspace: string; prefix: string; hash: string }): Promise<ApiKeyRecord> {
    const record = { ...key, id: this.rows.length + 1, createdAt: '2026-01-01T00:00:00.000Z', lastUsedAt: null, revokedAt: null };
    this.rows.push(record);
    return record;
  }
  async findByPrefix(prefix: string) {
    return this.rows.find((row) => row.prefix === prefix);
  }
  async list(workspace?: string) {
    return this.rows.filter((row) => workspace === undefined || row.workspace === workspace);
  }
  async revoke(id: number) {
    const row = this.rows.find((item) => item.id === id);
    if (row) row.revokedAt = '2026-01-02T00:00:00.000Z';
  }
  async touch(id: number, at: string) {
    this.touches.push([id, at]);
  }
  async countActive() {
    return this.rows.filter((row) => row.revokedAt === null).length;
  }
}

let counter = 0;
const crypto: ApiKeyCrypto = {
  // Reversible on purpose: the test can check that the stored value is not the secret.
  hash: (secret) => `h:${[...secret].reverse().join('')}`,
  randomToken: (length) => String(++counter).padStart(length, 'a'),
};

function setup(now = new Date('2026-01-01T00:00:00Z')) {
  const keys = new MemoryKeys();
  const clock = { now: () => now };
  return { keys, clock, service: new ApiKeyService({ keys, clock, crypto }) };
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('ApiKeyService', () => {
  it('prints the key once and stores only a hash of its secret', async () => {
    const { keys, service } = setup();
    const { key, info } = await service.create({ name: 'open-webui', workspace: 'Team' });
    expect(key).toMatch(/^smm_[A-Za-z0-9]{10}_[A-Za-z0-9]{40}$/);
    const secret = key.split('_')[2]!;
    expect(keys.rows[0]!.hash).not.toContain(secret);
    expect(info).not.toHaveProperty('hash');
    expect(info.workspace).toBe('team');
    expect((await service.verify(key)).id).toBe(info.id);
  });

  it('rejects malformed, unknown and wrong keys with 401-style errors that say what to do', async () => {
    const { service } = setup();
    const { key } = await service.create({ name: 'a', workspace: 'default' });
    const malformed = await rejection(service.verify('nope'));
    expect(malformed.code).toBe('unauthorized');
    expect(malformed.hint).toContain('Bearer');
    const wrongSecret = key.slice(0, -1) + (key.endsWith('x') ? 'y' : 'x');
    expect(await rejection(service.verify(wrongSecret))).toMatchObject({
      code: 'unauthorized',
      message: 'The API key is not valid.',
      hint: 'Check the key, or create a new one with `smm keys create --name <name>`.',
    });
    const unknownPrefix = `smm_${'z'.repeat(10)}_${key.split('_')[2]}`;
    expect((await rejection(service.verify(unknownPrefix))).code).toBe('unauthorized');
  });

  it('revokes by id or name, after which the key no longer verifies', async () => {
    const { service } = setup();
    const first = await service.create({ name: 'first', workspace: 'default' });
    const second = await service.create({ name: 'second', workspace: 'default' });
    expect(await service.countActive()).toBe(2);
    await service.revoke('first');
    await service.revoke(String(second.info.id));
    expect(await service.countActive()).toBe(0);
    expect((await rejection(service.verify(first.key))).message).toContain('revoked');
    expect((await rejection(service.revoke('nobody'))).code).toBe('not_found');
  });

  it('refuses two active keys with one name in a workspace', async () => {
    const { service } = setup();
    await service.create({ name: 'dup', workspace: 'default' });
    expect((await rejection(service.create({ name: 'dup', workspace: 'default' }))).code).toBe('conflict');
    await service.create({ name: 'dup', workspace: 'other' });
    expect((await rejection(service.create({ name: ' ', workspace: 'default' }))).code).toBe('invalid_input');
  });

  it('records last use at most once a minute', async () => {
    const { keys, service } = setup();
    const { key } = await service.create({ name: 'a', workspace: 'default' });
    await service.verify(key);
    await service.verify(key);
    expect(keys.touches).toHaveLength(1);
  });
});

describe('constantTimeEqual', () => {
  it('compares by value and length', () => {
    expect(constantTimeEqual('abc', 'abc')).toBe(true);
    expect(constantTimeEqual('abc', 'abd')).toBe(false);
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
    expect(constantTimeEqual('', '')).toBe(true);
  });
});
