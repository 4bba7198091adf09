import { beforeEach, describe, expect, it } from 'vitest';
import { publishingWorld, refused } from '../../../test/fakes/memory-publishing.js';

const scope = { workspace: 'default' };
type World = ReturnType<typeof publishingWorld>;

describe('PublishingService.preview', () => {
  let world: World;
  beforeEach(async () => {
    world = publishingWorld();
    await world.profiles.create(scope, { handle: 'acme', displayName: 'Acme', voice: { bannedWords: ['synergy'], emojiPolicy: 'free' } });
  });

  it('shows what would be sent and from which account, sending nothing', async () => {
    await world.accounts.add(scope, { profile: 'acme', platform: 'bluesky', handle: 'jane.bsky.social', secret: 's' });
    const post = await world.posts.add(scope, 'acme', { platform: 'bluesky', text: ' Fresh beans. ', status: 'approved' });
    expect(await world.publishing.preview(scope, post.id)).toEqual({ postId: post.id, platform: 'bluesky', status: 'approved', account: 'jane.bsky.social', parts: ['Fresh beans.'], problems: [], manual: null });
    expect(world.publishers.bluesky.sent).toEqual([]);
    expect(world.storage.postRows.get(post.id)!.status).toBe('approved');
  });

  it('lists every problem in the way: no account, a broken rule, a post not approved', async () => {
    const post = await world.posts.add(scope, 'acme', { platform: 'bluesky', text: 'Pure synergy.' });
    const preview = await world.publishing.preview(scope, post.id);
    expect(preview).toMatchObject({ account: null, parts: [], manual: null });
    expect(preview.problems).toHaveLength(3);
    expect(preview.problems[0]).toBe('Profile "acme" has no bluesky account: add one with `smm account add`.');
    expect(preview.problems[1]).toMatch(/synergy/);
    expect(preview.problems[2]).toBe('The post is "draft": approve it first.');
  });

  it('finds no status problem in a scheduled, failed or publishing post', async () => {
    await world.accounts.add(scope, { profile: 'acme', platform: 'bluesky', handle: 'jane.bsky.social', secret: 's' });
    const scheduled = await world.posts.add(scope, 'acme', { platform: 'bluesky', text: 'Later.', scheduledAt: '2026-07-01T00:00:00Z' });
    expect((await world.publishing.preview(scope, scheduled.id)).problems).toEqual([]);
    const failing = await world.posts.add(scope, 'acme', { platform: 'bluesky', text: 'Refused.', status: 'approved' });
    world.publishers.bluesky.sendSteps.push(refused());
    await world.publishing.publishNow(scope, failing.id);
    expect((await world.publishing.preview(scope, failing.id)).problems).toEqual([]);
    await world.publications.claim(failing.id, ['failed'], { claimant: 'other', leaseUntil: '2026-06-01T13:00:00.000Z', now: '2026-06-01T12:00:00.000Z' });
    expect(await world.publishing.preview(scope, failing.id)).toMatchObject({ status: 'publishing', problems: [] });
  });

  it('hands over the text for a platform smm does not publish to', async () => {
    const post = await world.posts.add(scope, 'acme', { platform: 'linkedin', text: 'Hiring.' });
    expect(await world.publishing.preview(scope, post.id)).toMatchObject({ platform: 'linkedin', status: 'draft', account: null, parts: [], problems: [], manual: { parts: ['Hiring.'], shareUrl: null } });
  });
});

