import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStorage } from '../src/adapters/storage/open-storage.js';
import type { Storage } from '../src/core/ports.js';
import { postgresScratch } from './helpers/postgres-scratch.js';
import { profileFields } from './storage-contract-fixtures.js';

/**
 * Profiles and API keys are kept in memory (catalogue-cache.ts); a change by
 * this process shows at once, and so does one by another process on SQLite
 * (triggers raise a counter) and, as soon as the notification arrives, on
 * PostgreSQL (NOTIFY). Two Storage objects on one database stand for two processes.
 */
const folder = mkdtempSync(path.join(tmpdir(), 'smm-catalogue-'));
let counter = 0;
const { down: pgDown, schemaUrl } = await postgresScratch('Catalogue cache on PostgreSQL');
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function openPair(kind: 'sqlite' | 'postgres'): Promise<[Storage, Storage]> {
  if (kind === 'sqlite') {
    const sqlitePath = path.join(folder, `db-${(counter += 1)}.sqlite`);
    const first = await openStorage({ sqlitePath });
    return [first, await openStorage({ sqlitePath })];
  }
  const { url } = await schemaUrl();
  const first = await openStorage({ url });
  // A server reads its change token first, which starts the listener that the cache needs on PostgreSQL.
  first.changeToken().current();
  return [first, await openStorage({ url })];
}

/** Asks until `read` gives what `done` wants: a notification from another connection arrives when it arrives. */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    const value = await read();
    if (done(value) || attempt >= 200) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

for (const kind of ['sqlite', 'postgres'] as const) {
  describe.skipIf(kind === 'postgres' && pgDown)(`catalogue cache: ${kind}`, () => {
    it("shows this process's own profile changes at once", async () => {
      const [storage, other] = await openPair(kind);
      try {
        const created = await storage.profiles.create('default', profileFields('acme'));
        // Twice: the second answer comes from memory once the listener is up.
        await eventually(() => storage.profiles.findByHandle('default', 'acme'), (found) => found?.id === created.id);
        expect((await storage.profiles.findByHandle('default', 'acme'))?.displayName).toBe('Display acme');
        await storage.profiles.update(created.id, { ...profileFields('acme'), displayName: 'Renamed' });
        expect((await storage.profiles.findByHandle('default', 'acme'))?.displayName).toBe('Renamed');
        await storage.profiles.delete(created.id);
        expect(await storage.profiles.findByHandle('default', 'acme')).toBeUndefined();
        expect(await storage.profiles.findById(created.id)).toBeUndefined();
      } finally {
        await Promise.all([storage.close(), other.close()]);
      }
    });

    it("shows another process's profile rename and key revocation", async () => {
      const [storage, other] = await openPair(kind);
      try {
        const created = await storage.profiles.create('default', profileFields('acme'));
        const key = await storage.apiKeys.create({ name: 'k', workspace: 'default', prefix: 'abcdefghij', hash: 'h' });
        // Warm this process's memory (and its listener).
        await eventually(() => storage.apiKeys.findByPrefix('abcdefghij'), (found) => found?.id === key.id);
        await storage.profiles.findByHandle('default', 'acme');
        await storage.profiles.findByHandle('default', 'acme');

        await other.profiles.update(created.id, { ...profileFields('acme'), displayName: 'Renamed elsewhere' });
        await other.apiKeys.revoke(key.id);
        const read = async () => ({
          name: (await storage.profiles.findByHandle('default', 'acme'))?.displayName,
          revokedAt: (await storage.apiKeys.findByPrefix('abcdefghij'))?.revokedAt,
        });
        // SQLite sees the counter from the event loop's next turn (one read of it serves a whole turn); PostgreSQL when the notification lands.
        const seen =
          kind === 'sqlite'
            ? await new Promise<void>((resolve) => setImmediate(resolve)).then(read)
            : await eventually(read, (value) => value.name === 'Renamed elsewhere' && value.revokedAt != null);
        expect(seen.name).toBe('Renamed elsewhere');
        expect(seen.revokedAt).not.toBeNull();
      } finally {
        await Promise.all([storage.close(), other.close()]);
      }
    });

    it('a key used again (last_used_at) keeps the cache, a revocation does not', async () => {
      const [storage, other] = await openPair(kind);
      try {
        const key = await storage.apiKeys.create({ name: 'k', workspace: 'default', prefix: 'klmnopqrst', hash: 'h' });
        // last_used_at is not part of what verifies a key: once kept, the record is served while only that changes.
        let touched = '';
        const served = await eventually(
          async () => {
            touched = new Date(Date.parse('2026-01-01T00:00:00Z') + (counter += 1) * 1000).toISOString();
            await other.apiKeys.touch(key.id, touched);
            return storage.apiKeys.findByPrefix('klmnopqrst');
          },
          (found) => found !== undefined && found.lastUsedAt !== touched,
        );
        expect(served?.lastUsedAt).not.toBe(touched);
        await storage.apiKeys.revoke(key.id);
        expect((await storage.apiKeys.findByPrefix('klmnopqrst'))?.revokedAt).not.toBeNull();
      } finally {
        await Promise.all([storage.close(), other.close()]);
      }
    });
  });
}
