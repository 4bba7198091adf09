import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock, PostRepository, ProfileRepository } from '../src/core/ports.js';
import type { Post, PostInput } from '../src/core/posts/post-schema.js';
import type { NewAccount } from '../src/core/publishing/account-schema.js';
import type { AccountRepository, ClaimRequest, Publication, PublicationRepository, PublishPlan } from '../src/core/publishing/publishing-ports.js';
import { newPost, profileFields, TestClock } from './storage-contract-fixtures.js';

/** What the publishing ports need around them: the profiles and posts they refer to. */
export interface PublishingStore {
  readonly profiles: ProfileRepository;
  readonly posts: PostRepository;
  readonly accounts: AccountRepository;
  readonly publications: PublicationRepository;
  close(): Promise<void>;
}

/** Opens a fresh, empty store each time, stamping with the given clock. */
export type OpenPublishing = (options?: { clock?: Clock }) => Promise<PublishingStore>;

const NOW = '2026-03-01T12:00:00.000Z';
const LEASE = '2026-03-01T12:05:00.000Z';
const request = (claimant: string, leaseUntil = LEASE, now = NOW): ClaimRequest => ({ claimant, leaseUntil, now });
const minutes = (n: number) => new Date(Date.parse(NOW) + n * 60_000).toISOString();

/** A publication as a fresh claim leaves it. */
const fresh = (postId: number, claimant: string | null, leaseUntil: string | null = LEASE): Publication => ({
  postId,
  accountId: null,
  claimant,
  leaseUntil,
  attempts: 0,
  plan: null,
  progress: [],
  lastError: null,
});

const plan = (accountId: number): PublishPlan => ({
  platform: 'bluesky',
  accountId,
  parts: [{ rkey: '3kabc', text: 'Hello « world » 👋', facets: [] }, { rkey: '3kabd', text: "it's 'quoted'" }],
});

const account = (profileId: number, fields: Partial<NewAccount> = {}): NewAccount => ({
  profileId,
  platform: 'bluesky',
  handle: 'jane.bsky.social',
  service: 'https://bsky.social',
  settings: {},
  sealedSecret: 'sealed:abc',
  ...fields,
});

/**
 * The publishing ports' contract (AccountRepository, PublicationRepository):
 * the SQL adapter on SQLite and PostgreSQL and the in-memory fakes the core
 * unit tests use all run it, so the fakes cannot drift from the rules that
 * keep a post published exactly once. `open` must return an empty store.
 */
