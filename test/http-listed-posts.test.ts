import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryVectorIndex } from '../src/adapters/vector/memory-vector-index.js';
import { loadConfig, sqlitePath } from '../src/app/config.js';
import { createApp, type App } from '../src/app/create-app.js';
import { apiKeyServiceFor } from '../src/entrypoints/http/api-keys.js';
import { buildServer } from '../src/entrypoints/http/build-server.js';
import { listedPostJson, listPosts, searchPosts } from '../src/entrypoints/operations/post-operations.js';
import { postgresScratch } from './helpers/postgres-scratch.js';

/**
 * The REST list routes answer from JSON kept per post and row version
 * (PostService.listRendered), with answer reuse off, as every read on
 * PostgreSQL. Their bodies must be byte for byte what the full path
 * (read every post, check it, JSON.stringify the page) gives, and every
 * write, whoever makes it, must show in the next answer. On a real SQLite
 * file and on real PostgreSQL, through a real HTTP listener.
 */

const scope = { workspace: 'default' };
const pg = await postgresScratch('REST listing by row version on PostgreSQL');

interface Backend {
  app: App;
  /** Runs SQL on a connection of its own (another writer than the app). */
  rawUpdate(sqlText: string, values: unknown[]): Promise<void>;
  close(): Promise<void>;
}

