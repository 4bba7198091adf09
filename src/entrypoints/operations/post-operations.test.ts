import { describe, expect, it } from 'vitest';
import type { App } from '../../app/create-app.js';
import type { Post } from '../../core/posts/index.js';
import type { Scope } from '../../core/profiles/index.js';
import {
  approvePost,
  createPost,
  deletePost,
  getPost,
  listedPostJson,
  listPosts,
  postView,
  schedulePost,
  searchPosts,
  setPostStatus,
  updatePost,
} from './post-operations.js';

const scope: Scope = { workspace: 'acme-co' };
const signal = new AbortController().signal;

function post(fields: Partial<Post> = {}): Post {
  return {
    id: 7,
    profileId: 1,
    platform: 'x',
    text: 'Cold brew is back — 18 hours steeped. ☕',
    status: 'draft',
    scheduledAt: null,
    publishedAt: null,
    engagement: { likes: null, reposts: null, replies: null, impressions: null },
    tags: [],
    externalId: null,
    url: null,
    isReply: false,
    replyToExternalId: null,
    lang: null,
    mediaCount: 0,
    contentWarning: null,
    sharedUrl: null,
    threadParts: null,
    source: 'written',
    generationId: null,
    dedupeKey: 'sha256:abc',
    createdAt: '2026-03-01T09:00:00.000Z',
    updatedAt: '2026-03-01T09:00:00.000Z',
    ...fields,
  } as Post;
}

