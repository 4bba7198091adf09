import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app/create-app.js';
import { apiKeyServiceFor } from '../src/entrypoints/http/api-keys.js';
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
    expect((await h.server.inject({ method: 'GET', url: '/api/v1/profiles', headers })).statusCode).toBe(401);
  });
});
