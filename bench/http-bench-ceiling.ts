/**
 * A reference for the list route without answer reuse (no longer its
 * ceiling: our route reads only row versions and renders only changed
 * posts, this one renders every row on every request): a bare
 * Fastify route that runs one SQL query per request on the same driver (a
 * prepared statement on better-sqlite3; a named prepared statement on a pg
 * pool of the same size as ours), reads the rows as arrays and maps them as
 * our storage does, and sends the same JSON shape. No auth, no validation, no rule check: what
 * this machine can do rendering every row of one query per request.
 */
import Database from 'better-sqlite3';
import Fastify from 'fastify';
import pg from 'pg';
import { toPost, POST_COLUMNS, postRowFromValues } from '../src/adapters/storage/post-rows.js';
import { postView } from '../src/entrypoints/operations/post-operations.js';

const PAGE = 20;
const SELECT = `select ${POST_COLUMNS.map((column) => `"${column}"`).join(', ')} from "posts"`;
const ORDER = 'order by "sort_at" desc, "id" desc';
// The page size is written into the SQL, as smm does (sql-limit.ts): SQLite prepares a statement with a bound LIMIT again on every run.
/** What our route reads on every request: the page's ids, profiles, row versions and sort dates. */
const VERSIONS = 'select "id", "profile_id", "row_version", "sort_at" from "posts"';

function page(rows: unknown[][]): string {
  const posts = rows.slice(0, PAGE).map((values) => ({ ...postView(toPost(postRowFromValues(values))), handle: 'acme', violations: [] }));
  return JSON.stringify({ posts, nextCursor: rows.length > PAGE ? 'next' : null });
}

async function serve(
  query: () => Promise<unknown[][]> | unknown[][],
  close: () => Promise<void> | void,
  render: (rows: unknown[][]) => string = page,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = Fastify();
  server.get('/posts', async (_request, reply) => reply.type('application/json; charset=utf-8').send(render(await query())));
  const url = await server.listen({ host: '127.0.0.1', port: 0 });
  return {
    url: `${url}/posts`,
    close: async () => {
      await server.close();
      await close();
    },
  };
}

/** Bare Fastify + one better-sqlite3 prepared statement per request, on the same file. */
export function sqliteCeiling(file: string, handle: string): Promise<{ url: string; close: () => Promise<void> }> {
  const database = new Database(file, { readonly: true, fileMustExist: true });
  const statement = database.prepare(`${SELECT} where "profile_id" = (select "id" from "profiles" where "handle" = ?) ${ORDER} limit ${PAGE + 1}`).raw(true);
  return serve(
    () => statement.all(handle) as unknown[][],
    () => void database.close(),
  );
}

/** Bare Fastify + one named prepared statement per request on a pg pool of 10 connections. */
export function postgresCeiling(url: string, handle: string): Promise<{ url: string; close: () => Promise<void> }> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const text = `${SELECT} where "profile_id" = (select "id" from "profiles" where "handle" = $1) ${ORDER} limit ${PAGE + 1}`;
  return serve(
    async () => (await pool.query<unknown[]>({ name: 'bench_ceiling_list', text, values: [handle], rowMode: 'array' })).rows,
    () => pool.end(),
  );
}

/** Bare Fastify + the row-version query on better-sqlite3, then `body` as it is: the ceiling of reusing rendered posts. */
export function sqliteVersionsCeiling(file: string, handle: string, body: string): Promise<{ url: string; close: () => Promise<void> }> {
  const database = new Database(file, { readonly: true, fileMustExist: true });
  const statement = database.prepare(`${VERSIONS} where "profile_id" = (select "id" from "profiles" where "handle" = ?) ${ORDER} limit ${PAGE + 1}`).raw(true);
  return serve(
    () => statement.all(handle) as unknown[][],
    () => void database.close(),
    (rows) => (rows.length > 0 ? body : ''),
  );
}

/** Bare Fastify + the row-version query as a named prepared statement on a pg pool of 10, then `body` as it is. */
export function postgresVersionsCeiling(url: string, handle: string, body: string): Promise<{ url: string; close: () => Promise<void> }> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const text = `${VERSIONS} where "profile_id" = (select "id" from "profiles" where "handle" = $1) ${ORDER} limit ${PAGE + 1}`;
  return serve(
    async () => (await pool.query<unknown[]>({ name: 'bench_versions_list', text, values: [handle], rowMode: 'array' })).rows,
    () => pool.end(),
    (rows) => (rows.length > 0 ? body : ''),
  );
}
