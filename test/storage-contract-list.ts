import { describe, expect, it } from 'vitest';
import type { PostPage, PostQuery, PostVersionPage } from '../src/core/ports.js';
import { newPost, profileFields, useFreshStorage, type OpenStorage } from './storage-contract-fixtures.js';

export function listContract(open: OpenStorage): void {
  const context = useFreshStorage(open);

  async function seed() {
    const { profiles, posts } = context.storage;
    const acme = await profiles.create('default', profileFields('acme'));
    const jane = await profiles.create('default', profileFields('jane'));
    const foreign = await profiles.create('other', profileFields('acme'));
    await posts.insertMany(acme.id, [
      newPost({ text: 'published march', publishedAt: '2026-03-10T10:00:00Z', status: 'published' }),
      newPost({ text: 'scheduled april', scheduledAt: '2026-04-01T08:00:00Z', status: 'scheduled', platform: 'linkedin' }),
      newPost({ text: 'draft now', status: 'draft' }),
      newPost({ text: 'published january', publishedAt: '2026-01-05T00:00:00Z', status: 'published', platform: 'linkedin' }),
      newPost({ text: 'same instant a', publishedAt: '2026-02-01T00:00:00Z', status: 'published' }),
      newPost({ text: 'same instant b', publishedAt: '2026-02-01T00:00:00Z', status: 'published' }),
    ]);
    await posts.insert(jane.id, newPost({ text: 'jane idea', status: 'idea' }));
    await posts.insert(foreign.id, newPost({ text: 'foreign workspace', publishedAt: '2026-03-11T00:00:00Z' }));
    return { acme, jane };
  }

  const texts = async (query: Partial<PostQuery>) =>
    (await context.storage.posts.list({ workspace: 'default', limit: 100, ...query })).posts.map((post) => post.text);

  describe('listing posts', () => {
    it('orders newest first by published, else scheduled, else created, then id', async () => {
      await seed();
      // "draft now" and "jane idea" were created at the clock's 2026-03-01T12:00; the later insert has the higher id.
      expect(await texts({})).toEqual([
        'scheduled april',
        'published march',
        'jane idea',
        'draft now',
        'same instant b',
        'same instant a',
        'published january',
      ]);
    });

    it('filters by profile, platform, status and inclusive date bounds', async () => {
      const { acme, jane } = await seed();
      expect(await texts({ profileId: jane.id })).toEqual(['jane idea']);
      expect(await texts({ profileId: acme.id, platform: 'linkedin' })).toEqual(['scheduled april', 'published january']);
      expect(await texts({ status: ['draft', 'idea'] })).toEqual(['jane idea', 'draft now']);
      expect(await texts({ status: [] })).toHaveLength(7);
      expect(await texts({ from: '2026-02-01T00:00:00Z', to: '2026-03-10T10:00:00.000Z' })).toEqual([
        'published march',
        'jane idea',
        'draft now',
        'same instant b',
        'same instant a',
      ]);
      expect(await texts({ from: '2026-03-31' })).toEqual(['scheduled april']);
      expect(await texts({ workspace: 'nobody' })).toEqual([]);
      expect(await texts({ workspace: 'other' })).toEqual(['foreign workspace']);
      expect(await texts({ workspace: 'other', profileId: acme.id })).toEqual([]);
    });

    it('pages with an opaque cursor until nextCursor is null', async () => {
      await seed();
      const all = await texts({});
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await context.storage.posts.list({ workspace: 'default', limit: 2, cursor });
        seen.push(...page.posts.map((post) => post.text));
        cursor = page.nextCursor ?? undefined;
        pages += 1;
        if (page.nextCursor === null) expect(page.posts.length).toBeLessThanOrEqual(2);
      } while (cursor);
      expect(seen).toEqual(all);
      expect(pages).toBe(4);
      const exact = await context.storage.posts.list({ workspace: 'default', limit: 7 });
      expect(exact.nextCursor).toBeNull();
    });

    it('pages through filtered and searched results too', async () => {
      const { acme } = await seed();
      const first = await context.storage.posts.list({ workspace: 'default', profileId: acme.id, search: 'published', limit: 1 });
      expect(first.posts.map((post) => post.text)).toEqual(['published march']);
      const second = await context.storage.posts.list({ workspace: 'default', profileId: acme.id, search: 'published', limit: 5, cursor: first.nextCursor! });
      expect(second.posts.map((post) => post.text)).toEqual(['published january']);
      expect(second.nextCursor).toBeNull();
    });

    it('rejects a forged cursor, a bad date and a bad page size as invalid input', async () => {
      await seed();
      for (const cursor of ['garbage', Buffer.from('["x", 1]').toString('base64url'), Buffer.from('{}').toString('base64url')]) {
        await expect(context.storage.posts.list({ workspace: 'default', limit: 5, cursor })).rejects.toMatchObject({ code: 'invalid_input' });
      }
      await expect(context.storage.posts.list({ workspace: 'default', limit: 5, from: 'yesterday' })).rejects.toMatchObject({ code: 'invalid_input' });
      await expect(context.storage.posts.list({ workspace: 'default', limit: 0 })).rejects.toMatchObject({ code: 'invalid_input' });
    });
  });

  describe('row versions', () => {
    it('listVersions gives the page list gives (ids, profiles, cursor), filtered, searched and paged', async () => {
      const { acme } = await seed();
      const { posts } = context.storage;
      const queries: PostQuery[] = [
        { workspace: 'default', limit: 3 },
        { workspace: 'default', profileId: acme.id, platform: 'linkedin', limit: 1 },
        { workspace: 'default', status: ['draft', 'idea'], limit: 100 },
        { workspace: 'default', search: 'published', limit: 2 },
      ];
      for (const first of queries) {
        let query: PostQuery | undefined = first;
        while (query) {
          const [page, versions]: [PostPage, PostVersionPage] = await Promise.all([posts.list(query), posts.listVersions(query)]);
          expect(versions).toEqual({ posts: page.posts.map((post) => ({ id: post.id, profileId: post.profileId, version: 0 })), nextCursor: page.nextCursor });
          query = page.nextCursor ? { ...query, cursor: page.nextCursor } : undefined;
        }
      }
    });

    it('getVersioned reads posts with their versions in the order asked, unknown ids left out, past one query of ids', async () => {
      const { posts, profiles } = context.storage;
      const profile = await profiles.create('default', profileFields('many'));
      await posts.insertMany(profile.id, Array.from({ length: 600 }, (_, index) => newPost({ text: `post ${index}` })));
      const ids: number[] = [];
      for await (const batch of posts.iterateByProfile(profile.id)) ids.push(...batch.map((post) => post.id));
      const edited = (await posts.get(ids[7]!))!;
      await posts.update(edited.id, { ...edited, text: 'edited' });
      const asked = [ids[7]!, 999_999, ...ids.slice(0, 599).reverse()];
      const found = await posts.getVersioned(asked);
      expect(found.map(({ post }) => post.id)).toEqual(asked.filter((id) => id !== 999_999));
      expect(found[0]).toEqual({ post: await posts.get(ids[7]!), version: 1 });
      expect(found[0]!.post.text).toBe('edited');
      expect(found.filter(({ version }) => version !== 0).map(({ post }) => post.id)).toEqual([ids[7], ids[7]]);
    });
  });
}
