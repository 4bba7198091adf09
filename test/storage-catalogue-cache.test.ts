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
const { down: pgDown, schemaUrl, admin } = await postgresScratch('Catalogue cache on PostgreSQL');
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

describe.skipIf(pgDown)('catalogue cache: postgres listener', () => {
  it('serves nothing stale while its LISTEN connection is cut, then listens again', async () => {
    const { url } = await schemaUrl();
    // Our own application_name, to find this listener's backend among every test's.
    const name = `smm-listener-${process.pid}-${(counter += 1)}`;
    const named = new URL(url);
    named.searchParams.set('application_name', name);
    const storage = await openStorage({ url: named.toString() });
    storage.changeToken().current();
    const other = await openStorage({ url });
    const listeners = async () =>
      Number((await admin.query<{ n: string }>("select count(*) as n from pg_stat_activity where application_name = $1 and query like 'listen %'", [name])).rows[0]!.n);
    const displayName = async () => (await storage.profiles.findByHandle('default', 'acme'))?.displayName;
    try {
      const created = await storage.profiles.create('default', profileFields('acme'));
      const key = await storage.apiKeys.create({ name: 'k', workspace: 'default', prefix: 'uvwxyzabcd', hash: 'h' });
      // Kept in memory: another process's new last_used_at (not part of the catalogue's version) is not seen.
      const kept = async () => {
        const touched = new Date(Date.parse('2026-01-01T00:00:00Z') + (counter += 1) * 1000).toISOString();
        await other.apiKeys.touch(key.id, touched);
        return (await storage.apiKeys.findByPrefix('uvwxyzabcd'))?.lastUsedAt !== touched;
      };
      expect(await eventually(kept, (value) => value)).toBe(true);
      expect(await listeners()).toBe(1);

      const cut = await admin.query("select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1 and query like 'listen %'", [name]);
      expect(cut.rowCount).toBe(1);
      // Down: the token is unknown, so nothing is kept (a reconnection is a second away).
      expect(await eventually(async () => storage.changeToken().current(), (value) => value === undefined)).toBeUndefined();
      expect(await displayName()).toBe('Display acme');
      // Changed while the listener is down: no notification comes, and the change shows at the next read.
      await other.profiles.update(created.id, { ...profileFields('acme'), displayName: 'Renamed while cut' });
      expect(await displayName()).toBe('Renamed while cut');

      // It listens again (a second later), and memory is used again.
      expect(await eventually(listeners, (count) => count === 1)).toBe(1);
      expect(await eventually(kept, (value) => value)).toBe(true);
      await other.profiles.update(created.id, { ...profileFields('acme'), displayName: 'Renamed after' });
      expect(await eventually(displayName, (value) => value === 'Renamed after')).toBe('Renamed after');
    } finally {
      await Promise.all([storage.close(), other.close()]);
    }
  });
});
