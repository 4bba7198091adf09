import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyServiceFor } from '../src/entrypoints/http/api-keys.js';
import { seedProfile, startHarness, type Harness } from './http-harness.js';

/**
 * The auth matrix. Documented choice: a missing, malformed, wrong or revoked
 * key is 401; another workspace's profile or post is 404, exactly like one
 * that does not exist, so a key cannot even learn what other workspaces hold.
 */

type Route = { method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; url: string; payload?: unknown };

let h: Harness;
let otherKey: string;
let revokedKey: string;
let acmePosts: number[];
let rivalPosts: number[];
let routes: Route[];

beforeAll(async () => {
  h = await startHarness();
  acmePosts = await seedProfile(h.app, 'default', 'acme');
  rivalPosts = await seedProfile(h.app, 'other', 'rival');
  const keys = apiKeyServiceFor(h.app);
  otherKey = (await keys.create({ name: 'other', workspace: 'other' })).key;
  const revoked = await keys.create({ name: 'gone', workspace: 'default' });
  await keys.revoke(String(revoked.info.id));
  revokedKey = revoked.key;
  const spec = (await h.server.inject({ method: 'GET', url: '/openapi.json' })).json() as { paths: Record<string, Record<string, { requestBody?: unknown }>> };
  const values: Record<string, string> = { handle: 'acme', id: String(acmePosts[0]), postId: String(acmePosts[0]) };
  routes = Object.entries(spec.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({
      method: method.toUpperCase() as Route['method'],
      url: path.replace(/\{(\w+)\}/g, (_match, name: string) => values[name]!),
      payload: operation.requestBody ? { text: 'x', platform: 'x', topic: 't', status: 'approved', content: 'x', instruction: 'x', scheduledAt: '2030-12-01T09:00:00Z' } : undefined,
    })),
  );
  routes.push(
    { method: 'GET', url: '/v1/models' },
    { method: 'POST', url: '/v1/chat/completions', payload: { model: 'smm-assistant', messages: [{ role: 'user', content: 'list profiles' }] } },
    { method: 'POST', url: '/mcp', payload: { jsonrpc: '2.0', id: 1, method: 'tools/list' } },
  );
});
afterAll(async () => h?.close());

async function call(route: Route, headers: Record<string, string>) {
  return h.server.inject({ method: route.method, url: route.url, headers: { ...headers, accept: 'application/json, text/event-stream' }, payload: route.payload as never });
}

describe('auth matrix over every protected route', () => {
  const cases: Array<[string, () => Record<string, string>, string]> = [
    ['no key', () => ({}), 'needs an API key'],
    ['a malformed header', () => ({ authorization: 'Basic abc' }), 'not a Bearer token'],
    ['a wrong key', () => ({ authorization: `Bearer ${h.key.slice(0, -4)}abcd` }), 'not valid'],
    ['an unknown key', () => ({ authorization: 'Bearer smm_AAAAAAAAAA_' + 'B'.repeat(40) }), 'not valid'],
    ['a revoked key', () => ({ authorization: `Bearer ${revokedKey}` }), 'revoked'],
  ];
  for (const [name, headers, message] of cases) {
    it(`answers 401 with ${name}, saying what to do`, async () => {
      for (const route of routes) {
        const response = await call(route, headers());
        expect(response.statusCode, `${route.method} ${route.url}`).toBe(401);
        const body = response.json();
        expect(body.error.code).toBe('unauthorized');
        expect(body.error.message).toContain(message);
        expect(body.error.hint).toMatch(/smm keys create|Bearer/);
      }
    });
  }

  it('keeps /healthz, /openapi.json and /docs public', async () => {
    for (const url of ['/healthz', '/openapi.json', '/docs', '/docs/json']) {
      const response = await h.server.inject({ method: 'GET', url });
      expect([200, 302], url).toContain(response.statusCode);
    }
  });

  it("answers 404 to another workspace's key for this workspace's profiles and posts, never their data", async () => {
    const headers = { authorization: `Bearer ${otherKey}` };
    for (const route of routes.filter((item) => /acme|\/posts\/\d+/.test(item.url))) {
      const response = await call(route, headers);
      expect(response.statusCode, `${route.method} ${route.url}: ${response.body.slice(0, 200)}`).toBe(404);
      expect(response.body).not.toContain('Cold brew');
      expect(response.body).not.toContain('acme display');
    }
    const profiles = (await h.server.inject({ method: 'GET', url: '/api/v1/profiles', headers })).json();
    expect(profiles.profiles.map((profile: { handle: string }) => profile.handle)).toEqual(['rival']);
    const posts = (await h.server.inject({ method: 'GET', url: '/api/v1/posts?limit=500', headers })).json();
    expect(posts.posts.map((post: { id: number }) => post.id).sort()).toEqual([...rivalPosts].sort());
    // And the first key still works on its own data.
    expect((await h.server.inject({ method: 'GET', url: `/api/v1/posts/${acmePosts[0]}`, headers: h.auth })).statusCode).toBe(200);
  });
});

describe('per-user profiles from Open WebUI headers', () => {
  let perUser: Harness;
  beforeAll(async () => {
    perUser = await startHarness({ server: { perUserProfiles: true } });
    await seedProfile(perUser.app, 'default', 'shared');
    await seedProfile(perUser.app, 'other', 'rival');
  });
  afterAll(async () => perUser?.close());

  const as = (user: string) => ({ ...perUser.auth, 'x-openwebui-user-id': user });

  it("gives each user their own profiles inside the key's workspace, plus the shared ones", async () => {
    const created = await perUser.server.inject({ method: 'POST', url: '/api/v1/profiles', headers: as('alice'), payload: { handle: 'alice-brand', displayName: 'Alice' } });
    expect(created.statusCode, created.body).toBe(201);
    const alice = (await perUser.server.inject({ method: 'GET', url: '/api/v1/profiles', headers: as('alice') })).json();
    expect(alice.profiles.map((profile: { handle: string }) => profile.handle)).toEqual(['alice-brand', 'shared']);
    const bob = (await perUser.server.inject({ method: 'GET', url: '/api/v1/profiles', headers: as('bob') })).json();
    expect(bob.profiles.map((profile: { handle: string }) => profile.handle)).toEqual(['shared']);
    expect((await perUser.server.inject({ method: 'GET', url: '/api/v1/profiles/alice-brand', headers: as('bob') })).statusCode).toBe(404);
  });

  it("never reaches outside the key's workspace, whatever the header says", async () => {
    for (const user of ['other', 'other/rival', '../other', '*', 'null']) {
      const response = await perUser.server.inject({ method: 'GET', url: '/api/v1/profiles/rival', headers: as(user) });
      expect(response.statusCode, user).toBe(404);
      const list = (await perUser.server.inject({ method: 'GET', url: '/api/v1/posts?limit=500', headers: as(user) })).json();
      expect(JSON.stringify(list)).not.toContain('rival');
    }
  });

  it('ignores the header when per-user profiles are off', async () => {
    const created = await h.server.inject({ method: 'POST', url: '/api/v1/profiles', headers: { ...h.auth, 'x-openwebui-user-id': 'carol' }, payload: { handle: 'carol-brand', displayName: 'Carol' } });
    expect(created.statusCode).toBe(201);
    expect(created.json().shared).toBe(true);
  });
});
