import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStorage } from '../../adapters/storage/open-storage.js';
import { nodeKeyCrypto } from '../../app/api-keys.js';
import { ApiKeyService, type ApiKeyInfo } from '../../core/auth/api-key-service.js';
import { AppError } from '../../core/errors.js';
import type { ChangeToken, Storage } from '../../core/ports.js';
import { authenticate, OPENWEBUI_USER_HEADER, VerifiedKeys } from './request-auth.js';

/** The real key service, counting how often it is asked to check a secret against the database. */
class CountingKeys extends ApiKeyService {
  verifications = 0;
  override verify(token: string): Promise<ApiKeyInfo> {
    this.verifications += 1;
    return super.verify(token);
  }
}

const folder = mkdtempSync(path.join(tmpdir(), 'smm-request-auth-'));
let storage: Storage;
let now = new Date('2026-03-01T09:00:00Z');
const clock = { now: () => now };
let service: CountingKeys;
let keyA: string;
let keyB: string;

beforeAll(async () => {
  storage = await openStorage({ sqlitePath: path.join(folder, 'smm.sqlite') });
  service = new CountingKeys({ keys: storage.apiKeys, clock, crypto: nodeKeyCrypto });
  keyA = (await service.create({ name: 'open-webui', workspace: 'acme' })).key;
  keyB = (await service.create({ name: 'cron', workspace: 'globex' })).key;
});
afterAll(async () => {
  await storage.close();
  rmSync(folder, { recursive: true, force: true });
});

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

const unchanged: ChangeToken = { current: () => 1, close: () => undefined };

describe('authenticate', () => {
  it('asks for a key when there is none, and for a Bearer token when the header is something else', async () => {
    const keys = new VerifiedKeys(service, unchanged);
    const missing = await rejection(authenticate({}, keys, false));
    expect(missing.code).toBe('unauthorized');
    expect(missing.message).toBe('This endpoint needs an API key.');
    expect(missing.hint).toContain('Authorization: Bearer <key>');
    for (const header of [`Basic ${keyA}`, 'Bearer', 'Bearer ', `Bearer ${keyA} extra`, `xBearer ${keyA}`, keyA]) {
      const wrong = await rejection(authenticate({ authorization: header }, keys, false));
      expect(wrong.code, header).toBe('unauthorized');
      expect(wrong.message, header).toBe('The Authorization header is not a Bearer token.');
    }
  });

  it('accepts the scheme in any case, with spaces around the key, and the first of repeated headers', async () => {
    const keys = new VerifiedKeys(service, unchanged);
    for (const authorization of [`Bearer ${keyA}`, `bearer ${keyA}`, `BEARER   ${keyA}  `, [`Bearer ${keyA}`, `Bearer ${keyB}`]]) {
      const auth = await authenticate({ authorization }, keys, false);
      expect(auth.key.name).toBe('open-webui');
      expect(auth.scope).toEqual({ workspace: 'acme' });
    }
  });

  it('rejects a well-formed header carrying a key that does not exist', async () => {
    const keys = new VerifiedKeys(service, unchanged);
    const forged = `smm_${'A'.repeat(10)}_${'b'.repeat(40)}`;
    expect((await rejection(authenticate({ authorization: `Bearer ${forged}` }, keys, false))).message).toBe('The API key is not valid.');
  });

  it("scopes to the key's workspace, and to Open WebUI's user only when per-user profiles are on", async () => {
    const keys = new VerifiedKeys(service, unchanged);
    const headers = { authorization: `Bearer ${keyB}`, [OPENWEBUI_USER_HEADER]: '  user-7f3a  ' };
    expect((await authenticate(headers, keys, false)).scope).toStrictEqual({ workspace: 'globex' });
    expect((await authenticate(headers, keys, true)).scope).toEqual({ workspace: 'globex', owner: 'openwebui:user-7f3a' });
    const repeated = { authorization: `Bearer ${keyB}`, [OPENWEBUI_USER_HEADER]: ['Zoë', 'mallory'] };
    expect((await authenticate(repeated, keys, true)).scope).toEqual({ workspace: 'globex', owner: 'openwebui:Zoë' });
  });

  it('ignores a user header that is empty, too long or holds control characters, rather than trusting it', async () => {
    const keys = new VerifiedKeys(service, unchanged);
    const scopeFor = async (user: string | undefined) => (await authenticate({ authorization: `Bearer ${keyB}`, [OPENWEBUI_USER_HEADER]: user }, keys, true)).scope;
    expect(await scopeFor('u'.repeat(200))).toEqual({ workspace: 'globex', owner: `openwebui:${'u'.repeat(200)}` });
    for (const user of [undefined, '', '   ', 'u'.repeat(201), 'a\u0000b', 'line\nbreak', 'tab\there', 'del\u007f', '\u001f']) {
      expect(await scopeFor(user), JSON.stringify(user)).toStrictEqual({ workspace: 'globex' });
    }
  });
});

describe('VerifiedKeys', () => {
  it('asks the database once per key while nothing changed, and again once the cache is full', async () => {
    const keys = new VerifiedKeys(service, unchanged, 2);
    const before = service.verifications;
    const asked = () => service.verifications - before;
    expect((await keys.verify(keyA)).workspace).toBe('acme');
    expect((await keys.verify(keyB)).workspace).toBe('globex');
    expect((await keys.verify(keyA)).workspace).toBe('acme');
    expect((await keys.verify(keyB)).workspace).toBe('globex');
    expect(asked()).toBe(2);
    // A third key fills the cache past its limit: it starts over, so A is checked again.
    const keyC = (await service.create({ name: 'third', workspace: 'acme' })).key;
    await keys.verify(keyC);
    expect(asked()).toBe(3);
    await keys.verify(keyA);
    expect(asked()).toBe(4);
  });

  it('never remembers a key when the database cannot say whether it changed', async () => {
    const keys = new VerifiedKeys(service, { current: () => undefined, close: () => undefined });
    const before = service.verifications;
    await keys.verify(keyA);
    await keys.verify(keyA);
    expect(service.verifications - before).toBe(2);
  });

  it('sees a revocation on the very next request, and keeps lastUsedAt fresh for remembered keys', async () => {
    const changes = storage.changeToken();
    try {
      const keys = new VerifiedKeys(service, changes);
      const { key, info } = await service.create({ name: 'soon-revoked', workspace: 'acme' });
      expect((await keys.verify(key)).id).toBe(info.id);
      expect((await keys.verify(key)).id).toBe(info.id);
      const before = service.verifications;
      await keys.verify(key);
      expect(service.verifications).toBe(before);
      now = new Date(now.getTime() + 5 * 60_000);
      await keys.verify(key);
      const listed = (await service.list('acme')).find((item) => item.id === info.id);
      expect(listed?.lastUsedAt).toBe(now.toISOString());
      await service.revoke(String(info.id));
      expect((await rejection(keys.verify(key))).message).toBe('This API key was revoked.');
    } finally {
      changes.close();
    }
  });
});
