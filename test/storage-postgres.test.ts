import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStorage } from '../src/adapters/storage/open-storage.js';
import type { Storage } from '../src/core/ports.js';
import { storageContract } from './storage-contract.js';
import { newPost, profileFields } from './storage-contract-fixtures.js';

/**
 * The contract against a real PostgreSQL. SMM_TEST_PG_URL selects the server
 * (and then an unreachable server fails the run); unset, the local default is
 * used when it answers, else the suite is skipped with the reason printed.
 * Every open gets a fresh schema, so parallel runs never collide.
 */
const explicitUrl = process.env.SMM_TEST_PG_URL;
const baseUrl = explicitUrl ?? 'postgres://postgres@127.0.0.1:5432/test';

async function probe(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

const unreachable = explicitUrl ? undefined : await probe(baseUrl);
const admin = new pg.Pool({ connectionString: baseUrl, max: 2 });
admin.on('error', () => undefined);
const schemas: string[] = [];
const SCHEMA_PREFIX = 'smm_test_';

/** Schemas of runs that were killed before their cleanup, more than an hour ago (the name holds the time). */
async function dropStaleSchemas(): Promise<void> {
  const { rows } = await admin.query<{ name: string }>(`select nspname as name from pg_namespace where nspname like '${SCHEMA_PREFIX}%'`);
  const hourAgo = Math.floor(Date.now() / 1000) - 3600;
  for (const { name } of rows) {
    const created = Number(/^smm_test_(\d+)_/.exec(name)?.[1]);
    if (!Number.isFinite(created) || created < hourAgo) await admin.query(`drop schema if exists ${name} cascade`);
  }
}

async function freshSchemaUrl(): Promise<string> {
  const schema = `${SCHEMA_PREFIX}${Math.floor(Date.now() / 1000)}_${randomBytes(4).toString('hex')}`;
  await admin.query(`create schema ${schema}`);
  schemas.push(schema);
  const url = new URL(baseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

/**
 * The contract wants an empty database per test. Migrating a new schema
 * costs about a second; emptying one already migrated costs milliseconds.
 */
let sharedUrl: string | undefined;
async function emptySharedSchemaUrl(): Promise<string> {
  if (!sharedUrl) {
    sharedUrl = await freshSchemaUrl();
    return sharedUrl;
  }
  const schema = schemas[0]!;
  const { rows } = await admin.query<{ name: string }>(
    `select tablename as name from pg_tables where schemaname = $1 and tablename not like 'kysely_%'`,
    [schema],
  );
  await admin.query(`truncate table ${rows.map((row) => `${schema}.${row.name}`).join(', ')} restart identity cascade`);
  return sharedUrl;
}

afterAll(async () => {
  for (const schema of schemas) await admin.query(`drop schema if exists ${schema} cascade`);
  await admin.end();
});

if (unreachable) {
  console.warn(`PostgreSQL storage tests skipped: no server at ${baseUrl} (${unreachable}). Set SMM_TEST_PG_URL to run them.`);
  describe.skip(`Storage contract: PostgreSQL (skipped: ${unreachable})`, () => {
    it('needs a PostgreSQL server', () => undefined);
  });
} else {
  beforeAll(dropStaleSchemas);
  storageContract('PostgreSQL', async (options) => openStorage({ url: await emptySharedSchemaUrl(), clock: options?.clock }));

  describe('PostgreSQL specifics', () => {
    it('two Storage objects on one database insert at once, both succeed', async () => {
      const url = await freshSchemaUrl();
      const [first, second] = await Promise.all([openStorage({ url }), openStorage({ url })]);
      try {
        const profile = await first.profiles.create('default', profileFields('acme'));
        const batches = [first, second].map((storage, index) =>
          storage.posts.insertMany(profile.id, Array.from({ length: 300 }, (_, n) => newPost({ dedupeKey: `k${n % 200}-${n < 200 ? 'shared' : index}` }))),
        );
        const results = await Promise.all(batches);
        expect(results.reduce((sum, result) => sum + result.inserted, 0)).toBe(400);
        expect(await second.posts.countByProfile(profile.id)).toBe(400);
      } finally {
        await Promise.all([first.close(), second.close()]);
      }
    });

    it('reports a stopped server as storage_unavailable with a hint', async () => {
      const error = await openStorage({ url: 'postgres://postgres@127.0.0.1:1/none' }).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: 'storage_unavailable', hint: expect.stringContaining('SMM_DATABASE_URL') });
    });

    it('hides the password in messages and in the pg_dump hint', async () => {
      const url = new URL(await freshSchemaUrl());
      url.password = 'sup3r-secret';
      let storage: Storage | undefined;
      try {
        storage = await openStorage({ url: url.toString() });
        const error = await storage.backup('/tmp/x.dump').catch((caught: unknown) => caught);
        expect(JSON.stringify({ message: (error as Error).message, hint: (error as { hint: string }).hint })).not.toContain('sup3r-secret');
        expect(error).toMatchObject({ code: 'invalid_input', hint: expect.stringContaining("pg_dump --format=custom --file='/tmp/x.dump'") });
      } finally {
        await storage?.close();
      }
    });
  });
}
