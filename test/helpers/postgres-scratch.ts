import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll } from 'vitest';
import { skipUnless } from './optional-needs.js';

/** The PostgreSQL server the tests use: SMM_TEST_PG_URL, or the local one. */
export const PG_URL = process.env.SMM_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface PostgresScratch {
  /** Why PostgreSQL tests skip (printed by skipUnless; a failure when CI requires PostgreSQL), or undefined when the server answers. */
  down: string | undefined;
  /** An administrative connection, for looking at what the code under test wrote. */
  admin: pg.Pool;
  /** A new empty schema (dropped after the file's tests) and the URL whose search_path points at it. */
  schemaUrl(): Promise<{ url: string; schema: string }>;
}

/**
 * Scratch schemas on the test PostgreSQL server for one test file: each call
 * of `schemaUrl` gives a fresh schema, all dropped after the file's tests.
 * `what` names the tests in the skip message.
 */
export async function postgresScratch(what: string): Promise<PostgresScratch> {
  const admin = new pg.Pool({ connectionString: PG_URL, max: 1, connectionTimeoutMillis: 2000 });
  admin.on('error', () => undefined);
  const schemas: string[] = [];
  const down = skipUnless(
    what,
    await admin.query('select 1').then(
      () => undefined,
      (error: unknown) => `no server at ${PG_URL} (${error instanceof Error ? error.message : String(error)})`,
    ),
    'Start PostgreSQL or set SMM_TEST_PG_URL.',
  );
  afterAll(async () => {
    for (const schema of schemas) await admin.query(`drop schema if exists ${schema} cascade`).catch(() => undefined);
    await admin.end();
  });
  return {
    down,
    admin,
    async schemaUrl() {
      const schema = `smm_test_${Math.floor(Date.now() / 1000)}_${randomBytes(4).toString('hex')}`;
      await admin.query(`create schema ${schema}`);
      schemas.push(schema);
      const url = new URL(PG_URL);
      url.searchParams.set('options', `-c search_path=${schema}`);
      return { url: url.toString(), schema };
    },
  };
}
