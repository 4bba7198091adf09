import { describe, expect, it } from 'vitest';
import type { Post } from '../src/core/posts/post-schema.js';
import { HOSTILE_TEXTS, newPost, profileFields, useFreshStorage, type OpenStorage } from './storage-contract-fixtures.js';

export function postContract(open: OpenStorage): void {
  const context = useFreshStorage(open);
  const profile = (handle = 'acme', workspace = 'default') => context.storage.profiles.create(workspace, profileFields(handle));

  describe('posts', () => {
    it('inserts a post whose every field reads back exactly', async () => {
      const { id: profileId } = await profile();
      const input = newPost({
        platform: 'mastodon',
        text: 'Hello, fediverse',
        status: 'scheduled',
        scheduledAt: '2026-04-01T09:30:00+02:00',
        publishedAt: null,
        engagement: { likes: 0, reposts: 3, replies: null, impressions: 9_000_000_000 },
        tags: ['launch', 'café'],
        source: 'written',
        externalId: '109876543210',
        url: 'https://example.social/@acme/109876543210',
        isReply: true,
        replyToExternalId: '42',
        lang: 'en-GB',
        mediaCount: 2,
        contentWarning: 'spoilers',
        sharedUrl: 'https://example.com/shared-page',
      });
      const post = await context.storage.posts.insert(profileId, input);
      const expected: Post = {
        ...input,
        scheduledAt: '2026-04-01T07:30:00.000Z',
        id: expect.any(Number) as unknown as number,
        profileId,
        createdAt: '2026-03-01T12:00:00.000Z',
        updatedAt: '2026-03-01T12:00:00.000Z',
      };
      expect(post).toEqual(expected);
      expect(await context.storage.posts.get(post.id)).toEqual(post);
      expect(await context.storage.posts.get(post.id + 1000)).toBeUndefined();
    });

    it('stores a thread as its parts, through insert, insertMany and update', async () => {
      const { id: profileId } = await profile();
      const parts = ['Part one, with an emoji 👋🏽 1/3', 'Part "two"\nwith a line break 2/3', 'Part three — 中文 3/3'];
      const single = await context.storage.posts.insert(profileId, newPost({ text: parts.join('\n\n'), threadParts: parts }));
      expect((await context.storage.posts.get(single.id))?.threadParts).toEqual(parts);
      await context.storage.posts.insertMany(profileId, [newPost({ text: 'bulk thread', threadParts: parts.slice(0, 2) }), newPost({ text: 'bulk single' })]);
      const page = await context.storage.posts.list({ workspace: 'default', profileId, limit: 10 });
      expect(page.posts.find((post) => post.text === 'bulk thread')?.threadParts).toEqual(parts.slice(0, 2));
      expect(page.posts.find((post) => post.text === 'bulk single')?.threadParts).toBeNull();
      const { id: _id, profileId: _profile, dedupeKey: _key, createdAt: _created, updatedAt: _updated, ...fields } = single;
      expect((await context.storage.posts.update(single.id, { ...fields, threadParts: null })).threadParts).toBeNull();
    });

    it('round-trips hostile text exactly', async () => {
      const { id: profileId } = await profile();
      for (const text of HOSTILE_TEXTS) {
        const post = await context.storage.posts.insert(profileId, newPost({ text, tags: [text] }));
        expect((await context.storage.posts.get(post.id))?.text).toBe(text);
        expect((await context.storage.posts.get(post.id))?.tags).toEqual([text]);
      }
      expect(await context.storage.posts.countByProfile(profileId)).toBe(HOSTILE_TEXTS.length);
    });

    it('stores a NUL character as U+FFFD in both databases', async () => {
      const { id: profileId } = await profile();
      const post = await context.storage.posts.insert(profileId, newPost({ text: 'a\u0000b' }));
      expect(post.text).toBe('a\uFFFDb');
    });

    it('refuses a duplicate dedupe key on the same profile and platform only', async () => {
      const first = await profile('first');
      const second = await profile('second');
      await context.storage.posts.insert(first.id, newPost({ dedupeKey: 'id:1' }));
      await expect(context.storage.posts.insert(first.id, newPost({ dedupeKey: 'id:1' }))).rejects.toMatchObject({ code: 'conflict' });
      await context.storage.posts.insert(first.id, newPost({ dedupeKey: 'id:1', platform: 'threads' }));
      await context.storage.posts.insert(second.id, newPost({ dedupeKey: 'id:1' }));
      expect(await context.storage.posts.countByProfile(first.id)).toBe(2);
    });

    it('reports an unknown profile as not found', async () => {
      await expect(context.storage.posts.insert(12345, newPost())).rejects.toMatchObject({ code: 'not_found' });
      await expect(context.storage.posts.insertMany(12345, [newPost()])).rejects.toMatchObject({ code: 'not_found' });
    });

    it('getMany returns posts in the order asked, skipping unknown ids', async () => {
      const { id: profileId } = await profile();
      const a = await context.storage.posts.insert(profileId, newPost({ text: 'a' }));
      const b = await context.storage.posts.insert(profileId, newPost({ text: 'b' }));
      const posts = await context.storage.posts.getMany([b.id, 999_999, a.id, b.id]);
      expect(posts.map((post) => post.text)).toEqual(['b', 'a', 'b']);
      expect(await context.storage.posts.getMany([])).toEqual([]);
    });

    it('updates a post, keeping its identity and moving updatedAt', async () => {
      const { id: profileId } = await profile();
      const post = await context.storage.posts.insert(profileId, newPost({ text: 'draft', status: 'draft' }));
      const later = context.clock.advance(5_000);
      const { id: _id, profileId: _p, dedupeKey: _k, createdAt: _c, updatedAt: _u, ...fields } = post;
      const changed = { ...fields, text: 'final', status: 'published' as const, publishedAt: '2026-03-02T00:00:00.000Z', tags: ['x'], engagement: { ...fields.engagement, likes: 7 } };
      const updated = await context.storage.posts.update(post.id, changed);
      expect(updated).toEqual({ ...post, ...changed, updatedAt: later });
      expect(await context.storage.posts.get(post.id)).toEqual(updated);
      await expect(context.storage.posts.update(post.id + 999, changed)).rejects.toMatchObject({ code: 'not_found' });
    });

    it('refuses an update that would duplicate another post of the profile', async () => {
      const { id: profileId } = await profile();
      await context.storage.posts.insert(profileId, newPost({ dedupeKey: 'same', platform: 'x' }));
      const other = await context.storage.posts.insert(profileId, newPost({ dedupeKey: 'same', platform: 'bluesky' }));
      const { id: _id, profileId: _p, dedupeKey: _k, createdAt: _c, updatedAt: _u, ...fields } = other;
      await expect(context.storage.posts.update(other.id, { ...fields, platform: 'x' })).rejects.toMatchObject({ code: 'conflict' });
    });

    it('deletes a post; deleting it again does nothing', async () => {
      const { id: profileId } = await profile();
      const post = await context.storage.posts.insert(profileId, newPost());
      await context.storage.posts.delete(post.id);
      expect(await context.storage.posts.get(post.id)).toBeUndefined();
      await context.storage.posts.delete(post.id);
      expect(await context.storage.posts.countByProfile(profileId)).toBe(0);
    });

    it('insertMany counts new rows and duplicates (in the store and within the batch)', async () => {
      const { id: profileId } = await profile();
      const batch = [newPost({ dedupeKey: 'a' }), newPost({ dedupeKey: 'b' }), newPost({ dedupeKey: 'b' }), newPost({ dedupeKey: 'c' })];
      expect(await context.storage.posts.insertMany(profileId, batch)).toEqual({ inserted: 3, duplicates: 1 });
      expect(await context.storage.posts.insertMany(profileId, batch)).toEqual({ inserted: 0, duplicates: 4 });
      expect(await context.storage.posts.insertMany(profileId, [newPost({ dedupeKey: 'a', platform: 'linkedin' })])).toEqual({ inserted: 1, duplicates: 0 });
      expect(await context.storage.posts.insertMany(profileId, [])).toEqual({ inserted: 0, duplicates: 0 });
      expect(await context.storage.posts.countByProfile(profileId)).toBe(4);
      expect(await context.storage.outbox.countPending()).toBe(4);
    });

    it('insertMany stores the same fields as insert, and a large batch in one call', async () => {
      const { id: profileId } = await profile();
      const rich = newPost({ text: HOSTILE_TEXTS.join(' | '), engagement: { likes: 1, reposts: null, replies: 2, impressions: 3 }, tags: ['t'], isReply: true, publishedAt: '2025-01-01T00:00:00Z' });
      await context.storage.posts.insertMany(profileId, [rich]);
      const [stored] = (await context.storage.posts.list({ workspace: 'default', limit: 1 })).posts;
      expect(stored).toEqual({ ...rich, publishedAt: '2025-01-01T00:00:00.000Z', id: stored!.id, profileId, createdAt: '2026-03-01T12:00:00.000Z', updatedAt: '2026-03-01T12:00:00.000Z' });
      const many = Array.from({ length: 2500 }, (_, index) => newPost({ text: `bulk ${index}` }));
      expect(await context.storage.posts.insertMany(profileId, many)).toEqual({ inserted: 2500, duplicates: 0 });
      expect(await context.storage.posts.countByProfile(profileId)).toBe(2501);
    });

    it('iterates a profile in id order, in batches', async () => {
      const { id: profileId } = await profile();
      const other = await profile('other');
      await context.storage.posts.insertMany(profileId, Array.from({ length: 7 }, (_, index) => newPost({ text: `p${index}` })));
      await context.storage.posts.insertMany(other.id, [newPost()]);
      const batches: number[][] = [];
      for await (const batch of context.storage.posts.iterateByProfile(profileId, 3)) batches.push(batch.map((post) => post.id));
      expect(batches.map((batch) => batch.length)).toEqual([3, 3, 1]);
      const ids = batches.flat();
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      const empty: Post[][] = [];
      for await (const batch of context.storage.posts.iterateByProfile(999_999)) empty.push(batch);
      expect(empty).toEqual([]);
    });

    it('ranks top posts by likes + 2 reposts + replies, leaving out posts without engagement', async () => {
      const { id: profileId } = await profile();
      const engagement = (likes: number | null, reposts: number | null, replies: number | null) => ({ likes, reposts, replies, impressions: null });
      await context.storage.posts.insertMany(profileId, [
        newPost({ text: 'ten', engagement: engagement(10, 0, 0) }),
        newPost({ text: 'twelve', engagement: engagement(2, 5, null) }),
        newPost({ text: 'none', engagement: engagement(null, null, null) }),
        newPost({ text: 'eleven-bsky', platform: 'bluesky', engagement: engagement(1, 5, 0) }),
        newPost({ text: 'ten-too', engagement: engagement(null, null, 10) }),
      ]);
      const top = await context.storage.posts.topByEngagement(profileId, 10);
      expect(top.map((post) => post.text)).toEqual(['twelve', 'eleven-bsky', 'ten', 'ten-too']);
      expect((await context.storage.posts.topByEngagement(profileId, 2, 'x')).map((post) => post.text)).toEqual(['twelve', 'ten']);
    });
  });
}
