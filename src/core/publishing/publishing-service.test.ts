import { beforeEach, describe, expect, it } from 'vitest';
import { publishingWorld, refused, transient } from '../../../test/fakes/memory-publishing.js';

const scope = { workspace: 'default' };
const HOUR = 3_600_000;
const LONG = Array.from({ length: 12 }, (_, index) => `Sentence ${index} about slow coffee and patience.`).join(' ');

type World = ReturnType<typeof publishingWorld>;

async function withAccount(world: World, options: { bannedWords?: string[]; language?: string } = {}) {
  await world.profiles.create(scope, { handle: 'acme', displayName: 'Acme', language: options.language ?? 'en', voice: { bannedWords: options.bannedWords ?? [], emojiPolicy: 'free' } });
  await world.accounts.add(scope, { profile: 'acme', platform: 'bluesky', handle: 'jane.bsky.social', secret: 'app-pass' });
  world.publishers.bluesky.logins.length = 0;
}

async function approved(world: World, text = 'Fresh beans today.', extra: Record<string, unknown> = {}) {
  // A text too long for one post is approved by force: the publisher splits it into a thread.
  return world.posts.add(scope, 'acme', { platform: 'bluesky', text, status: 'approved', ...extra }, { force: text === LONG });
}

describe('PublishingService.publishNow', () => {
  let world: World;
  beforeEach(async () => {
    world = publishingWorld();
    await withAccount(world, { language: 'zh-hant' });
  });

  it('publishes an approved post once and records where it went', async () => {
    const post = await approved(world);
    const outcome = await world.publishing.publishNow(scope, post.id);
    expect(outcome).toMatchObject({ outcome: 'published', platform: 'bluesky', parts: 1, externalId: `id-${post.id}-0`, url: `https://bluesky.example/${post.id}-0` });
    expect(world.storage.postRows.get(post.id)).toMatchObject({ status: 'published', externalId: `id-${post.id}-0`, publishedAt: '2026-06-01T12:00:00.000Z' });
    expect(world.publishers.bluesky.sent).toEqual([{ index: 0, text: 'Fresh beans today.', previous: 0, account: 'jane.bsky.social' }]);
    expect(world.publishers.bluesky.logins).toEqual([{ handle: 'jane.bsky.social', secret: 'app-pass' }]);
    // The post has no language of its own: the profile's, in canonical form.
    expect(world.publishers.bluesky.plans[0]).toMatchObject({ lang: 'zh-Hant', parts: ['Fresh beans today.'], now: new Date('2026-06-01T12:00:00.000Z') });
    expect(await world.publishing.publishNow(scope, post.id)).toEqual({ postId: post.id, outcome: 'already-published', platform: 'bluesky', url: `https://bluesky.example/${post.id}-0` });
    expect(world.publishers.bluesky.sent).toHaveLength(1);
  });

  it("sends the post's own language before the profile's", async () => {
    const post = await approved(world, 'Bonjour.', { lang: 'fr' });
    await world.publishing.publishNow(scope, post.id);
    expect(world.publishers.bluesky.plans[0]!.lang).toBe('fr');
  });

  it('sends a text too long for one post as a thread, each part after the one before', async () => {
    const post = await approved(world, LONG);
    const outcome = await world.publishing.publishNow(scope, post.id);
    const sent = world.publishers.bluesky.sent;
    expect(sent.length).toBeGreaterThan(1);
    expect(outcome).toMatchObject({ outcome: 'published', parts: sent.length, externalId: `id-${post.id}-0` });
    expect(sent.map((part) => part.previous)).toEqual(sent.map((_, index) => index));
    expect((await world.publications.get(post.id))!.progress).toHaveLength(sent.length);
  });

  it('hands over the text for platforms it does not publish to', async () => {
    const post = await world.posts.add(scope, 'acme', { platform: 'x', text: 'Hello & welcome', status: 'approved' });
    const outcome = await world.publishing.publishNow(scope, post.id);
    expect(outcome).toMatchObject({ outcome: 'manual', platform: 'x', manual: { parts: ['Hello & welcome'], shareUrl: 'https://x.com/intent/post?text=Hello%20%26%20welcome' } });
    expect(world.storage.postRows.get(post.id)!.status).toBe('approved');
  });

  it('refuses a draft, and a profile without an account, before claiming anything', async () => {
    const draft = await world.posts.add(scope, 'acme', { platform: 'bluesky', text: 'Not yet.' });
    await expect(world.publishing.publishNow(scope, draft.id)).rejects.toMatchObject({ code: 'invalid_transition' });
    const toot = await world.posts.add(scope, 'acme', { platform: 'mastodon', text: 'Hello fediverse.', status: 'approved' });
    const error = await world.publishing.publishNow(scope, toot.id).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'publish_failed', message: 'Profile "acme" has no mastodon account to publish with.' });
    expect((error as { hint: string }).hint).toBe('Add one with `smm account add --profile acme --platform mastodon --instance <url>` (workspace "default").');
    expect(world.storage.postRows.get(toot.id)!.status).toBe('approved');
    expect(await world.publications.get(toot.id)).toBeUndefined();
  });

  it('retries a network error with doubling backoff within one run', async () => {
    const post = await approved(world);
    world.publishers.bluesky.sendSteps.push(transient(), transient());
    expect(await world.publishing.publishNow(scope, post.id)).toMatchObject({ outcome: 'published' });
    expect(world.sleeps).toEqual([1000, 2000]);
    expect(world.publishers.bluesky.sent).toHaveLength(1);
  });

  it('after the last attempt, keeps a planned post "publishing" and retries it in a later run', async () => {
    const post = await approved(world);
    world.publishers.bluesky.sendSteps.push(transient(), transient(), transient(), transient());
    const outcome = await world.publishing.publishNow(scope, post.id);
    expect(world.sleeps).toEqual([1000, 2000, 4000]);
    expect(outcome).toEqual({ postId: post.id, outcome: 'retrying', platform: 'bluesky', error: 'Service unavailable (503).', retryAt: '2026-06-01T12:01:00.000Z' });
    expect(world.storage.postRows.get(post.id)!.status).toBe('publishing');
    expect(await world.publications.get(post.id)).toMatchObject({ claimant: null, attempts: 1, leaseUntil: '2026-06-01T12:01:00.000Z', lastError: 'Service unavailable (503).' });
    expect(await world.publishing.errorsOf([post.id])).toEqual(new Map([[post.id, 'Service unavailable (503).']]));

    // Not yet due: a scheduler pass leaves it; a person asking retries it now.
    expect(await world.publishing.publishDue(scope)).toEqual([]);
    expect(await world.publishing.publishNow(scope, post.id)).toMatchObject({ outcome: 'published' });
    expect(world.publishers.bluesky.sent).toHaveLength(1);
  });

  it('marks a post refused by the platform failed, with the message, without retrying', async () => {
    const post = await approved(world);
    world.publishers.bluesky.sendSteps.push(refused('Record too large (400).'));
    const outcome = await world.publishing.publishNow(scope, post.id);
    expect(outcome).toEqual({ postId: post.id, outcome: 'failed', platform: 'bluesky', error: 'Record too large (400).' });
    expect(world.sleeps).toEqual([]);
    expect(world.storage.postRows.get(post.id)!.status).toBe('failed');
    expect(await world.publishing.errorsOf([post.id])).toEqual(new Map([[post.id, 'Record too large (400).']]));
    // A failed post can be sent again by hand.
    expect(await world.publishing.publishNow(scope, post.id)).toMatchObject({ outcome: 'published' });
  });

  it('fails a post that breaks a rule at the last check, sending nothing', async () => {
    const banned = publishingWorld();
    await withAccount(banned, { bannedWords: ['synergy'] });
    const post = await banned.posts.add(scope, 'acme', { platform: 'bluesky', text: 'Pure synergy.', status: 'approved' }, { force: true });
    const outcome = await banned.publishing.publishNow(scope, post.id);
    expect(outcome).toMatchObject({ outcome: 'failed', platform: 'bluesky' });
    expect((outcome as { error: string }).error).toMatch(/^Not sent: .*synergy/);
    expect(banned.publishers.bluesky.sent).toEqual([]);
    expect(banned.storage.postRows.get(post.id)!.status).toBe('failed');
  });

  it('fails a post after an unexpected error before anything was planned, saying it was unexpected', async () => {
    const post = await approved(world);
    world.publishers.bluesky.connectSteps.push(new Error('socket hang up'));
    expect(await world.publishing.publishNow(scope, post.id)).toEqual({ postId: post.id, outcome: 'failed', platform: 'bluesky', error: 'Unexpected: socket hang up' });
    expect(world.storage.postRows.get(post.id)!.status).toBe('failed');
  });

  it('keeps a planned post for a later pass when our side fails after the intent was recorded', async () => {
    const post = await approved(world);
    world.deps.afterPlatformCall = () => {
      throw new Error('database is locked');
    };
    const outcome = await world.publishing.publishNow(scope, post.id);
    expect(outcome).toMatchObject({ outcome: 'retrying', error: 'database is locked' });
    expect(world.storage.postRows.get(post.id)!.status).toBe('publishing');
  });

  it('gives up after the configured number of runs', async () => {
    const limited = publishingWorld({ publishing: { maxRuns: 2, attempts: 1, backoffMs: 10 } });
    await withAccount(limited);
    const post = await approved(limited);
    limited.publishers.bluesky.sendSteps.push(transient(), transient());
    expect(await limited.publishing.publishNow(scope, post.id)).toMatchObject({ outcome: 'retrying', retryAt: '2026-06-01T12:00:00.600Z' });
    expect(limited.sleeps).toEqual([]);
    expect(await limited.publishing.publishNow(scope, post.id)).toMatchObject({ outcome: 'failed', error: 'Service unavailable (503).' });
    expect(limited.storage.postRows.get(post.id)!.status).toBe('failed');
  });

  it('says a post held by a live publisher is busy, and takes over one whose holder is gone', async () => {
    const post = await approved(world);
    const request = { claimant: 'other', leaseUntil: '2026-06-01T12:10:00.000Z', now: '2026-06-01T12:00:00.000Z' };
    await world.publications.claim(post.id, ['approved'], request);
    world.alive.add('other');
    expect(await world.publishing.publishNow(scope, post.id)).toEqual({ postId: post.id, outcome: 'busy', platform: 'bluesky', error: `Post ${post.id} is being published by other.` });
    expect(await world.publishing.reconcile(scope)).toEqual([]);
    world.alive.delete('other');
    expect(await world.publishing.publishNow(scope, post.id)).toMatchObject({ outcome: 'published' });
  });

  it('takes over a claim whose lease expired even when its holder still runs', async () => {
    const post = await approved(world);
    await world.publications.claim(post.id, ['approved'], { claimant: 'other', leaseUntil: '2026-06-01T12:10:00.000Z', now: '2026-06-01T12:00:00.000Z' });
    world.alive.add('other');
    world.advance(10 * 60_000);
    expect(await world.publishing.reconcile(scope)).toMatchObject([{ postId: post.id, outcome: 'published' }]);
  });

  it('logs in once per account for half an hour, and again after a refusal', async () => {
    const first = await approved(world, 'One.');
    const second = await approved(world, 'Two.');
    await world.publishing.publishNow(scope, first.id);
    await world.publishing.publishNow(scope, second.id);
    expect(world.publishers.bluesky.logins).toHaveLength(1);
    world.advance(30 * 60_000);
    await world.publishing.publishNow(scope, (await approved(world, 'Three.')).id);
    expect(world.publishers.bluesky.logins).toHaveLength(2);
    world.publishers.bluesky.sendSteps.push(refused());
    await world.publishing.publishNow(scope, (await approved(world, 'Four.')).id);
    await world.publishing.publishNow(scope, (await approved(world, 'Five.')).id);
    expect(world.publishers.bluesky.logins).toHaveLength(3);
  });
});