export function publishingContract(name: string, open: OpenPublishing): void {
  describe(`Publishing contract: ${name}`, () => {
    let opened: PublishingStore | undefined;
    let clock = new TestClock(Date.parse(NOW));
    beforeEach(async () => {
      clock = new TestClock(Date.parse(NOW));
      opened = await open({ clock });
    });
    afterEach(async () => {
      await opened?.close();
      opened = undefined;
    });
    const store = (): PublishingStore => {
      if (!opened) throw new Error('the store is only open inside a test');
      return opened;
    };

    async function profile(handle = 'acme', workspace = 'default') {
      return store().profiles.create(workspace, profileFields(handle));
    }

    async function post(profileId: number, input: Partial<PostInput> = {}): Promise<Post> {
      return store().posts.insert(profileId, newPost({ platform: 'bluesky', status: 'approved', ...input }));
    }

    /** Sets a post's status by hand, as an edit would. */
    async function setStatus(postId: number, value: Post['status']): Promise<void> {
      const { id: _id, profileId: _profileId, dedupeKey: _dedupeKey, createdAt: _createdAt, updatedAt: _updatedAt, ...fields } = (await store().posts.get(postId))!;
      await store().posts.update(postId, { ...fields, status: value });
    }

    async function status(postId: number) {
      return (await store().posts.get(postId))?.status;
    }

    describe('accounts', () => {
      it('creates an account with its profile handle and the clock time, and gets it back', async () => {
        const acme = await profile('acme');
        const created = await store().accounts.create(account(acme.id, { settings: { visibility: 'unlisted' } }));
        const expected = {
          id: created.id,
          profileId: acme.id,
          profileHandle: 'acme',
          platform: 'bluesky',
          handle: 'jane.bsky.social',
          service: 'https://bsky.social',
          settings: { visibility: 'unlisted' },
          sealedSecret: 'sealed:abc',
          createdAt: NOW,
          updatedAt: NOW,
        };
        expect(created).toEqual(expected);
        expect(await store().accounts.get(created.id)).toEqual(expected);
        expect(await store().accounts.get(created.id + 1000)).toBeUndefined();
      });

      it('refuses the same handle twice on one profile and platform; another platform or profile may have it', async () => {
        const acme = await profile('acme');
        const other = await profile('other');
        await store().accounts.create(account(acme.id));
        await expect(store().accounts.create(account(acme.id, { sealedSecret: 'another' }))).rejects.toMatchObject({ code: 'conflict' });
        await store().accounts.create(account(acme.id, { platform: 'mastodon' }));
        await store().accounts.create(account(other.id));
        expect((await store().accounts.list('default')).map((row) => [row.profileHandle, row.platform, row.sealedSecret])).toEqual([
          ['acme', 'bluesky', 'sealed:abc'],
          ['acme', 'mastodon', 'sealed:abc'],
          ['other', 'bluesky', 'sealed:abc'],
        ]);
      });

      it('lists the accounts of one workspace, or of one profile, by id', async () => {
        const acme = await profile('acme');
        const elsewhere = await profile('acme', 'elsewhere');
        const beta = await profile('beta');
        const first = await store().accounts.create(account(beta.id, { handle: 'b1' }));
        const foreign = await store().accounts.create(account(elsewhere.id, { handle: 'e1' }));
        const second = await store().accounts.create(account(acme.id, { handle: 'a1' }));
        const third = await store().accounts.create(account(beta.id, { handle: 'b2', platform: 'mastodon' }));
        expect((await store().accounts.list('default')).map((row) => row.id)).toEqual([first.id, second.id, third.id]);
        expect((await store().accounts.list('default', beta.id)).map((row) => row.id)).toEqual([first.id, third.id]);
        expect((await store().accounts.list('elsewhere')).map((row) => row.id)).toEqual([foreign.id]);
        expect(await store().accounts.list('nowhere')).toEqual([]);
      });

      it("finds a profile's account on a platform: the oldest when several", async () => {
        const acme = await profile('acme');
        const other = await profile('other');
        await store().accounts.create(account(other.id, { handle: 'theirs' }));
        const oldest = await store().accounts.create(account(acme.id, { handle: 'zz-first' }));
        await store().accounts.create(account(acme.id, { handle: 'aa-second' }));
        const mastodon = await store().accounts.create(account(acme.id, { handle: 'me@example.social', platform: 'mastodon' }));
        expect((await store().accounts.findFor(acme.id, 'bluesky'))?.id).toBe(oldest.id);
        expect((await store().accounts.findFor(acme.id, 'mastodon'))?.id).toBe(mastodon.id);
        expect(await store().accounts.findFor(acme.id + 1000, 'bluesky')).toBeUndefined();
      });

      it("shows the profile's current handle, and goes with its profile", async () => {
        const acme = await profile('acme');
        const other = await profile('other');
        const renamed = await store().accounts.create(account(acme.id));
        const dropped = await store().accounts.create(account(other.id));
        await store().profiles.update(acme.id, profileFields('acme-renamed'));
        expect((await store().accounts.get(renamed.id))?.profileHandle).toBe('acme-renamed');
        await store().profiles.delete(other.id);
        expect(await store().accounts.get(dropped.id)).toBeUndefined();
        expect(await store().accounts.findFor(other.id, 'bluesky')).toBeUndefined();
        expect((await store().accounts.list('default')).map((row) => [row.id, row.profileHandle])).toEqual([[renamed.id, 'acme-renamed']]);
      });

      it('deletes an account (deleting an unknown one does nothing)', async () => {
        const acme = await profile('acme');
        const gone = await store().accounts.create(account(acme.id, { handle: 'gone' }));
        const kept = await store().accounts.create(account(acme.id, { handle: 'kept' }));
        await store().accounts.delete(gone.id);
        await store().accounts.delete(gone.id + 1000);
        expect(await store().accounts.get(gone.id)).toBeUndefined();
        expect((await store().accounts.list('default')).map((row) => row.id)).toEqual([kept.id]);
        expect((await store().accounts.findFor(acme.id, 'bluesky'))?.id).toBe(kept.id);
      });
    });

    describe('claims', () => {
      let acme: number;
      beforeEach(async () => {
        acme = (await profile('acme')).id;
      });

      it('claims a post whose status is listed: it becomes "publishing" with a fresh publication', async () => {
        const approved = await post(acme);
        expect(await store().publications.claim(approved.id, ['approved', 'scheduled'], request('a'))).toBe(true);
        expect(await status(approved.id)).toBe('publishing');
        expect(await store().publications.get(approved.id)).toEqual(fresh(approved.id, 'a'));
      });

      it('does not claim a post whose status is not listed, nor a missing post', async () => {
        const draft = await post(acme, { status: 'draft' });
        expect(await store().publications.claim(draft.id, ['approved', 'scheduled'], request('a'))).toBe(false);
        expect(await status(draft.id)).toBe('draft');
        expect(await store().publications.get(draft.id)).toBeUndefined();
        expect(await store().publications.claim(draft.id + 1000, ['draft'], request('a'))).toBe(false);
      });

      it('claims a post only once: a second claim fails and leaves the first claimant holding it', async () => {
        const approved = await post(acme);
        expect(await store().publications.claim(approved.id, ['approved'], request('a'))).toBe(true);
        expect(await store().publications.claim(approved.id, ['approved'], request('b'))).toBe(false);
        expect(await store().publications.get(approved.id)).toEqual(fresh(approved.id, 'a'));
      });

      it('two claims at once: exactly one wins', async () => {
        const approved = await post(acme);
        const results = await Promise.all([store().publications.claim(approved.id, ['approved'], request('a')), store().publications.claim(approved.id, ['approved'], request('b'))]);
        expect(results.filter(Boolean)).toHaveLength(1);
        expect((await store().publications.get(approved.id))?.claimant).toBe(results[0] ? 'a' : 'b');
      });

      it('a fresh claim (of a failed post) forgets the earlier plan, progress, attempts and error', async () => {
        const approved = await post(acme);
        await store().publications.claim(approved.id, ['approved'], request('a'));
        await store().publications.saveIntent(approved.id, 'a', plan(7));
        await store().publications.saveProgress(approved.id, 'a', [{ externalId: 'x1', url: 'https://x/1' }], LEASE);
        await store().publications.release(approved.id, 'a', 'Service unavailable (503).', minutes(1));
        await store().publications.takeOver(approved.id, null, request('a'));
        await store().publications.fail(approved.id, 'a', 'Bad request (400).');
        expect(await status(approved.id)).toBe('failed');
        expect(await store().publications.claim(approved.id, ['failed'], request('b', minutes(9)))).toBe(true);
        expect(await store().publications.get(approved.id)).toEqual(fresh(approved.id, 'b', minutes(9)));
      });

      it('claimDue claims the due scheduled posts of the given platforms, oldest first, up to the limit', async () => {
        const scheduled = (platform: PostInput['platform'], at: string, extra: Partial<PostInput> = {}) => post(acme, { platform, status: 'scheduled', scheduledAt: at, ...extra });
        const late = await scheduled('bluesky', minutes(-1));
        const tieA = await scheduled('mastodon', minutes(-5));
        const tieB = await scheduled('bluesky', minutes(-5));
        const exactlyNow = await scheduled('bluesky', NOW);
        const earliest = await scheduled('mastodon', minutes(-60));
        const future = await scheduled('bluesky', minutes(1));
        const otherPlatform = await scheduled('x', minutes(-90));
        const notScheduled = await post(acme, { status: 'approved', scheduledAt: minutes(-90) });
        const noTime = await post(acme, { status: 'scheduled', scheduledAt: null });

        expect(await store().publications.claimDue(['bluesky', 'mastodon'], 2, request('a'))).toEqual([earliest.id, tieA.id]);
        expect(await store().publications.claimDue(['bluesky', 'mastodon'], 10, request('b'))).toEqual([tieB.id, late.id, exactlyNow.id]);
        expect(await store().publications.claimDue(['bluesky', 'mastodon'], 10, request('c'))).toEqual([]);
        expect((await store().publications.get(earliest.id))?.claimant).toBe('a');
        expect((await store().publications.get(late.id))?.claimant).toBe('b');
        for (const untouched of [future, otherPlatform, notScheduled, noTime]) {
          expect(await status(untouched.id)).toBe(untouched.status);
          expect(await store().publications.get(untouched.id)).toBeUndefined();
        }
      });

      it('claims nothing with no statuses, no platforms or a limit of 0', async () => {
        const due = await post(acme, { status: 'scheduled', scheduledAt: minutes(-1) });
        expect(await store().publications.claim(due.id, [], request('a'))).toBe(false);
        expect(await store().publications.claimDue([], 10, request('a'))).toEqual([]);
        expect(await store().publications.claimDue(['bluesky'], 0, request('a'))).toEqual([]);
        expect(await status(due.id)).toBe('scheduled');
        expect(await store().publications.claimDue(['bluesky'], 1, request('a'))).toEqual([due.id]);
      });

      it('claimDue keeps to the workspace when one is given', async () => {
        const elsewhere = (await profile('acme', 'elsewhere')).id;
        const ours = await post(acme, { status: 'scheduled', scheduledAt: minutes(-1) });
        const theirs = await post(elsewhere, { status: 'scheduled', scheduledAt: minutes(-2) });
        expect(await store().publications.claimDue(['bluesky'], 10, request('a'), 'default')).toEqual([ours.id]);
        expect(await store().publications.claimDue(['bluesky'], 10, request('a'), 'nowhere')).toEqual([]);
        expect(await status(theirs.id)).toBe('scheduled');
        expect(await store().publications.claimDue(['bluesky'], 10, request('b'))).toEqual([theirs.id]);
      });

      it('two claimDue runs at once share the due posts without overlap', async () => {
        const due = await Promise.all(Array.from({ length: 6 }, (_, index) => post(acme, { status: 'scheduled', scheduledAt: minutes(-10 + index) })));
        const [one, two] = await Promise.all([store().publications.claimDue(['bluesky'], 10, request('a')), store().publications.claimDue(['bluesky'], 10, request('b'))]);
        expect([...one, ...two].sort((x, y) => x - y)).toEqual(due.map((row) => row.id).sort((x, y) => x - y));
        for (const id of one) expect((await store().publications.get(id))?.claimant).toBe('a');
        for (const id of two) expect((await store().publications.get(id))?.claimant).toBe('b');
      });
    });

    describe('the claimant', () => {
      let postId: number;
      let accountId: number;
      beforeEach(async () => {
        const acme = await profile('acme');
        accountId = (await store().accounts.create(account(acme.id))).id;
        postId = (await post(acme.id)).id;
        await store().publications.claim(postId, ['approved'], request('a'));
      });

      it('saves the intent (progress emptied, account set) and progress with a new lease', async () => {
        await store().publications.saveIntent(postId, 'a', plan(accountId));
        expect(await store().publications.get(postId)).toEqual({ ...fresh(postId, 'a'), accountId, plan: plan(accountId) });
        const progress = [{ externalId: 'at://did:plc:x/app.bsky.feed.post/3kabc', url: 'https://bsky.app/x', cid: 'bafy' }];
        await store().publications.saveProgress(postId, 'a', progress, minutes(10));
        expect(await store().publications.get(postId)).toEqual({ ...fresh(postId, 'a', minutes(10)), accountId, plan: plan(accountId), progress });
        await store().publications.saveIntent(postId, 'a', { ...plan(accountId), parts: [] });
        expect(await store().publications.get(postId)).toMatchObject({ plan: { parts: [] }, progress: [] });
      });

      it('refuses saveIntent and saveProgress by anyone else with a conflict, changing nothing', async () => {
        await store().publications.saveIntent(postId, 'a', plan(accountId));
        await expect(store().publications.saveIntent(postId, 'b', plan(999))).rejects.toMatchObject({ code: 'conflict' });
        await expect(store().publications.saveProgress(postId, 'b', [{ externalId: 'z', url: 'z' }], minutes(30))).rejects.toMatchObject({ code: 'conflict' });
        await expect(store().publications.saveIntent(postId + 1000, 'a', plan(accountId))).rejects.toMatchObject({ code: 'conflict' });
        expect(await store().publications.get(postId)).toEqual({ ...fresh(postId, 'a'), accountId, plan: plan(accountId) });
      });

      it('completes: the post is published with its platform id, URL and time; the claim is let go', async () => {
        await store().publications.saveIntent(postId, 'a', plan(accountId));
        const published = await store().publications.complete(postId, 'a', { externalId: 'ext-1', url: 'https://bsky.app/p/1', publishedAt: minutes(1) });
        expect(published).toMatchObject({ id: postId, status: 'published', externalId: 'ext-1', url: 'https://bsky.app/p/1', publishedAt: minutes(1) });
        expect(await store().posts.get(postId)).toEqual(published);
        expect(await store().publications.get(postId)).toEqual({ ...fresh(postId, null, null), accountId, plan: plan(accountId) });
      });

      it('refuses to complete for anyone else, or twice, with a conflict: the post stays as it was', async () => {
        const result = { externalId: 'ext-1', url: 'https://bsky.app/p/1', publishedAt: minutes(1) };
        await expect(store().publications.complete(postId, 'b', result)).rejects.toMatchObject({ code: 'conflict' });
        expect(await status(postId)).toBe('publishing');
        expect((await store().posts.get(postId))?.externalId).toBeNull();
        await store().publications.complete(postId, 'a', result);
        await expect(store().publications.complete(postId, 'a', { ...result, externalId: 'ext-2' })).rejects.toMatchObject({ code: 'conflict' });
        expect((await store().posts.get(postId))?.externalId).toBe('ext-1');
      });

      it('refuses to complete a claimed post no longer "publishing" (not found), and keeps the claim', async () => {
        await setStatus(postId, 'draft');
        await expect(store().publications.complete(postId, 'a', { externalId: 'ext-1', url: 'u', publishedAt: minutes(1) })).rejects.toMatchObject({ code: 'not_found' });
        expect(await status(postId)).toBe('draft');
        expect((await store().posts.get(postId))?.externalId).toBeNull();
        expect(await store().publications.get(postId)).toEqual(fresh(postId, 'a'));
      });

      it('claim, complete and fail stamp the post and raise its row version; release leaves it alone', async () => {
        const stamp = async (id: number) => {
          const [found] = await store().posts.getVersioned([id]);
          return { status: found!.post.status, updatedAt: found!.post.updatedAt, version: found!.version };
        };
        const before = (await stamp(postId)).version;
        const other = (await post((await store().posts.get(postId))!.profileId)).id;
        const otherBefore = (await stamp(other)).version;
        await store().publications.claim(other, ['approved'], request('a', LEASE, minutes(2)));
        expect(await stamp(other)).toEqual({ status: 'publishing', updatedAt: minutes(2), version: otherBefore + 1 });
        clock.advance(3 * 60_000);
        await store().publications.release(other, 'a', 'Service unavailable (503).', minutes(9));
        expect(await stamp(other)).toEqual({ status: 'publishing', updatedAt: minutes(2), version: otherBefore + 1 });
        await store().publications.takeOver(other, null, request('a'));
        await store().publications.fail(other, 'a', 'Bad request (400).');
        expect(await stamp(other)).toEqual({ status: 'failed', updatedAt: minutes(3), version: otherBefore + 2 });
        clock.advance(2 * 60_000);
        await store().publications.complete(postId, 'a', { externalId: 'e', url: 'u', publishedAt: minutes(4) });
        expect(await stamp(postId)).toEqual({ status: 'published', updatedAt: minutes(5), version: before + 1 });
      });

      it("fails: the post is failed with the platform's message; anyone else gets a conflict", async () => {
        await expect(store().publications.fail(postId, 'b', 'not mine')).rejects.toMatchObject({ code: 'conflict' });
        expect(await status(postId)).toBe('publishing');
        expect(await store().publications.errorsOf([postId])).toEqual(new Map());
        await store().publications.fail(postId, 'a', 'Bad request (400).');
        expect(await status(postId)).toBe('failed');
        expect(await store().publications.get(postId)).toEqual({ ...fresh(postId, null, null), lastError: 'Bad request (400).' });
        await expect(store().publications.fail(postId, 'a', 'again')).rejects.toMatchObject({ code: 'conflict' });
      });

      it('fail on a post no longer "publishing" records the error but leaves the status', async () => {
        await setStatus(postId, 'draft');
        await store().publications.fail(postId, 'a', 'Bad request (400).');
        expect(await status(postId)).toBe('draft');
        expect(await store().publications.get(postId)).toEqual({ ...fresh(postId, null, null), lastError: 'Bad request (400).' });
      });

      it('releases after a transient failure: still "publishing", retried after retryAt, one attempt more; others are ignored', async () => {
        await store().publications.saveIntent(postId, 'a', plan(accountId));
        await store().publications.release(postId, 'b', 'not mine', minutes(60));
        expect(await store().publications.get(postId)).toEqual({ ...fresh(postId, 'a'), accountId, plan: plan(accountId) });
        await store().publications.release(postId, 'a', 'Service unavailable (503).', minutes(2));
        expect(await status(postId)).toBe('publishing');
        const released = { ...fresh(postId, null, minutes(2)), accountId, plan: plan(accountId), attempts: 1, lastError: 'Service unavailable (503).' };
        expect(await store().publications.get(postId)).toEqual(released);
        // Released, nobody holds it: a second release by the same claimant changes nothing.
        await store().publications.release(postId, 'a', 'again', minutes(3));
        expect(await store().publications.get(postId)).toEqual(released);
        await expect(store().publications.saveProgress(postId, 'a', [], minutes(5))).rejects.toMatchObject({ code: 'conflict' });
      });
    });

    describe('take-over and recovery', () => {
      let acme: number;
      beforeEach(async () => {
        acme = (await profile('acme')).id;
      });

      it('takes over only from the claimant named, once; plan, progress and attempts survive', async () => {
        const approved = await post(acme);
        await store().publications.claim(approved.id, ['approved'], request('a'));
        await store().publications.saveIntent(approved.id, 'a', plan(3));
        const progress = [{ externalId: 'e1', url: 'u1' }];
        await store().publications.saveProgress(approved.id, 'a', progress, LEASE);
        expect(await store().publications.takeOver(approved.id, 'someone-else', request('c', minutes(20)))).toBe(false);
        expect(await store().publications.takeOver(approved.id, null, request('c', minutes(20)))).toBe(false);
        expect(await store().publications.takeOver(approved.id, 'a', request('c', minutes(20)))).toBe(true);
        expect(await store().publications.takeOver(approved.id, 'a', request('d', minutes(30)))).toBe(false);
        expect(await store().publications.get(approved.id)).toEqual({ ...fresh(approved.id, 'c', minutes(20)), accountId: 3, plan: plan(3), progress });
        // The old claimant has lost it.
        await expect(store().publications.saveProgress(approved.id, 'a', [], LEASE)).rejects.toMatchObject({ code: 'conflict' });
        await expect(store().publications.complete(approved.id, 'a', { externalId: 'x', url: 'x', publishedAt: NOW })).rejects.toMatchObject({ code: 'conflict' });
        expect(await status(approved.id)).toBe('publishing');
      });

      it('takes over a released claim (no claimant) by naming none', async () => {
        const approved = await post(acme);
        await store().publications.claim(approved.id, ['approved'], request('a'));
        await store().publications.release(approved.id, 'a', 'Service unavailable (503).', minutes(2));
        expect(await store().publications.takeOver(approved.id, 'a', request('b'))).toBe(false);
        expect(await store().publications.takeOver(approved.id, null, request('b', minutes(7)))).toBe(true);
        expect(await store().publications.get(approved.id)).toEqual({ ...fresh(approved.id, 'b', minutes(7)), attempts: 1, lastError: 'Service unavailable (503).' });
      });

      it('takes over a post set to "publishing" by hand (no publication yet), once', async () => {
        const byHand = await post(acme, { status: 'publishing' });
        expect(await store().publications.get(byHand.id)).toBeUndefined();
        expect(await store().publications.takeOver(byHand.id, null, request('b'))).toBe(true);
        expect(await store().publications.get(byHand.id)).toEqual(fresh(byHand.id, 'b'));
        expect(await store().publications.takeOver(byHand.id, null, request('c'))).toBe(false);
      });

      it('does not take over a post that is not "publishing", nor a missing one', async () => {
        const approved = await post(acme);
        await store().publications.claim(approved.id, ['approved'], request('a'));
        await store().publications.fail(approved.id, 'a', 'Bad request (400).');
        expect(await store().publications.takeOver(approved.id, null, request('b'))).toBe(false);
        const draft = await post(acme, { status: 'draft' });
        expect(await store().publications.takeOver(draft.id, null, request('b'))).toBe(false);
        expect(await store().publications.get(draft.id)).toBeUndefined();
        expect(await store().publications.takeOver(draft.id + 1000, null, request('b'))).toBe(false);
      });

      it('inFlight lists every post left in "publishing", by id, in the workspace given; the caller judges staleness', async () => {
        const elsewhere = (await profile('acme', 'elsewhere')).id;
        const held = await post(acme);
        const released = await post(acme);
        const byHand = await post(acme, { status: 'publishing' });
        const theirs = await post(elsewhere, { status: 'publishing' });
        const done = await post(acme);
        const failed = await post(acme);
        await post(acme, { status: 'scheduled', scheduledAt: minutes(-1) });
        for (const row of [held, released, done, failed]) await store().publications.claim(row.id, ['approved'], request('a'));
        await store().publications.saveIntent(held.id, 'a', plan(5));
        await store().publications.release(released.id, 'a', 'Service unavailable (503).', minutes(2));
        await store().publications.complete(done.id, 'a', { externalId: 'e', url: 'u', publishedAt: NOW });
        await store().publications.fail(failed.id, 'a', 'Bad request (400).');

        const ours = [
          { ...fresh(held.id, 'a'), accountId: 5, plan: plan(5) },
          { ...fresh(released.id, null, minutes(2)), attempts: 1, lastError: 'Service unavailable (503).' },
          fresh(byHand.id, null, null),
        ];
        expect(await store().publications.inFlight('default')).toEqual(ours);
        expect(await store().publications.inFlight('elsewhere')).toEqual([fresh(theirs.id, null, null)]);
        expect(await store().publications.inFlight()).toEqual([...ours, fresh(theirs.id, null, null)]);
      });

      it('errorsOf gives the last error of each post that has one', async () => {
        const failed = await post(acme);
        const retrying = await post(acme);
        const fine = await post(acme);
        const recovered = await post(acme);
        for (const row of [failed, retrying, fine, recovered]) await store().publications.claim(row.id, ['approved'], request('a'));
        await store().publications.fail(failed.id, 'a', 'Bad request (400).');
        await store().publications.release(retrying.id, 'a', 'Service unavailable (503).', minutes(1));
        await store().publications.release(recovered.id, 'a', 'Timed out.', minutes(1));
        await store().publications.takeOver(recovered.id, null, request('a'));
        await store().publications.complete(recovered.id, 'a', { externalId: 'e', url: 'u', publishedAt: NOW });
        const unclaimed = await post(acme);
        expect(await store().publications.errorsOf([failed.id, retrying.id, fine.id, recovered.id, unclaimed.id, 99_999])).toEqual(
          new Map([
            [failed.id, 'Bad request (400).'],
            [retrying.id, 'Service unavailable (503).'],
          ]),
        );
        expect(await store().publications.errorsOf([])).toEqual(new Map());
        expect(await store().publications.errorsOf([fine.id])).toEqual(new Map());
      });

      it("deleting a post forgets its publication and error", async () => {
        const approved = await post(acme);
        await store().publications.claim(approved.id, ['approved'], request('a'));
        await store().publications.fail(approved.id, 'a', 'Bad request (400).');
        await store().posts.delete(approved.id);
        expect(await store().publications.get(approved.id)).toBeUndefined();
        expect(await store().publications.errorsOf([approved.id])).toEqual(new Map());
      });

      it('get answers a copy: changing it changes nothing stored', async () => {
        const approved = await post(acme);
        await store().publications.claim(approved.id, ['approved'], request('a'));
        await store().publications.saveIntent(approved.id, 'a', plan(1));
        const copy = (await store().publications.get(approved.id))!;
        copy.claimant = 'mallory';
        copy.progress.push({ externalId: 'x', url: 'x' });
        (copy.plan!.parts as unknown[]).length = 0;
        expect(await store().publications.get(approved.id)).toEqual({ ...fresh(approved.id, 'a'), accountId: 1, plan: plan(1) });
        expect(await store().publications.get(approved.id + 1000)).toBeUndefined();
      });
    });
  });
}
