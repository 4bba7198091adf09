import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app/create-app.js';
import { apiKeyServiceFor } from '../src/entrypoints/http/api-keys.js';
import { skipUnless } from './helpers/optional-needs.js';
import { seedProfile, startHarness, type Harness } from './http-harness.js';

/**
 * Reused answers and verified keys must never be stale: any commit to the
 * database — through this server, or another process on the same file (the
 * CLI importing while the server runs) — is seen by the next request.
 */

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await seedProfile(h.app, 'default', 'acme');
});
afterAll(async () => h?.close());

const list = async () => (await h.server.inject({ method: 'GET', url: '/api/v1/profiles/acme/posts?limit=50', headers: h.auth })).json().posts as Array<{ text: string }>;

describe('reused answers', () => {
  it('shows a write made through the API at once', async () => {
    const before = await list();
    expect(await list()).toEqual(before);
    await h.server.inject({ method: 'POST', url: '/api/v1/profiles/acme/posts', headers: h.auth, payload: { platform: 'x', text: 'Through the API.' } });
    expect((await list()).map((post) => post.text)).toContain('Through the API.');
  });

  it('shows a write made by another process on the same database at once', async () => {
    await list();
    const cli = await createApp(h.app.config);
    try {
      await cli.posts.add({ workspace: 'default' }, 'acme', { platform: 'x', text: 'Written by the CLI meanwhile.' });
    } finally {
      await cli.close();
    }
    expect((await list()).map((post) => post.text)).toContain('Written by the CLI meanwhile.');
  });

  it('keeps scopes apart', async () => {
    const { key } = await apiKeyServiceFor(h.app).create({ name: 'cache-other', workspace: 'other' });
    await list();
    const response = await h.server.inject({ method: 'GET', url: '/api/v1/profiles/acme/posts?limit=50', headers: { authorization: `Bearer ${key}` } });
    expect(response.statusCode).toBe(404);
  });

  it('refuses a key revoked by another process from the next request on', async () => {
    const { key, info } = await apiKeyServiceFor(h.app).create({ name: 'soon-revoked', workspace: 'default' });
    const headers = { authorization: `Bearer ${key}` };
    expect((await h.server.inject({ method: 'GET', url: '/api/v1/profiles', headers })).statusCode).toBe(200);
    expect((await h.server.inject({ method: 'GET', url: '/api/v1/profiles', headers })).statusCode).toBe(200);
    const cli = await createApp(h.app.config);
    try {
      await apiKeyServiceFor(cli).revoke(String(info.id));
    } finally {
      await cli.close();
    }
    // A request over the network arrives in a later turn of the event loop; inject runs in this one.
    // The server reads SQLite's change counter once a turn (sqlite-catalogue-token.ts).
    await new Promise((resolve) => setImmediate(resolve));
    expect((await h.server.inject({ method: 'GET', url: '/api/v1/profiles', headers })).statusCode).toBe(401);
  });
});

/**
 * The same on PostgreSQL, where the signal is NOTIFY from triggers: this
 * server's own writes show at once; another process's as soon as its
 * notification lands (a few milliseconds), so those are asked until seen.
 */
const pgUrl = process.env.SMM_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const pgAdmin = new pg.Pool({ connectionString: pgUrl, max: 1, connectionTimeoutMillis: 2000 });
pgAdmin.on('error', () => undefined);
const pgDown = skipUnless(
  'Reused answers on PostgreSQL',
  await pgAdmin.query('select 1').then(
    () => undefined,
    (error: unknown) => `no server at ${pgUrl} (${error instanceof Error ? error.message : String(error)})`,
  ),
  'Start PostgreSQL or set SMM_TEST_PG_URL.',
);

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    const value = await read();
    if (done(value) || attempt >= 200) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe.skipIf(pgDown)('reused answers on PostgreSQL', () => {
  const schema = `smm_test_${Math.floor(Date.now() / 1000)}_http_cache`;
  let p: Harness;
  beforeAll(async () => {
    await pgAdmin.query(`create schema ${schema}`);
    const url = new URL(pgUrl);
    url.searchParams.set('options', `-c search_path=${schema}`);
    p = await startHarness({ env: { SMM_DATABASE_URL: url.toString() } });
    await seedProfile(p.app, 'default', 'acme');
  });
  afterAll(async () => {
    await p?.close();
    await pgAdmin.query(`drop schema if exists ${schema} cascade`);
    await pgAdmin.end();
  });
  const texts = async () =>
    ((await p.server.inject({ method: 'GET', url: '/api/v1/profiles/acme/posts?limit=50', headers: p.auth })).json().posts as Array<{ text: string }>).map((post) => post.text);

  it('reuses answers, and shows a write made through the API at once', async () => {
    // Once the listener is up, an answer is reused: a row changed behind the server's back (no trigger: the table is altered) stays unseen.
    await pgAdmin.query(`alter table ${schema}.posts disable trigger user`);
    try {
      const token = p.app.storage.changeToken();
      // Notifications of the set-up writes may still land: a check counts only while the token held still throughout.
      let checked = false;
      for (let attempt = 0; attempt < 100 && !checked; attempt += 1) {
        const before = token.current();
        const first = await texts();
        await pgAdmin.query(`update ${schema}.posts set text = $1`, [`Changed unseen ${attempt}.`]);
        const again = await texts();
        if (before === undefined || token.current() !== before) {
          await new Promise((resolve) => setTimeout(resolve, 25));
          continue;
        }
        expect(again).toEqual(first);
        expect(again).not.toContain(`Changed unseen ${attempt}.`);
        checked = true;
      }
      expect(checked).toBe(true);
    } finally {
      await pgAdmin.query(`alter table ${schema}.posts enable trigger user`);
    }
    await p.server.inject({ method: 'POST', url: '/api/v1/profiles/acme/posts', headers: p.auth, payload: { platform: 'x', text: 'Through the API.' } });
    expect(await texts()).toContain('Through the API.');
  });

  it('shows a write made by another process once its notification lands', async () => {
    await texts();
    const cli = await createApp(p.app.config);
    try {
      await cli.posts.add({ workspace: 'default' }, 'acme', { platform: 'x', text: 'Written by the CLI meanwhile.' });
    } finally {
      await cli.close();
    }
    expect(await eventually(texts, (value) => value.includes('Written by the CLI meanwhile.'))).toContain('Written by the CLI meanwhile.');
  });

  it('refuses a key revoked by another process once its notification lands', async () => {
    const { key, info } = await apiKeyServiceFor(p.app).create({ name: 'soon-revoked', workspace: 'default' });
    const headers = { authorization: `Bearer ${key}` };
    const status = async () => (await p.server.inject({ method: 'GET', url: '/api/v1/profiles', headers })).statusCode;
    expect(await status()).toBe(200);
    expect(await status()).toBe(200);
    const cli = await createApp(p.app.config);
    try {
      await apiKeyServiceFor(cli).revoke(String(info.id));
    } finally {
      await cli.close();
    }
    expect(await eventually(status, (value) => value === 401)).toBe(401);
  });
});