describe('PublishingService.calendar', () => {
  let world: World;
  beforeEach(async () => {
    world = publishingWorld();
    await world.profiles.create(scope, { handle: 'acme', displayName: 'Acme' });
    await world.profiles.create(scope, { handle: 'beta', displayName: 'Beta' });
    await world.accounts.add(scope, { profile: 'acme', platform: 'bluesky', handle: 'jane.bsky.social', secret: 's' });
  });

  it('lays out scheduled, published and failed posts per day and profile, with the error of a failed one', async () => {
    const tomorrow = await world.posts.add(scope, 'acme', { platform: 'bluesky', text: 'Tomorrow.', scheduledAt: '2026-06-02T09:30:00Z' });
    await world.posts.add(scope, 'acme', { platform: 'bluesky', text: 'A draft.' });
    await world.posts.add(scope, 'beta', { platform: 'x', text: 'Next week.', scheduledAt: '2026-06-09T09:30:00Z' });
    const failing = await world.posts.add(scope, 'acme', { platform: 'bluesky', text: 'Refused.', status: 'approved' });
    world.publishers.bluesky.sendSteps.push(refused('Too large (400).'));
    await world.publishing.publishNow(scope, failing.id);
    world.storage.postRows.set(failing.id, { ...world.storage.postRows.get(failing.id)!, scheduledAt: '2026-06-01T15:00:00.000Z' });

    const calendar = await world.publishing.calendar(scope, { days: 3, timeZone: 'Europe/Berlin' });
    expect(calendar).toMatchObject({ timeZone: 'Europe/Berlin', from: '2026-06-01', to: '2026-06-03' });
    expect(calendar.days.map((day) => day.date)).toEqual(['2026-06-01', '2026-06-02', '2026-06-03']);
    expect(calendar.days[0]!.profiles.acme).toMatchObject([{ postId: failing.id, status: 'failed', time: '17:00', error: 'Too large (400).' }]);
    expect(calendar.days[1]!.profiles.acme).toMatchObject([{ postId: tomorrow.id, status: 'scheduled', time: '11:30', error: null }]);
    expect(calendar.days[1]!.gaps).toEqual(['beta']);
    expect(calendar.days[2]!.gaps).toEqual(['acme', 'beta']);
  });

  it('shows a published post at its publication time, earlier posts of the first day too, in time order; not approved ones', async () => {
    const evening = await world.posts.add(scope, 'acme', { platform: 'x', text: 'Evening.', scheduledAt: '2026-06-01T19:00:00Z' });
    const morning = await world.posts.add(scope, 'acme', { platform: 'x', text: 'Morning.', publishedAt: '2026-06-01T08:00:00Z' });
    const moved = await world.posts.add(scope, 'acme', { platform: 'x', text: 'Moved.', scheduledAt: '2026-06-03T09:00:00Z' });
    world.storage.postRows.set(moved.id, { ...world.storage.postRows.get(moved.id)!, status: 'published', publishedAt: '2026-06-01T13:00:00.000Z' });
    await world.posts.add(scope, 'acme', { platform: 'x', text: 'Approved, with a time.', status: 'approved', scheduledAt: '2026-06-01T15:00:00Z' });
    const calendar = await world.publishing.calendar(scope, { days: 3, timeZone: 'UTC' });
    expect(calendar.days[0]!.profiles.acme!.map((entry) => [entry.postId, entry.time])).toEqual([
      [morning.id, '08:00'],
      [moved.id, '13:00'],
      [evening.id, '19:00'],
    ]);
    expect(calendar.days[2]!.profiles.acme).toEqual([]);
  });

  it('shows one profile when asked, and every page of posts', async () => {
    for (let index = 0; index < 501; index += 1) {
      await world.posts.add(scope, 'beta', { platform: 'x', text: `Post ${index}.`, scheduledAt: `2026-06-0${2 + (index % 2)}T09:30:00Z` });
    }
    await world.posts.add(scope, 'acme', { platform: 'x', text: 'Acme post.', scheduledAt: '2026-06-02T10:00:00Z' });
    const calendar = await world.publishing.calendar(scope, { profile: 'beta', days: 2, timeZone: 'UTC', start: new Date('2026-06-02T00:00:00Z') });
    expect(calendar.days.map((day) => Object.keys(day.profiles))).toEqual([['beta'], ['beta']]);
    expect(calendar.days.map((day) => day.profiles.beta!.length)).toEqual([251, 250]);
  });

  it('refuses an unknown time zone and a span outside 1 to 366 days', async () => {
    await expect(world.publishing.calendar(scope, { days: 7, timeZone: 'Mars/Olympus' })).rejects.toMatchObject({
      code: 'invalid_input',
      message: 'Unknown time zone "Mars/Olympus".',
      hint: 'Use an IANA name, e.g. Europe/Berlin, America/New_York or UTC.',
    });
    for (const days of [0, 367, 1.5]) {
      await expect(world.publishing.calendar(scope, { days, timeZone: 'UTC' })).rejects.toThrow('A calendar covers 1 to 366 days.');
    }
    expect((await world.publishing.calendar(scope, { days: 1, timeZone: 'UTC' })).days).toHaveLength(1);
    expect((await world.publishing.calendar(scope, { days: 366, timeZone: 'UTC' })).days).toHaveLength(366);
  });

  it("uses this machine's time zone when none is given", async () => {
    const calendar = await world.publishing.calendar(scope, { days: 1 });
    expect(calendar.timeZone).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
  });
});
