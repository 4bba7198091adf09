import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryStorage } from '../../../test/fakes/memory-storage.js';
import type { PostQuery } from '../ports.js';
import { ProfileService } from '../profiles/profile-service.js';
import { PostService } from './post-service.js';

const clock = { now: () => new Date('2026-06-01T12:00:00Z') };
const team = { workspace: 'team' };
const alice = { workspace: 'team', owner: 'alice' };
const LONG = 'Too long for X. '.repeat(30);

describe('PostService listing', () => {
  let storage: MemoryStorage;
  let posts: PostService;
  let queries: PostQuery[];

  beforeEach(async () => {
    storage = new MemoryStorage();
    queries = [];
    const list = storage.posts.list.bind(storage.posts);
    storage.posts.list = (query) => {
      queries.push(query);
      return list(query);
    };
    const profiles = new ProfileService(storage.profiles);
    await profiles.create(team, { handle: 'shared', displayName: 'Shared' });
    await profiles.create(alice, { handle: 'mine', displayName: 'Mine' });
    await profiles.create({ workspace: 'team', owner: 'bob' }, { handle: 'bobs', displayName: 'Bob' });
    posts = new PostService({ posts: storage.posts, profiles, clock, hashText: (text) => `h:${text}` });
  });

  it('asks storage for 1 to 500 posts (20 unless told), with the search trimmed and a blank search left out', async () => {
    await posts.list(team, {});
    await posts.list(team, { limit: 0, search: '  latte ' });
    await posts.list(team, { limit: 5000, search: '   ' });
    await posts.list(team, { limit: 7, platform: 'x', status: ['draft'], from: '2026-01-01', to: '2026-02-01' });
    expect(queries.map((query) => [query.limit, query.search])).toEqual([
      [20, undefined],
      [1, 'latte'],
      [500, undefined],
      [7, undefined],
    ]);
    expect(queries[3]).toMatchObject({ workspace: 'team', platform: 'x', status: ['draft'], from: '2026-01-01', to: '2026-02-01' });
  });

  it('shows an owner the posts of its own and the shared profiles only', async () => {
    await posts.add(team, 'shared', { platform: 'x', text: 'shared post' });
    await posts.add(alice, 'mine', { platform: 'x', text: 'my post' });
    await posts.add(team, 'bobs', { platform: 'x', text: 'bob post' });
    const texts = async (scope: typeof team, handle?: string) =>
      (await posts.list(scope, { handle })).posts.map((post) => post.text).sort();
    expect(await texts(alice)).toEqual(['my post', 'shared post']);
    expect(await texts(team)).toEqual(['bob post', 'my post', 'shared post']);
    expect(await texts(alice, 'mine')).toEqual(['my post']);
    await expect(posts.list(alice, { handle: 'bobs' })).rejects.toMatchObject({ code: 'not_found' });
    const checked = await posts.listChecked(alice, {});
    expect(checked.posts.map((post) => post.handle).sort()).toEqual(['mine', 'shared']);
  });

  it('checks drafts in a listing but not published or archived posts', async () => {
    await posts.add(team, 'shared', { platform: 'x', text: LONG });
    const published = await posts.add(team, 'shared', { platform: 'x', text: `${LONG}!`, publishedAt: '2025-01-01T00:00:00Z' });
    const archived = await posts.add(team, 'shared', { platform: 'x', text: `${LONG}?` });
    await posts.update(team, archived.id, { status: 'archived' });
    const listed = await posts.listChecked(team, { handle: 'shared' });
    const violations = Object.fromEntries(listed.posts.map((post) => [post.status, post.violations.map((violation) => violation.rule)]));
    expect(violations).toEqual({ draft: ['length'], published: [], archived: [] });
    expect(listed.nextCursor).toBeNull();
    expect(published.violations.map((violation) => violation.rule)).toEqual(['length']);
  });

  it('counts, gets and removes a profile’s posts, and hides other owners’ posts as not found', async () => {
    const mine = await posts.add(alice, 'mine', { platform: 'bluesky', text: 'hello' });
    const bobs = await posts.add(team, 'bobs', { platform: 'x', text: 'bob' });
    expect(await posts.count(alice, 'mine')).toBe(1);
    expect((await posts.get(alice, mine.id)).profile.handle).toBe('mine');
    await expect(posts.get(alice, bobs.id)).rejects.toMatchObject({ code: 'not_found', message: `No post "${bobs.id}".` });
    await expect(posts.get(team, 9999)).rejects.toMatchObject({ code: 'not_found' });
    expect((await posts.remove(alice, mine.id)).text).toBe('hello');
    expect(await posts.count(alice, 'mine')).toBe(0);
    await expect(posts.remove(alice, bobs.id)).rejects.toMatchObject({ code: 'not_found' });
    expect(await posts.count(team, 'bobs')).toBe(1);
  });
});
