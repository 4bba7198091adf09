import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryStorage } from '../../../test/fakes/memory-storage.js';
import { ProfileService } from '../profiles/profile-service.js';
import { PostService } from './post-service.js';

const team = { workspace: 'team' };
const LONG = `Cold brew: ${'slow water, coarse grind. '.repeat(14)}`;

describe('PostService.update', () => {
  let now: Date;
  let posts: PostService;

  beforeEach(async () => {
    now = new Date('2026-06-01T12:00:00Z');
    const storage = new MemoryStorage();
    const profiles = new ProfileService(storage.profiles);
    await profiles.create(team, { handle: 'acme', displayName: 'Acme' });
    posts = new PostService({ posts: storage.posts, profiles, clock: { now: () => now }, hashText: (text) => `h:${text}` });
  });

  it('follows the lifecycle when the status changes, and lets a patch name the status a post already has', async () => {
    const draft = await posts.add(team, 'acme', { platform: 'x', text: 'hello' });
    await expect(posts.update(team, draft.id, { status: 'published' })).rejects.toMatchObject({ code: 'invalid_transition' });
    const published = await posts.add(team, 'acme', { platform: 'x', text: 'old', publishedAt: '2025-01-01T00:00:00Z' });
    expect((await posts.update(team, published.id, { status: 'published', text: 'old, fixed' })).text).toBe('old, fixed');
  });

  it('dates a post published now when it had no publication date, and keeps a date it had', async () => {
    const approved = await posts.add(team, 'acme', { platform: 'x', text: 'ship it', status: 'approved' });
    expect((await posts.update(team, approved.id, { status: 'published' })).publishedAt).toBe('2026-06-01T12:00:00.000Z');
    const dated = await posts.add(team, 'acme', { platform: 'x', text: 'dated', status: 'approved' });
    expect((await posts.update(team, dated.id, { status: 'published', publishedAt: '2026-05-30T08:00:00Z' })).publishedAt).toBe('2026-05-30T08:00:00.000Z');
  });

  it('changes only the fields the patch names with a value', async () => {
    const post = await posts.add(team, 'acme', { platform: 'bluesky', text: 'keep me', lang: 'fr' });
    const updated = await posts.update(team, post.id, { text: undefined, platform: 'mastodon' });
    expect(updated).toMatchObject({ text: 'keep me', platform: 'mastodon', lang: 'fr', status: 'draft' });
  });

  it('checks a scheduled post’s time only when the time or the status changes', async () => {
    const scheduled = await posts.add(team, 'acme', { platform: 'x', text: 'soon', scheduledAt: '2026-06-02T09:00:00Z' });
    now = new Date('2026-06-03T00:00:00Z');
    expect((await posts.update(team, scheduled.id, { text: 'soon, edited' })).text).toBe('soon, edited');
    await expect(posts.update(team, scheduled.id, { scheduledAt: '2026-06-02T10:00:00Z' })).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('refuses a change of text or platform that makes an approved post break its rules, unless forced', async () => {
    const approved = await posts.add(team, 'acme', { platform: 'mastodon', text: LONG, status: 'approved' });
    expect(approved.violations).toEqual([]);
    await expect(posts.update(team, approved.id, { platform: 'x' })).rejects.toMatchObject({ code: 'conflict' });
    const short = await posts.add(team, 'acme', { platform: 'x', text: 'short', status: 'approved' });
    await expect(posts.update(team, short.id, { text: LONG })).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining(`Post ${short.id} breaks 1 rule`) });
    expect((await posts.update(team, short.id, { text: LONG }, { force: true })).violations.map((violation) => violation.rule)).toEqual(['length']);
    expect((await posts.update(team, short.id, { lang: 'de' })).lang).toBe('de');
  });

  it('splits a thread again when its platform changes, and drops the parts when it fits one post there', async () => {
    const thread = await posts.add(team, 'acme', { platform: 'x', text: LONG, threadParts: ['First half of it.', 'Second half of it.'] });
    expect(thread.threadParts).toHaveLength(2);
    const moved = await posts.update(team, thread.id, { platform: 'mastodon' });
    expect(moved.threadParts).toBeNull();
    expect(moved.text).toBe('First half of it.\n\nSecond half of it.');
  });

  it('moves a post to a status by the lifecycle, approving and scheduling through the rule check', async () => {
    const post = await posts.add(team, 'acme', { platform: 'x', text: 'status moves' });
    expect((await posts.setStatus(team, post.id, 'archived')).status).toBe('archived');
    expect((await posts.setStatus(team, post.id, 'draft', '2026-07-01T09:00:00Z')).scheduledAt).toBe('2026-07-01T09:00:00.000Z');
    const scheduled = await posts.setStatus(team, post.id, 'scheduled', '2026-07-02T09:00:00Z');
    expect(scheduled).toMatchObject({ status: 'scheduled', scheduledAt: '2026-07-02T09:00:00.000Z' });
  });
});
