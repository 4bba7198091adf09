import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { CompiledQueries } from '../compiled-queries.js';
import type { Database } from '../database-schema.js';
import { prepareHotQueries } from './postgres-prepared.js';

/** The real server, as the storage suites use it; skipped with the reason when none answers and no URL was given. */
const explicitUrl = process.env.SMM_TEST_PG_URL;
const url = explicitUrl ?? 'postgres://postgres@127.0.0.1:5432/test';

async function probe(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

const unreachable = explicitUrl ? undefined : await probe();
if (unreachable) console.warn(`postgres-prepared tests skipped: no PostgreSQL at ${url} (${unreachable}); set SMM_TEST_PG_URL to run them.`);

describe.skipIf(Boolean(unreachable))('prepareHotQueries (PostgreSQL)', () => {
  // One connection, so the session that prepared is the one asked.
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  prepareHotQueries(pool);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  afterAll(async () => {
    await db.destroy();
  });

  const prepared = async () =>
    (await sql<{ statement: string }>`select statement from pg_prepared_statements where name like 'smm\\_%'`.execute(db)).rows.map((row) => row.statement);

  it('prepares a compiled query once per connection and answers each run with its own values', async () => {
    const queries = new CompiledQueries(db);
    const run = (value: number) => queries.rows('numbers.plus', (slot) => db.selectNoFrom(sql<number>`${slot(0)}::int + 1`.as('next')), [value]);
    expect(await run(1)).toEqual([{ next: 2 }]);
    expect(await run(41)).toEqual([{ next: 42 }]);
    expect(await run(-7)).toEqual([{ next: -6 }]);
    const statements = await prepared();
    expect(statements.filter((statement) => statement.includes('+ 1'))).toHaveLength(1);
  });

  it('leaves every other query unprepared', async () => {
    const before = await prepared();
    await sql`select ${'not compiled'}::text as value`.execute(db);
    await db.selectNoFrom(sql<number>`${5}::int * 2`.as('double')).execute();
    expect(await prepared()).toEqual(before);
  });
});