describe('PublishingService.publishDue', () => {
  let world: World;
  beforeEach(async () => {
    world = publishingWorld();
    await withAccount(world);
  });

  it('publishes the scheduled posts whose time has come, oldest first, up to the limit', async () => {
    const later = await world.posts.add(scope, 'acme', { platform: 'bluesky', text: 'Later.', scheduledAt: '2026-06-01T14:00:00Z' });
    const sooner = await world.posts.add(scope, 'acme', { platform: 'bluesky', text: 'Sooner.', scheduledAt: '2026-06-01T13:00:00Z' });
    const notYet = await world.posts.add(scope, 'acme', { platform: 'bluesky', text: 'Tomorrow.', scheduledAt: '2026-06-02T13:00:00Z' });
    const elsewhere = await world.posts.add(scope, 'acme', { platform: 'x', text: 'By hand.', scheduledAt: '2026-06-01T13:00:00Z' });
    world.advance(3 * HOUR);
    expect((await world.publishing.publishDue(scope, 1)).map((outcome) => [outcome.postId, outcome.outcome])).toEqual([[sooner.id, 'published']]);
    expect((await world.publishing.publishDue()).map((outcome) => [outcome.postId, outcome.outcome])).toEqual([[later.id, 'published']]);
    expect(world.storage.postRows.get(notYet.id)!.status).toBe('scheduled');
    expect(world.storage.postRows.get(elsewhere.id)!.status).toBe('scheduled');
  });

  it('finishes a post another run left half sent, without sending a part twice', async () => {
    const post = await approved(world, 'Thread.', { threadParts: ['First part.', 'Second part.', 'Third part.'] });
    let calls = 0;
    world.deps.afterPlatformCall = () => {
      calls += 1;
      if (calls === 2) throw new Error('killed');
    };
    expect(await world.publishing.publishNow(scope, post.id)).toMatchObject({ outcome: 'retrying' });
    const sentBefore = world.publishers.bluesky.sent.length;
    expect(sentBefore).toBe(2);
    world.deps.afterPlatformCall = undefined;
    world.advance(HOUR);
    const [outcome] = await world.publishing.publishDue(scope);
    expect(outcome).toMatchObject({ postId: post.id, outcome: 'published' });
    const sent = world.publishers.bluesky.sent;
    expect(sent.map((part) => part.text)).toEqual(['First part.', 'Second part.', 'Third part.']);
    // Resumed from the stored plan and progress: not planned again, and the stored first part not sent again.
    expect(world.publishers.bluesky.plans).toHaveLength(1);
    expect(world.publishers.bluesky.calls).toEqual([0, 1, 1, 2]);
    expect(outcome).toMatchObject({ parts: 3, externalId: `id-${post.id}-0` });
  });

  it('fails a planned post whose account was removed since', async () => {
    const post = await approved(world);
    world.deps.afterPlatformCall = () => {
      throw new Error('killed');
    };
    await world.publishing.publishNow(scope, post.id);
    world.deps.afterPlatformCall = undefined;
    await world.accountRows.delete([...world.accountRows.rows.keys()][0]!);
    world.advance(HOUR);
    const [outcome] = await world.publishing.publishDue(scope);
    expect(outcome).toMatchObject({ postId: post.id, outcome: 'failed', error: 'The bluesky account this post was planned for was removed. Add the account again and schedule the post again.' });
    expect(world.storage.postRows.get(post.id)!.status).toBe('failed');
  });

  it('says the post is waiting when recording the failure fails too', async () => {
    const post = await approved(world);
    world.publishers.bluesky.sendSteps.push(transient(), transient(), transient(), transient());
    world.publications.release = async () => {
      throw new Error('disk full');
    };
    expect(await world.publishing.publishNow(scope, post.id)).toEqual({
      postId: post.id,
      outcome: 'retrying',
      platform: 'bluesky',
      error: 'Service unavailable (503). (and recording it failed: disk full)',
      retryAt: '2026-06-01T12:10:00.000Z',
    });
  });

  it('only reconciles and claims in the workspace asked for', async () => {
    await world.profiles.create({ workspace: 'other' }, { handle: 'acme', displayName: 'Other Acme' });
    const here = await world.posts.add(scope, 'acme', { platform: 'bluesky', text: 'Here.', scheduledAt: '2026-06-01T13:00:00Z' });
    const there = await world.posts.add({ workspace: 'other' }, 'acme', { platform: 'bluesky', text: 'There.', scheduledAt: '2026-06-01T13:00:00Z' });
    world.advance(2 * HOUR);
    expect((await world.publishing.publishDue(scope)).map((outcome) => outcome.postId)).toEqual([here.id]);
    expect(world.storage.postRows.get(there.id)!.status).toBe('scheduled');
  });

  it('fails a due post whose profile has no account, saying how to add one', async () => {
    await world.profiles.create(scope, { handle: 'solo', displayName: 'Solo' });
    const post = await world.posts.add(scope, 'solo', { platform: 'bluesky', text: 'Later.', scheduledAt: '2026-06-01T13:00:00Z' });
    world.advance(2 * HOUR);
    const [outcome] = await world.publishing.publishDue(scope);
    expect(outcome).toEqual({
      postId: post.id,
      outcome: 'failed',
      platform: 'bluesky',
      error: 'Profile "solo" has no bluesky account to publish with. Add one with `smm account add --profile solo --platform bluesky --handle <handle>` (workspace "default").',
    });
    expect(world.storage.postRows.get(post.id)!.status).toBe('failed');
  });

  it('retries a post whose login failed on the network, though nothing was planned yet', async () => {
    const post = await approved(world);
    world.publishers.bluesky.connectSteps.push(transient(), transient(), transient(), transient());
    expect(await world.publishing.publishNow(scope, post.id)).toMatchObject({ outcome: 'retrying', retryAt: '2026-06-01T12:01:00.000Z' });
    expect(world.storage.postRows.get(post.id)!.status).toBe('publishing');
  });

  it('waits twice as long before each new run, and retries exactly when the wait is over', async () => {
    const post = await approved(world);
    world.publishers.bluesky.sendSteps.push(...Array.from({ length: 8 }, () => transient()));
    expect(await world.publishing.publishNow(scope, post.id)).toMatchObject({ outcome: 'retrying', retryAt: '2026-06-01T12:01:00.000Z' });
    world.advance(60_000);
    expect(await world.publishing.publishDue(scope)).toMatchObject([{ outcome: 'retrying', retryAt: '2026-06-01T12:03:00.000Z' }]);
    world.advance(2 * 60_000);
    expect(await world.publishing.publishDue(scope)).toMatchObject([{ outcome: 'published' }]);
  });

  it('sends each post from its own account, logging in to each', async () => {
    await world.profiles.create(scope, { handle: 'beta', displayName: 'Beta' });
    await world.accounts.add(scope, { profile: 'beta', platform: 'bluesky', handle: 'beta.bsky.social', secret: 'beta-pass' });
    const mine = await approved(world, 'From Acme.');
    const theirs = await world.posts.add(scope, 'beta', { platform: 'bluesky', text: 'From Beta.', status: 'approved' });
    await world.publishing.publishNow(scope, mine.id);
    await world.publishing.publishNow(scope, theirs.id);
    expect(world.publishers.bluesky.sent.map((part) => [part.text, part.account])).toEqual([
      ['From Acme.', 'jane.bsky.social'],
      ['From Beta.', 'beta.bsky.social'],
    ]);
  });

  it("never takes over a live claim of this same process, and says so when a claim is lost to a race", async () => {
    const post = await approved(world);
    await world.publications.claim(post.id, ['approved'], { claimant: 'me', leaseUntil: '2026-06-01T12:10:00.000Z', now: '2026-06-01T12:00:00.000Z' });
    expect(await world.publishing.publishNow(scope, post.id)).toMatchObject({ outcome: 'busy', error: `Post ${post.id} is being published by me.` });
    expect(await world.publishing.reconcile(scope)).toEqual([]);

    world.publications.takeOver = async () => false;
    world.advance(HOUR);
    expect(await world.publishing.publishNow(scope, post.id)).toEqual({ postId: post.id, outcome: 'busy', platform: 'bluesky', error: `Post ${post.id} was just taken by another publisher.` });

    const other = await approved(world, 'Another.');
    world.publications.claim = async () => false;
    await expect(world.publishing.publishNow(scope, other.id)).rejects.toMatchObject({ code: 'conflict', message: `Post ${other.id} changed while being claimed; run the command again.` });
    expect(world.publishers.bluesky.sent).toEqual([]);
  });
});