function issues(schema: { safeParse(value: unknown): { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } } }, value: unknown): string[] {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error!.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('postView', () => {
  it('leaves out the storage identity key, and adds the handle only when given', () => {
    const stored = post();
    const view = postView(stored);
    expect(Object.keys(view)).not.toContain('dedupeKey');
    expect(Object.keys(view)).not.toContain('handle');
    const { dedupeKey: _key, ...rest } = stored;
    expect(view).toStrictEqual(rest);
    expect(postView(stored, 'acme')).toStrictEqual({ ...rest, handle: 'acme' });
    // The stored post is not changed.
    expect(stored.dedupeKey).toBe('sha256:abc');
  });

  it('lets a given handle replace one the post carries, and keeps it when none is given', () => {
    const listed = { ...post(), handle: 'old' };
    expect(postView(listed).handle).toBe('old');
    expect(postView(listed, 'new').handle).toBe('new');
  });
});

describe('list_posts and search_posts input', () => {
  it('needs a handle for list_posts only, and defaults the page size to 20', () => {
    expect(listPosts.input.parse({ handle: 'Acme' })).toStrictEqual({ handle: 'acme', limit: 20 });
    expect(issues(listPosts.input, {})).toEqual(['handle: Invalid input: expected string, received undefined']);
    expect(searchPosts.input.parse({})).toStrictEqual({ limit: 20 });
  });

  it('takes every filter, checking platform, statuses, dates and lengths', () => {
    const filters = { platform: 'bluesky', status: 'draft,approved', from: '2026-01-01', to: '2026-01-31T23:59:59Z', search: 'cold brew -iced', limit: 500, cursor: 'abc' };
    expect(searchPosts.input.parse(filters)).toStrictEqual(filters);
    expect(issues(searchPosts.input, { platform: 'twitter' })).toHaveLength(1);
    expect(issues(searchPosts.input, { status: 'draft,posted' })[0]).toMatch(/^status: Use one or more of these statuses/);
    expect(issues(searchPosts.input, { from: 'last week' })[0]).toMatch(/^from: Expected an ISO-8601 date/);
    expect(issues(searchPosts.input, { limit: 0 })).toEqual(['limit: limit is at least 1.']);
    expect(issues(searchPosts.input, { search: 'w'.repeat(501) })).toHaveLength(1);
    expect(issues(searchPosts.input, { cursor: 'c'.repeat(501) })).toHaveLength(1);
  });

  it('names the filters and their values in the descriptions', () => {
    expect(listPosts.description).toContain('x, linkedin, instagram, threads, bluesky, mastodon, facebook');
    expect(listPosts.description).toContain('idea, draft, approved, scheduled, published, archived');
    expect(searchPosts.description).toContain('nextCursor');
  });
});

/** An app whose post service answers one page, recording the requests it gets. */
function listingApp(posts: Array<Post & { handle: string; violations: unknown[] }>, nextCursor: string | null) {
  const requests: unknown[] = [];
  const app = {
    config: { listedPostCache: 100 },
    posts: {
      listChecked: async (_scope: Scope, request: unknown) => {
        requests.push(request);
        return { posts, nextCursor };
      },
      listRendered: async (_scope: Scope, request: unknown, rendered: { render(post: unknown): string }) => {
        requests.push(request);
        return { posts: posts.map((item) => rendered.render(item)), nextCursor };
      },
    },
  };
  return { app: app as unknown as App, requests };
}

describe('list_posts and search_posts', () => {
  const listed = [
    { ...post({ id: 2, text: 'Line one\nwith "quotes" and ünïcödé 😀' }), handle: 'acme', violations: [] },
    { ...post({ id: 1, status: 'published', publishedAt: '2026-02-01T10:00:00.000Z' }), handle: 'acme', violations: [{ rule: 'length' }] },
  ];

  it('passes the statuses on as a list, and no status filter for an empty one', async () => {
    const { app, requests } = listingApp(listed, null);
    await listPosts.run(app, scope, listPosts.input.parse({ handle: 'acme', status: ' Draft ,APPROVED' }), { signal });
    await searchPosts.run(app, scope, searchPosts.input.parse({ status: ',' }), { signal });
    await searchPosts.runJson!(app, scope, searchPosts.input.parse({ status: 'published' }), { signal });
    expect(requests).toEqual([
      { handle: 'acme', status: ['draft', 'approved'], limit: 20 },
      { status: undefined, limit: 20 },
      { status: ['published'], limit: 20 },
    ]);
  });

  it('answers the posts without their identity key, and the JSON text is byte for byte JSON.stringify of that answer', async () => {
    for (const nextCursor of [null, 'cursor "2"']) {
      for (const page of [listed, []]) {
        const { app } = listingApp(page, nextCursor);
        const input = listPosts.input.parse({ handle: 'acme' });
        const answer = (await listPosts.run(app, scope, input, { signal })) as { posts: object[]; nextCursor: string | null };
        expect(answer.nextCursor).toBe(nextCursor);
        expect(answer.posts).toHaveLength(page.length);
        for (const item of answer.posts) expect(item).not.toHaveProperty('dedupeKey');
        expect(await listPosts.runJson!(app, scope, input, { signal })).toBe(JSON.stringify(answer));
        expect(await searchPosts.runJson!(app, scope, searchPosts.input.parse({}), { signal })).toBe(JSON.stringify(answer));
      }
    }
  });

  it('keeps one store of rendered posts per app, sized by SMM_LISTED_POST_CACHE', () => {
    const first = listingApp([], null).app;
    const second = listingApp([], null).app;
    expect(listedPostJson(first)).toBe(listedPostJson(first));
    expect(listedPostJson(first)).not.toBe(listedPostJson(second));
    expect(listedPostJson(first).maxEntries).toBe(100);
    expect(listedPostJson(first).render(listed[0] as never)).toBe(JSON.stringify(postView(listed[0]!)));
  });
});

describe('get_post and delete_post input', () => {
  it('take one post id', () => {
    expect(getPost.input.parse({ id: 3 })).toStrictEqual({ id: 3 });
    expect(deletePost.input.parse({ id: 3, extra: true })).toStrictEqual({ id: 3 });
    expect(issues(getPost.input, { id: 0 })).toEqual(['id: A post id is a positive whole number.']);
  });
});

describe('create_post input', () => {
  it('needs a handle, a platform and a text, and leaves the status to the service', () => {
    const parsed = createPost.input.parse({ handle: 'acme', platform: 'x', text: 'Hello' });
    expect(parsed).toMatchObject({ handle: 'acme', platform: 'x', text: 'Hello', tags: [], threadParts: null });
    expect(Object.keys(parsed)).not.toContain('status');
    expect(Object.keys(parsed)).not.toContain('force');
    expect(issues(createPost.input, { handle: 'acme' }).map((issue) => issue.split(':')[0]).sort()).toEqual(['platform', 'text']);
  });

  it('does not let a caller set where the post came from or which generation wrote it', () => {
    const parsed = createPost.input.parse({ handle: 'acme', platform: 'x', text: 'Hello', source: 'generated', generationId: 99 });
    expect(Object.keys(parsed)).not.toContain('source');
    expect(Object.keys(parsed)).not.toContain('generationId');
  });

  it('normalizes dates to ISO-8601 UTC and checks status and force', () => {
    const parsed = createPost.input.parse({ handle: 'acme', platform: 'x', text: 'Hi', status: 'scheduled', scheduledAt: '2030-12-01T10:00:00+01:00', force: true });
    expect(parsed).toMatchObject({ status: 'scheduled', scheduledAt: '2030-12-01T09:00:00.000Z', force: true });
    expect(issues(createPost.input, { handle: 'acme', platform: 'x', text: 'Hi', status: 'posted' })).toHaveLength(1);
    expect(issues(createPost.input, { handle: 'acme', platform: 'x', text: 'Hi', force: 'yes' })).toHaveLength(1);
    expect(createPost.description).toContain('idea, draft, approved, scheduled, published, archived');
  });

  it('gives the service the handle and force apart from the post fields', async () => {
    const calls: unknown[][] = [];
    const app = { posts: { add: async (...args: unknown[]) => (calls.push(args), post({ id: 11 })) } } as unknown as App;
    const result = await createPost.run(app, scope, createPost.input.parse({ handle: 'acme', platform: 'x', text: 'Hi', force: true }), { signal });
    expect(calls).toHaveLength(1);
    const [givenScope, handle, fields, options] = calls[0]!;
    expect([givenScope, handle, options]).toEqual([scope, 'acme', { force: true }]);
    expect(Object.keys(fields as object)).not.toContain('handle');
    expect(Object.keys(fields as object)).not.toContain('force');
    expect(result).toMatchObject({ id: 11, handle: 'acme' });
    expect(result).not.toHaveProperty('dedupeKey');
  });
});

describe('update_post', () => {
  it('yields only the fields named: no default overwrites a stored value', () => {
    expect(updatePost.input.parse({ id: 3 })).toStrictEqual({ id: 3 });
    expect(updatePost.input.parse({ id: 3, engagement: { likes: 5 } })).toStrictEqual({ id: 3, engagement: { likes: 5 } });
    expect(updatePost.input.parse({ id: 3, threadParts: null, url: null })).toStrictEqual({ id: 3, threadParts: null, url: null });
  });

  it('still checks each field given, and never takes source or generationId', () => {
    expect(issues(updatePost.input, { id: 3, platform: 'myspace' })).toHaveLength(1);
    expect(issues(updatePost.input, { id: 3, engagement: { likes: -1 } })).toHaveLength(1);
    expect(issues(updatePost.input, { platform: 'x' })).toEqual(['id: A post id is a whole number, e.g. 42.']);
    expect(updatePost.input.parse({ id: 3, source: 'generated', generationId: 5 })).toStrictEqual({ id: 3 });
  });

  it('gives the service the id and force apart from the patch', async () => {
    const calls: unknown[][] = [];
    const app = { posts: { update: async (...args: unknown[]) => (calls.push(args), post({ id: 3 })) } } as unknown as App;
    const result = await updatePost.run(app, scope, updatePost.input.parse({ id: 3, text: 'New', force: false }), { signal });
    expect(calls).toEqual([[scope, 3, { text: 'New' }, { force: false }]]);
    expect(result).not.toHaveProperty('dedupeKey');
  });
});

describe('set_post_status, approve_post and schedule_post input', () => {
  it('set_post_status needs a known status and normalizes scheduledAt', () => {
    expect(setPostStatus.input.parse({ id: 1, status: 'scheduled', scheduledAt: '2030-01-01T00:00:00-05:00' })).toStrictEqual({
      id: 1,
      status: 'scheduled',
      scheduledAt: '2030-01-01T05:00:00.000Z',
    });
    expect(issues(setPostStatus.input, { id: 1 })).toHaveLength(1);
    expect(issues(setPostStatus.input, { id: 1, status: 'done' })).toHaveLength(1);
    expect(issues(setPostStatus.input, { id: 1, status: 'scheduled', scheduledAt: 'soon' })).toHaveLength(1);
  });

  it('approve_post takes an id and an optional force', () => {
    expect(approvePost.input.parse({ id: 1 })).toStrictEqual({ id: 1 });
    expect(approvePost.input.parse({ id: 1, force: true })).toStrictEqual({ id: 1, force: true });
  });

  it('schedule_post trims the time and zone, and refuses a blank time with an example', () => {
    expect(schedulePost.input.parse({ id: 1, scheduledAt: ' 2026-12-01 09:00 ', timeZone: ' Europe/Berlin ' })).toStrictEqual({
      id: 1,
      scheduledAt: '2026-12-01 09:00',
      timeZone: 'Europe/Berlin',
    });
    expect(issues(schedulePost.input, { id: 1, scheduledAt: '   ' })).toEqual(['scheduledAt: Give the time to publish at, e.g. 2026-12-01T09:00:00Z.']);
    expect(issues(schedulePost.input, { id: 1, scheduledAt: '2026-12-01T09:00:00Z', timeZone: ' ' })).toHaveLength(1);
    expect(issues(schedulePost.input, { id: 1, scheduledAt: 'x'.repeat(61) })).toHaveLength(1);
  });

  it('schedule_post hands the time and zone to the service as a move to scheduled', async () => {
    const calls: unknown[][] = [];
    const app = { posts: { advance: async (...args: unknown[]) => (calls.push(args), post({ status: 'scheduled' })) } } as unknown as App;
    await schedulePost.run(app, scope, schedulePost.input.parse({ id: 4, scheduledAt: '2026-12-01 09:00', timeZone: 'Europe/Berlin' }), { signal });
    expect(calls).toEqual([[scope, 4, { to: 'scheduled', at: '2026-12-01 09:00', timeZone: 'Europe/Berlin', force: undefined }]]);
  });
});