async function sqliteBackend(env: Record<string, string> = {}): Promise<Backend> {
  const dir = await mkdtemp(path.join(tmpdir(), 'smm-listed-'));
  const app = await createApp(loadConfig({ SMM_HOME: dir, SMM_LLM: 'scripted', ...env }), { vectorIndex: new MemoryVectorIndex() });
  const other = new Database(sqlitePath(app.config));
  other.pragma('busy_timeout = 5000');
  return {
    app,
    rawUpdate: async (sqlText, values) => void other.prepare(sqlText.replaceAll(/\$\d+/g, '?')).run(...values),
    close: async () => {
      other.close();
      await app.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function postgresBackend(env: Record<string, string> = {}): Promise<Backend> {
  const { url, schema } = await pg.schemaUrl();
  const dir = await mkdtemp(path.join(tmpdir(), 'smm-listed-pg-'));
  const app = await createApp(loadConfig({ SMM_HOME: dir, SMM_LLM: 'scripted', SMM_DATABASE_URL: url, ...env }), { vectorIndex: new MemoryVectorIndex() });
  return {
    app,
    rawUpdate: async (sqlText, values) => void (await pg.admin.query(sqlText.replace(/\bposts\b/, `${schema}.posts`), values)),
    close: async () => {
      await app.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

const LONG = 'Roasted this morning, tasted this afternoon, shipped tonight. '.repeat(6);

/** Two profiles (beta bans a word), with published posts, drafts (some breaking the rules), a thread, ideas and scheduled posts. */
async function seed(app: App): Promise<Record<string, number>> {
  await app.profiles.create(scope, { handle: 'acme', displayName: 'Acme', platforms: ['x', 'linkedin'] });
  await app.profiles.create(scope, { handle: 'beta', displayName: 'Beta', platforms: ['x'], voice: { bannedWords: ['synergy'] } });
  const ids: Record<string, number> = {};
  for (let index = 0; index < 12; index += 1) {
    const handle = index % 3 === 2 ? 'beta' : 'acme';
    const post = await app.posts.add(scope, handle, {
      platform: index % 4 === 3 ? 'linkedin' : 'x',
      text: `Published ${index}: cold brew and single origins. #coffee`,
      status: 'published',
      publishedAt: new Date(Date.UTC(2026, 0, 1 + index, 9)).toISOString(),
      engagement: { likes: index, reposts: 1, replies: null, impressions: 100 + index },
      tags: index % 2 === 0 ? ['brew'] : [],
      source: 'imported',
    });
    ids[`published${index}`] = post.id;
  }
  ids.longDraft = (await app.posts.add(scope, 'acme', { platform: 'x', text: `A draft about cold brew. ${LONG}`, status: 'draft' })).id;
  ids.draft = (await app.posts.add(scope, 'acme', { platform: 'x', text: 'A short draft about cold brew.', status: 'draft' })).id;
  ids.thread = (
    await app.posts.add(scope, 'acme', { platform: 'x', text: 'unused', threadParts: ['Thread on cold brew 1/2', `Second part ${LONG}`], status: 'draft' })
  ).id;
  ids.idea = (await app.posts.add(scope, 'acme', { platform: 'linkedin', text: 'Idea: a cold brew tasting series', status: 'idea' })).id;
  ids.approved = (await app.posts.add(scope, 'acme', { platform: 'x', text: 'Approved: cold brew is back.', status: 'approved' })).id;
  ids.scheduled = (
    await app.posts.add(scope, 'acme', { platform: 'x', text: 'Scheduled: cold brew Friday.', status: 'scheduled', scheduledAt: '2099-01-01T09:00:00Z' })
  ).id;
  ids.betaDraft = (await app.posts.add(scope, 'beta', { platform: 'x', text: 'Cold brew synergy for everyone.', status: 'draft' })).id;
  ids.betaPlain = (await app.posts.add(scope, 'beta', { platform: 'x', text: 'Cold brew for the team, plain and simple.', status: 'draft' })).id;
  return ids;
}

/** Inputs covering filters, search, several profiles, and the pages after a cursor. */
const CASES: Array<{ name: string; operation: typeof listPosts | typeof searchPosts; path: string; query: Record<string, string> }> = [
  { name: 'one profile', operation: listPosts, path: '/api/v1/profiles/acme/posts', query: { limit: '4' } },
  { name: 'statuses', operation: listPosts, path: '/api/v1/profiles/acme/posts', query: { status: 'draft,idea', limit: '3' } },
  { name: 'platform and dates', operation: listPosts, path: '/api/v1/profiles/acme/posts', query: { platform: 'x', from: '2026-01-02', to: '2026-01-10', limit: '2' } },
  { name: 'search', operation: listPosts, path: '/api/v1/profiles/acme/posts', query: { search: 'cold brew', limit: '3' } },
  { name: 'every profile', operation: searchPosts, path: '/api/v1/posts', query: { limit: '5' } },
  { name: 'every profile, searched', operation: searchPosts, path: '/api/v1/posts', query: { search: 'cold brew -published', limit: '2' } },
  { name: 'one profile by search_posts', operation: searchPosts, path: '/api/v1/posts', query: { handle: 'beta', status: 'draft' } },
];

for (const [kind, open] of [
  ['SQLite', sqliteBackend],
  ['PostgreSQL', postgresBackend],
] as const) {
  describe.skipIf(kind === 'PostgreSQL' && pg.down !== undefined)(`REST list routes by row version (${kind})`, () => {
    let backend: Backend;
    let server: FastifyInstance;
    let base: string;
    let auth: { authorization: string };
    let ids: Record<string, number>;

    beforeAll(async () => {
      backend = await open();
      ids = await seed(backend.app);
      server = await buildServer(backend.app, { reuseAnswers: false });
      base = await server.listen({ host: '127.0.0.1', port: 0 });
      auth = { authorization: `Bearer ${(await apiKeyServiceFor(backend.app).create({ name: 'listed', workspace: 'default' })).key}` };
    });
    afterAll(async () => {
      await server?.close();
      await backend?.close();
    });

    const get = async (pathname: string, query: Record<string, string>): Promise<string> => {
      const response = await fetch(`${base}${pathname}?${new URLSearchParams(query)}`, { headers: auth });
      const body = await response.text();
      expect(response.status, body).toBe(200);
      return body;
    };
    /** What the full path answers for the same input: every post read, checked and serialised. */
    const full = async (operation: (typeof CASES)[number]['operation'], pathname: string, query: Record<string, string>): Promise<string> => {
      const handle = pathname.match(/profiles\/([^/]+)/)?.[1];
      const input = operation.input.parse({ ...query, ...(handle ? { handle } : {}), ...(query.limit ? { limit: Number(query.limit) } : {}) });
      return JSON.stringify(await operation.run(backend.app, scope, input as never, { signal: new AbortController().signal }));
    };
    const acmePage = () => get('/api/v1/profiles/acme/posts', { limit: '50' });
    const postIn = (body: string, id: number) => (JSON.parse(body) as { posts: Array<Record<string, unknown>> }).posts.find((post) => post.id === id);

    it('answers byte for byte what the full path does, page after page, twice (the second time from kept JSON)', async () => {
      for (const { name, operation, path: pathname, query } of CASES) {
        for (const round of [1, 2]) {
          let cursor: string | undefined;
          let pages = 0;
          do {
            const pageQuery = cursor ? { ...query, cursor } : query;
            const body = await get(pathname, pageQuery);
            expect(body, `${name}, page ${pages + 1}, round ${round}`).toBe(await full(operation, pathname, pageQuery));
            cursor = (JSON.parse(body) as { nextCursor: string | null }).nextCursor ?? undefined;
            pages += 1;
          } while (cursor && pages < 20);
        }
      }
      // The pages hold what the comparison is about: violations, threads, several profiles.
      const all = JSON.parse(await get('/api/v1/posts', { limit: '100' })) as { posts: Array<{ id: number; handle: string; violations: unknown[]; threadParts: unknown }> };
      expect(new Set(all.posts.map((post) => post.handle))).toEqual(new Set(['acme', 'beta']));
      expect(all.posts.find((post) => post.id === ids.longDraft)!.violations.length).toBeGreaterThan(0);
      expect(all.posts.find((post) => post.id === ids.betaDraft)!.violations.length).toBeGreaterThan(0);
      expect(all.posts.find((post) => post.id === ids.thread)!.threadParts).toHaveLength(2);
    });

    it('shows every kind of write in the next answer: edit, status, publication, engagement, raw SQL from another connection', async () => {
      const writes: Array<[string, number, () => Promise<unknown>, (post: Record<string, unknown>) => void]> = [
        ['text edit', ids.draft!, () => backend.app.posts.update(scope, ids.draft!, { text: 'A short draft, edited.' }), (post) => expect(post.text).toBe('A short draft, edited.')],
        ['status change', ids.idea!, () => backend.app.posts.setStatus(scope, ids.idea!, 'draft'), (post) => expect(post.status).toBe('draft')],
        [
          'publication result',
          ids.approved!,
          async () => {
            const request = { claimant: 'test', leaseUntil: '2099-01-01T00:00:00.000Z', now: new Date().toISOString() };
            expect(await backend.app.storage.publications.claim(ids.approved!, ['approved'], request)).toBe(true);
            await backend.app.storage.publications.complete(ids.approved!, 'test', { externalId: 'x-1', url: 'https://x.example/1', publishedAt: '2026-02-01T00:00:00.000Z' });
          },
          (post) => expect([post.status, post.url]).toEqual(['published', 'https://x.example/1']),
        ],
        [
          'engagement',
          ids.published3!,
          () => backend.app.posts.update(scope, ids.published3!, { engagement: { likes: 4242, reposts: 1, replies: null, impressions: 103 } }),
          (post) => expect((post.engagement as { likes: number }).likes).toBe(4242),
        ],
        [
          'raw SQL from another connection',
          ids.published6!,
          () => backend.rawUpdate('update posts set likes = $1 where id = $2', [777, ids.published6]),
          (post) => expect((post.engagement as { likes: number }).likes).toBe(777),
        ],
        [
          'raw SQL text from another connection',
          ids.longDraft!,
          () => backend.rawUpdate('update posts set text = $1 where id = $2', ['Now short.', ids.longDraft]),
          (post) => expect([post.text, post.violations]).toEqual(['Now short.', []]),
        ],
      ];
      for (const [name, id, write, check] of writes) {
        const before = await acmePage();
        expect(await acmePage(), name).toBe(before);
        await write();
        const after = await acmePage();
        expect(after, name).not.toBe(before);
        check(postIn(after, id)!);
        expect(after, name).toBe(await full(listPosts, '/api/v1/profiles/acme/posts', { limit: '50' }));
      }
    });

    it("shows a change of the profile's voice rules in the next answer's violations", async () => {
      const page = () => get('/api/v1/posts', { handle: 'beta', status: 'draft' });
      const before = await page();
      expect(postIn(before, ids.betaPlain!)!.violations).toEqual([]);
      await backend.app.profiles.update(scope, 'beta', { voice: { bannedWords: ['synergy', 'team'] } });
      const after = await page();
      expect((postIn(after, ids.betaPlain!)!.violations as Array<{ rule: string }>).map((violation) => violation.rule)).toContain('banned-word');
      expect(after).toBe(await full(searchPosts, '/api/v1/posts', { handle: 'beta', status: 'draft' }));
    });

    it('raises the row version on every update, by any writer, and starts new rows at 0', async () => {
      const posts = backend.app.storage.posts;
      const versionOf = async (id: number) => (await posts.getVersioned([id]))[0]!.version;
      const post = await backend.app.posts.add(scope, 'acme', { platform: 'x', text: 'Versioned.', status: 'draft' });
      expect(await versionOf(post.id)).toBe(0);
      await backend.app.posts.update(scope, post.id, { text: 'Versioned, once.' });
      expect(await versionOf(post.id)).toBe(1);
      await backend.rawUpdate('update posts set likes = $1 where id = $2', [1, post.id]);
      expect(await versionOf(post.id)).toBe(2);
      await backend.rawUpdate('update posts set tags = $1 where id = $2', ['["x"]', post.id]);
      expect(await versionOf(post.id)).toBe(3);
      const listed = await posts.listVersions({ workspace: 'default', profileId: post.profileId, limit: 500 });
      expect(listed.posts.find((entry) => entry.id === post.id)).toEqual({ id: post.id, profileId: post.profileId, version: 3 });
    });
  });
}

describe('kept JSON of listed posts stays within SMM_LISTED_POST_CACHE', () => {
  let backend: Backend;
  beforeAll(async () => {
    backend = await sqliteBackend({ SMM_LISTED_POST_CACHE: '5' });
    await seed(backend.app);
  });
  afterAll(async () => backend?.close());

  it('keeps at most the bound, and answers as the full path does', async () => {
    const input = listPosts.input.parse({ handle: 'acme', limit: 12 });
    const signal = new AbortController().signal;
    for (let round = 0; round < 3; round += 1) {
      expect(await listPosts.runJson!(backend.app, scope, input, { signal })).toBe(JSON.stringify(await listPosts.run(backend.app, scope, input, { signal })));
    }
    expect(listedPostJson(backend.app).size).toBe(5);
  });
});
