import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompiledQueries } from './compiled-queries.js';
import { migrateToLatest } from './migrations/run-migrations.js';
import { openSqlite } from './sqlite/sqlite-connection.js';
import type { StorageContext } from './storage-context.js';

describe('CompiledQueries (SQLite)', () => {
  let context: StorageContext;

  beforeAll(async () => {
    const { db, handle } = openSqlite(':memory:');
    await migrateToLatest(db, 'sqlite', 'in the compiled-queries test');
    context = { kind: 'sqlite', db, clock: { now: () => new Date() }, sqlite: handle };
    const now = '2026-01-01T00:00:00.000Z';
    for (const name of ['default', 'acme corp', 'ワークスペース']) await db.insertInto('workspaces').values({ name, created_at: now }).execute();
  });
  afterAll(async () => {
    await context.db.destroy();
  });

  const byNames = (queries: CompiledQueries, names: string[]) =>
    queries.rows(
      `workspaces.in:${names.length}`,
      (slot) =>
        context.db
          .selectFrom('workspaces')
          .select('name')
          .where(
            'name',
            'in',
            names.map((_, index) => slot(index)),
          )
          .where('id', '>', 0)
          .orderBy('name'),
      names,
    );

  it('binds each run its own values, and keeps the constants the builder wrote', async () => {
    const queries = new CompiledQueries(context.db);
    expect(await byNames(queries, ['default'])).toEqual([{ name: 'default' }]);
    expect(await byNames(queries, ['ワークスペース'])).toEqual([{ name: 'ワークスペース' }]);
    expect(await byNames(queries, ['acme corp', 'default'])).toEqual([{ name: 'acme corp' }, { name: 'default' }]);
    expect(await byNames(queries, ['nobody'])).toEqual([]);
  });

  it('builds a shape once, then runs it without building again', async () => {
    const queries = new CompiledQueries(context.db);
    let built = 0;
    const run = (name: string) =>
      queries.rows(
        'workspaces.byName',
        (slot) => {
          built += 1;
          return context.db.selectFrom('workspaces').select('name').where('name', '=', slot(0));
        },
        [name],
      );
    for (const name of ['default', 'acme corp', 'default', 'none']) await run(name);
    expect(built).toBe(1);
    expect(await run('acme corp')).toEqual([{ name: 'acme corp' }]);
  });

  it('answers as the same query built each time does, quotes and all', async () => {
    const queries = new CompiledQueries(context.db);
    const tricky = "o'brien \"; drop table workspaces; --";
    await context.db.insertInto('workspaces').values({ name: tricky, created_at: '2026-01-01T00:00:00.000Z' }).execute();
    const compiled = await queries.rows('workspaces.byName', (slot) => context.db.selectFrom('workspaces').select(['id', 'name']).where('name', '=', slot(0)), [tricky]);
    const direct = await context.db.selectFrom('workspaces').select(['id', 'name']).where('name', '=', tricky).execute();
    expect(compiled).toEqual(direct);
    expect(compiled).toHaveLength(1);
    const { rows } = await sql<{ count: number }>`select count(*) as count from workspaces`.execute(context.db);
    expect(rows[0]?.count).toBe(4);
  });

  it('stays bounded: past its size it forgets the shapes and builds them again', async () => {
    const queries = new CompiledQueries(context.db, 2);
    let built = 0;
    const run = (shape: string) =>
      queries.rows(
        shape,
        (slot) => {
          built += 1;
          return context.db.selectFrom('workspaces').select('name').where('name', '=', slot(0));
        },
        ['default'],
      );
    for (const shape of ['a', 'b', 'c', 'a']) expect(await run(shape)).toEqual([{ name: 'default' }]);
    expect(built).toBe(4);
  });
});
