import { describe, expect, it } from 'vitest';
import { openStorage } from '../src/adapters/storage/open-storage.js';
import type { ChangeToken } from '../src/core/ports.js';
import { postgresScratch } from './helpers/postgres-scratch.js';
import { profileFields } from './storage-contract-fixtures.js';

/**
 * PostgreSQL's change token (the signal that lets a server reuse answers):
 * raised by NOTIFY from a trigger on every table when another process
 * commits, and at once by this process's own writes.
 */
const { down: pgDown, admin, schemaUrl } = await postgresScratch('PostgreSQL change token');

/** Asks until the token is known (its listener connected) or differs from `from`. */
async function until(token: ChangeToken, done: (value: number | undefined) => boolean): Promise<number | undefined> {
  for (let attempt = 0; attempt < 400; attempt += 1) {
    const value = token.current();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return token.current();
}

describe.skipIf(pgDown)('PostgreSQL change token', () => {
  it('every table notifies its changes (a table added later needs addDataTrigger)', async () => {
    const { url, schema } = await schemaUrl();
    const storage = await openStorage({ url });
    await storage.close();
    const { rows } = await admin.query<{ name: string; triggered: boolean }>(
      `select t.tablename as name,
              exists (select 1 from pg_trigger g join pg_class c on c.oid = g.tgrelid join pg_namespace n on n.oid = c.relnamespace
                      where n.nspname = t.schemaname and c.relname = t.tablename and g.tgname = t.tablename || '_changed') as triggered
       from pg_tables t where t.schemaname = $1 and t.tablename not like 'kysely%'`,
      [schema],
    );
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.filter((row) => !row.triggered).map((row) => row.name)).toEqual([]);
  });

  it('changes at once on own writes, when another process commits, and not on reads', async () => {
    const { url } = await schemaUrl();
    const [storage, other] = [await openStorage({ url }), await openStorage({ url })];
    const token = storage.changeToken();
    try {
      const first = await until(token, (value) => value !== undefined);
      expect(first).toBeDefined();
      await storage.profiles.list('default');
      expect(token.current()).toBe(first);

      const profile = await storage.profiles.create('default', profileFields('acme'));
      const afterOwn = token.current();
      expect(afterOwn).not.toBe(first);

      // Let our own write's notification land, so what follows is the other process's.
      const settled = await until(token, (value) => value !== afterOwn);
      await other.profiles.update(profile.id, { ...profileFields('acme'), displayName: 'Elsewhere' });
      expect(await until(token, (value) => value !== settled)).not.toBe(settled);
    } finally {
      token.close();
      await Promise.all([storage.close(), other.close()]);
    }
  });
});
