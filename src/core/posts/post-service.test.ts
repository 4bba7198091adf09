import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryStorage } from '../../../test/fakes/memory-storage.js';
import { AppError } from '../errors.js';
import type { Clock } from '../ports.js';
import { ProfileService } from '../profiles/profile-service.js';
import { PostService } from './post-service.js';

const clock: Clock = { now: () => new Date('2026-06-01T12:00:00Z') };
const scope = { workspace: 'default' };
const LONG = `Cold brew: ${'slow water, coarse grind. '.repeat(14)}`;

describe('PostService: drafts that are what they say', () => {
  let storage: MemoryStorage;
  let posts: PostService;

  beforeEach(async () => {
    storage = new MemoryStorage();
    const profiles = new ProfileService(storage.profiles);
    await profiles.create(scope, { handle: 'acme', displayName: 'Acme', voice: { bannedWords: ['synergy'], emojiPolicy: 'free' } });
    posts = new PostService({ posts: storage.posts, profiles, clock, hashText: (text) => `h:${text}` });
  });

  it('gives one default status: draft, published with a publication date, scheduled with only a time', async () => {
    expect((await posts.add(scope, 'acme', { platform: 'x', text: 'a' })).status).toBe('draft');
    expect((await posts.add(scope, 'acme', { platform: 'x', text: 'b', publishedAt: '2025-01-01T00:00:00Z' })).status).toBe('published');
    expect((await posts.add(scope, 'acme', { platform: 'x', text: 'c', scheduledAt: '2026-07-01T00:00:00Z' })).status).toBe('scheduled');
    expect((await posts.add(scope, 'acme', { platform: 'x', text: 'd', status: 'idea', publishedAt: '2025-01-01T00:00:00Z' })).status).toBe('idea');
  });

  it('saves a post that breaks its rules as a draft with its violations, but not as approved unless forced', async () => {
    const draft = await posts.add(scope, 'acme', { platform: 'x', text: LONG });
    expect(draft.violations.map((violation) => violation.rule)).toEqual(['length']);
    await expect(posts.add(scope, 'acme', { platform: 'x', text: `${LONG}.`, status: 'approved' })).rejects.toMatchObject({ code: 'conflict' });
    const forced = await posts.add(scope, 'acme', { platform: 'x', text: `${LONG}..`, status: 'approved' }, { force: true });
    expect(forced).toMatchObject({ status: 'approved', violations: [expect.objectContaining({ rule: 'length' })] });
  });

  it('advances a draft or an idea straight to approved, and refuses published or archived posts', async () => {
    const idea = await posts.add(scope, 'acme', { platform: 'bluesky', text: 'Latte art class?', status: 'idea' });
    expect((await posts.advance(scope, idea.id, { to: 'approved' })).status).toBe('approved');
    expect((await posts.advance(scope, idea.id, { to: 'approved' })).status).toBe('approved');
    const published = await posts.add(scope, 'acme', { platform: 'x', text: 'Old.', publishedAt: '2025-01-01T00:00:00Z' });
    await expect(posts.advance(scope, published.id, { to: 'approved' })).rejects.toMatchObject({ code: 'invalid_transition' });
    await expect(posts.advance(scope, published.id, { to: 'scheduled', at: '2027-01-01T00:00:00Z' })).rejects.toMatchObject({ code: 'invalid_transition' });
  });

  it('schedules with a time to come, in a zone, and reschedules; a missing or past time is refused', async () => {
    const draft = await posts.add(scope, 'acme', { platform: 'x', text: 'Roasting Tuesday.' });
    await expect(posts.advance(scope, draft.id, { to: 'scheduled' })).rejects.toThrow(/needs a time/);
    await expect(posts.advance(scope, draft.id, { to: 'scheduled', at: '2026-06-01 13:00', timeZone: 'Europe/Berlin' })).rejects.toThrow(/in the past/);
    const scheduled = await posts.advance(scope, draft.id, { to: 'scheduled', at: '2026-06-01 15:00', timeZone: 'Europe/Berlin' });
    expect(scheduled).toMatchObject({ status: 'scheduled', scheduledAt: '2026-06-01T13:00:00.000Z' });
    const moved = await posts.advance(scope, draft.id, { to: 'scheduled', at: '2026-06-02T08:00:00-04:00' });
    expect(moved.scheduledAt).toBe('2026-06-02T12:00:00.000Z');
    expect((await posts.advance(scope, draft.id, { to: 'approved' })).status).toBe('scheduled');
    await expect(posts.update(scope, draft.id, { scheduledAt: '2026-05-01T00:00:00Z' })).rejects.toThrow(/in the past/);
  });

  it('refuses approval of a post that breaks its rules, with every violation, unless forced; nothing is written when refused', async () => {
    const draft = await posts.add(scope, 'acme', { platform: 'x', text: `Pure synergy. ${LONG}` });
    const error = await posts.advance(scope, draft.id, { to: 'approved' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).details.violations).toEqual([expect.objectContaining({ rule: 'length' }), expect.objectContaining({ rule: 'banned-word' })]);
    expect((await posts.get(scope, draft.id)).post.status).toBe('draft');
    await expect(posts.setStatus(scope, draft.id, 'approved')).rejects.toMatchObject({ code: 'conflict' });
    await expect(posts.update(scope, draft.id, { status: 'approved' })).rejects.toMatchObject({ code: 'conflict' });
    expect((await posts.advance(scope, draft.id, { to: 'approved', force: true })).status).toBe('approved');
    // Once approved, changing the text to something that breaks a rule is checked as well.
    await expect(posts.update(scope, draft.id, { text: 'More synergy.' })).rejects.toMatchObject({ code: 'conflict' });
    expect((await posts.update(scope, draft.id, { text: 'Fixed.' })).violations).toEqual([]);
  });

  it('approves several posts each on its own', async () => {
    const good = await posts.add(scope, 'acme', { platform: 'x', text: 'Good.' });
    const bad = await posts.add(scope, 'acme', { platform: 'x', text: 'synergy' });
    const outcomes = await posts.advanceMany(scope, [good.id, bad.id, good.id, 424242], { to: 'approved' });
    expect(outcomes.map((outcome) => [outcome.id, outcome.ok])).toEqual([[good.id, true], [bad.id, false], [424242, false]]);
    expect((await posts.get(scope, good.id)).post.status).toBe('approved');
  });

  it('stores a thread as its parts, checks each part, and splits it again when its text changes', async () => {
    const parts = ['First part of the story. 1/2', 'Second part of the story. 2/2'];
    const thread = await posts.add(scope, 'acme', { platform: 'x', text: 'ignored', threadParts: parts });
    expect(thread).toMatchObject({ threadParts: parts, text: parts.join('\n\n'), violations: [] });
    const tooLong = await posts.update(scope, thread.id, { threadParts: [parts[0]!, `${LONG} 2/2`] });
    expect(tooLong.violations).toEqual([expect.objectContaining({ rule: 'thread-part', message: expect.stringMatching(/^Part 2 of the thread/) })]);
    const rewritten = await posts.update(scope, thread.id, { text: `${LONG}\n\n${LONG}` });
    expect(rewritten.threadParts!.length).toBeGreaterThan(1);
    expect(rewritten.violations).toEqual([]);
    const short = await posts.update(scope, thread.id, { text: 'Now it fits in one post.' });
    expect(short.threadParts).toBeNull();
    const elsewhere = await posts.add(scope, 'acme', { platform: 'linkedin', text: 'x', threadParts: ['One.', 'Two.'] });
    expect(elsewhere.violations).toEqual([expect.objectContaining({ rule: 'thread-part', message: expect.stringMatching(/LinkedIn has no threads/) })]);
  });

  it('lists posts with their handle and violations, and does not check published posts', async () => {
    await posts.add(scope, 'acme', { platform: 'x', text: LONG });
    await posts.add(scope, 'acme', { platform: 'x', text: LONG, publishedAt: '2025-01-01T00:00:00Z' });
    const page = await posts.listChecked(scope, { limit: 10 });
    expect(page.posts.map((post) => [post.handle, post.status, post.violations.length])).toEqual([
      ['acme', 'draft', 1],
      ['acme', 'published', 0],
    ]);
  });
});
