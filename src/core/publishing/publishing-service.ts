import { AppError, ConflictError, NotFoundError, toAppError } from '../errors.js';
import type { Platform } from '../platforms/platform-id.js';
import type { RuleOverrides } from '../platforms/rule-types.js';
import type { Clock, PostRepository, ProfileRepository } from '../ports.js';
import type { Post } from '../posts/post-schema.js';
import { assertTransition } from '../posts/post-status.js';
import type { PostService } from '../posts/post-service.js';
import type { Scope } from '../profiles/profile-service.js';
import type { Profile } from '../profiles/profile-schema.js';
import type { Calendar } from './calendar.js';
import { calendarOf, previewPost, type CalendarRequest, type PublishPreview } from './publishing-views.js';
import { isPublishingPlatform, PUBLISHING_PLATFORMS, type PublishingPlatform, type StoredAccount } from './account-schema.js';
import type { AccountService } from './account-service.js';
import { manualPublishing, type ManualPublishing } from './manual-publishing.js';
export type { PublishPreview } from './publishing-views.js';
import { publishLanguage, publishParts } from './publish-parts.js';
import { PublishFailedError } from './publishing-errors.js';
import type { ClaimRequest, PartResult, PlatformPublisher, Publication, PublicationRepository, PublisherSession, PublishPlan } from './publishing-ports.js';

const SESSION_TTL_MS = 30 * 60_000;

/** What happened to one post. */
export type PublishOutcome =
  | { postId: number; outcome: 'published'; platform: PublishingPlatform; url: string; externalId: string; parts: number; post: Post }
  | { postId: number; outcome: 'failed'; platform: string; error: string }
  | { postId: number; outcome: 'retrying'; platform: string; error: string; retryAt: string }
  | { postId: number; outcome: 'already-published'; platform: string; url: string | null }
  | { postId: number; outcome: 'busy'; platform: string; error: string }
  | { postId: number; outcome: 'manual'; platform: string; manual: ManualPublishing };

export interface PublishingOptions {
  /** How long a claim holds before another publisher may take the post over (default 10 minutes). */
  leaseMs?: number;
  /** Attempts per call to the platform on network errors and 5xx (default 4). */
  attempts?: number;
  /** First backoff delay; doubles each time (default 1 s). */
  backoffMs?: number;
  /** Transient failures across runs before a post is marked failed (default 8). */
  maxRuns?: number;
  /** Per-platform limits the user configured (a Mastodon server's max_characters…), for the last rule check. */
  ruleOverrides?: Partial<Record<Platform, RuleOverrides>>;
}

export interface PublishingDeps {
  posts: PostService;
  /** Unscoped reads, for posts the scheduler claimed in any workspace. */
  store: { posts: PostRepository; profiles: ProfileRepository };
  publications: PublicationRepository;
  accounts: AccountService;
  /** One publisher per platform, built on first use (their libraries are large). */
  publisher(platform: PublishingPlatform): Promise<PlatformPublisher>;
  clock: Clock;
  sleep: (ms: number) => Promise<void>;
  /** This process's name on claims, e.g. "host:pid:random". */
  claimant: string;
  /** Whether the holder of a claim still runs (false only when it is known to be gone). */
  isClaimantAlive(claimant: string): boolean;
  /** Test hook: called right after the platform answered, before the answer is stored. */
  afterPlatformCall?: () => void;
  options?: PublishingOptions;
}

/**
 * Publishes approved and scheduled posts exactly once. Every post is claimed
 * by a compare-and-set of its status; the exact records (with the platform's
 * idempotency handles) are stored before the first call; each part's answer
 * is stored as it comes. After a crash, a stale claim is taken over and the
 * stored plan is sent again, which the platform recognises as already done.
 */
export class PublishingService {
  private readonly leaseMs: number;
  private readonly attempts: number;
  private readonly backoffMs: number;
  private readonly maxRuns: number;
  private readonly sessions = new Map<string, { session: PublisherSession; until: number }>();

  constructor(private readonly deps: PublishingDeps) {
    this.leaseMs = deps.options?.leaseMs ?? 10 * 60_000;
    this.attempts = deps.options?.attempts ?? 4;
    this.backoffMs = deps.options?.backoffMs ?? 1_000;
    this.maxRuns = deps.options?.maxRuns ?? 8;
  }

  /** `smm publish ID`: publishes an approved, scheduled or failed post now, or says where it cannot. */
  async publishNow(scope: Scope, postId: number): Promise<PublishOutcome> {
    const { post, profile } = await this.deps.posts.get(scope, postId);
    if (!isPublishingPlatform(post.platform)) return { postId, outcome: 'manual', platform: post.platform, manual: manualPublishing(post) };
    if (post.status === 'published') return { postId, outcome: 'already-published', platform: post.platform, url: post.url };
    if (post.status === 'publishing') {
      const publication = await this.deps.publications.get(postId);
      // Released for a later retry (claimant null): asked by a person, it is retried now.
      if (publication && publication.claimant !== null && !this.isStale(publication)) {
        return { postId, outcome: 'busy', platform: post.platform, error: `Post ${postId} is being published by ${publication.claimant ?? 'another run'}.` };
      }
      if (!(await this.deps.publications.takeOver(postId, publication?.claimant ?? null, this.claimRequest()))) {
        return { postId, outcome: 'busy', platform: post.platform, error: `Post ${postId} was just taken by another publisher.` };
      }
      return this.send(scope, post, profile);
    }
    assertTransition(post.status, 'publishing');
    await this.requireAccount(scope, profile, post.platform);
    if (!(await this.deps.publications.claim(postId, ['approved', 'scheduled', 'failed'], this.claimRequest()))) {
      throw new ConflictError(`Post ${postId} changed while being claimed; run the command again.`);
    }
    return this.send(scope, post, profile);
  }

  /**
   * `smm publish --due` and each scheduler tick: first every post a crashed
   * or stopped publisher left in "publishing", then every scheduled post
   * whose time has come.
   */
  async publishDue(scope: Partial<Scope> = {}, limit = 50): Promise<PublishOutcome[]> {
    const outcomes = await this.reconcile(scope);
    const claimed = await this.deps.publications.claimDue(PUBLISHING_PLATFORMS, limit, this.claimRequest(), scope.workspace);
    for (const postId of claimed) outcomes.push(await this.sendClaimed(postId));
    return outcomes;
  }

  /** Finishes every post left in "publishing" by a publisher that is gone or whose claim expired. */
  async reconcile(scope: Partial<Scope> = {}): Promise<PublishOutcome[]> {
    const outcomes: PublishOutcome[] = [];
    for (const publication of await this.deps.publications.inFlight(scope.workspace)) {
      if (!this.isStale(publication)) continue;
      if (!(await this.deps.publications.takeOver(publication.postId, publication.claimant, this.claimRequest()))) continue;
      outcomes.push(await this.sendClaimed(publication.postId));
    }
    return outcomes;
  }

  /** What publishing the post now would send, and where; sends nothing (for a confirmation step). */
  preview(scope: Scope, postId: number): Promise<PublishPreview> {
    return previewPost(this.deps, scope, postId);
  }

  /** What is scheduled (and went out, or failed) per day and profile, over `days` days from today in `timeZone`. */
  calendar(scope: Scope, request: CalendarRequest): Promise<Calendar> {
    return calendarOf(this.deps, scope, request);
  }

  /** The last platform error of each post that has one (failed posts, and those waiting to retry). */
  errorsOf(postIds: readonly number[]): Promise<Map<number, string>> {
    return this.deps.publications.errorsOf(postIds);
  }

  private isStale(publication: Publication): boolean {
    if (publication.claimant === null) return publication.leaseUntil === null || publication.leaseUntil <= this.nowIso();
    if (publication.leaseUntil !== null && publication.leaseUntil <= this.nowIso()) return true;
    return publication.claimant !== this.deps.claimant && !this.deps.isClaimantAlive(publication.claimant);
  }

  private async sendClaimed(postId: number): Promise<PublishOutcome> {
    try {
      const post = await this.deps.store.posts.get(postId);
      const profile = post && (await this.deps.store.profiles.findById(post.profileId));
      if (!post || !profile) return { postId, outcome: 'failed', platform: 'unknown', error: `Post ${postId} was deleted while claimed.` };
      return await this.send({ workspace: profile.workspace }, post, profile);
    } catch (error) {
      const message = toAppError(error).message;
      await this.deps.publications.fail(postId, this.deps.claimant, message).catch(() => undefined);
      return { postId, outcome: 'failed', platform: 'unknown', error: message };
    }
  }

  /** Sends a claimed post: plan (once), then each part, storing each answer. */
  private async send(scope: Scope, post: Post, profile: Profile): Promise<PublishOutcome> {
    const platform = post.platform as PublishingPlatform;
    const claimant = this.deps.claimant;
    try {
      const publication = await this.deps.publications.get(post.id);
      let plan = publication?.plan ?? null;
      const progress: PartResult[] = [...(publication?.progress ?? [])];
      const account = plan ? await this.deps.accounts.stored(plan.accountId) : await this.requireAccount(scope, profile, platform);
      if (!account) throw new PublishFailedError(`The ${platform} account this post was planned for was removed.`, { retryable: false, hint: 'Add the account again and schedule the post again.' });
      const session = await this.sessionFor(account);
      if (!plan) {
        const checked = publishParts(post, profile, this.deps.options?.ruleOverrides?.[post.platform]);
        if (!checked.ok) {
          const message = `Not sent: ${checked.violations.map((violation) => violation.message).join(' ')}`;
          await this.deps.publications.fail(post.id, claimant, message);
          return { postId: post.id, outcome: 'failed', platform, error: message };
        }
        plan = await session.plan({ post, profile, account, parts: checked.parts, lang: publishLanguage(post.lang) ?? publishLanguage(profile.language), now: this.deps.clock.now() });
        await this.deps.publications.saveIntent(post.id, claimant, plan);
      }
      for (let index = progress.length; index < plan.parts.length; index += 1) {
        const result = await this.sendPart(session, plan, index, progress);
        this.deps.afterPlatformCall?.();
        progress.push(result);
        await this.deps.publications.saveProgress(post.id, claimant, progress, this.leaseUntil());
      }
      const first = progress[0]!;
      const published = await this.deps.publications.complete(post.id, claimant, { externalId: first.externalId, url: first.url, publishedAt: this.nowIso() });
      return { postId: post.id, outcome: 'published', platform, url: first.url, externalId: first.externalId, parts: progress.length, post: published };
    } catch (error) {
      // A refused or expired login must not be reused by the next post.
      this.sessions.clear();
      return this.failure(post, platform, error);
    }
  }

  /**
   * One login per account per half hour, not one per post: Bluesky's main
   * service allows only a few dozen logins per account in five minutes.
   * (The AT Protocol client refreshes its own tokens within a session.)
   */
  private async sessionFor(account: StoredAccount): Promise<PublisherSession> {
    const key = `${account.id}:${account.sealedSecret}`;
    const cached = this.sessions.get(key);
    if (cached && cached.until > this.deps.clock.now().getTime()) return cached.session;
    const publisher = await this.deps.publisher(account.platform);
    const secret = this.deps.accounts.secretOf(account);
    const session = await this.withRetries(() => publisher.connect(account, secret));
    this.sessions.set(key, { session, until: this.deps.clock.now().getTime() + SESSION_TTL_MS });
    return session;
  }

  private async sendPart(session: PublisherSession, plan: PublishPlan, index: number, previous: readonly PartResult[]): Promise<PartResult> {
    return this.withRetries(() => session.sendPart(plan, index, previous));
  }

  /** Network errors and 5xx are retried with exponential backoff; 4xx and everything else is not. */
  private async withRetries<T>(work: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await work();
      } catch (error) {
        if (!(error instanceof PublishFailedError) || !error.retryable || attempt >= this.attempts) throw error;
        await this.deps.sleep(this.backoffMs * 2 ** (attempt - 1));
      }
    }
  }

  /**
   * After a platform's 4xx (or a rule broken) the post is failed. After a
   * network error or 5xx, or a failure on our side (the database, a bug)
   * once its intent was recorded, it stays "publishing" and a later pass
   * finishes it from the stored plan: marking it failed then could lead a
   * person to send it a second time.
   */
  private async failure(post: Post, platform: string, error: unknown): Promise<PublishOutcome> {
    const appError = toAppError(error);
    const message = appError.hint ? `${appError.message} ${appError.hint}` : appError.message;
    try {
      const publication = await this.deps.publications.get(post.id);
      if (publication && publication.claimant !== this.deps.claimant) return { postId: post.id, outcome: 'busy', platform, error: message };
      const platformRefused = appError instanceof PublishFailedError && !appError.retryable;
      const mayHaveSent = publication?.plan != null;
      const retryable = (appError instanceof PublishFailedError && appError.retryable) || (!platformRefused && mayHaveSent);
      const attempts = publication?.attempts ?? 0;
      if (retryable && attempts + 1 < this.maxRuns) {
        const retryAt = new Date(this.deps.clock.now().getTime() + this.backoffMs * 60 * 2 ** attempts).toISOString();
        await this.deps.publications.release(post.id, this.deps.claimant, message, retryAt);
        return { postId: post.id, outcome: 'retrying', platform, error: message, retryAt };
      }
      await this.deps.publications.fail(post.id, this.deps.claimant, message);
    } catch (recordError) {
      // The database itself is failing (or another publisher took over): the claim's lease lets a later pass finish it.
      return { postId: post.id, outcome: 'retrying', platform, error: `${message} (and recording it failed: ${toAppError(recordError).message})`, retryAt: this.leaseUntil() };
    }
    if (!(error instanceof AppError)) return { postId: post.id, outcome: 'failed', platform, error: `Unexpected: ${message}` };
    return { postId: post.id, outcome: 'failed', platform, error: message };
  }

  private async requireAccount(scope: Scope, profile: Profile, platform: string) {
    if (!isPublishingPlatform(platform)) throw new NotFoundError('account', `${profile.handle}/${platform}`, 'Only Bluesky and Mastodon publish from smm.');
    const account = await this.deps.accounts.forProfile(profile, platform);
    if (!account) {
      throw new PublishFailedError(`Profile "${profile.handle}" has no ${platform} account to publish with.`, {
        retryable: false,
        hint: `Add one with \`smm account add --profile ${profile.handle} --platform ${platform} ${platform === 'bluesky' ? '--handle <handle>' : '--instance <url>'}\` (workspace "${scope.workspace}").`,
      });
    }
    return account;
  }

  private claimRequest(): ClaimRequest {
    return { claimant: this.deps.claimant, leaseUntil: this.leaseUntil(), now: this.nowIso() };
  }

  private leaseUntil(): string {
    return new Date(this.deps.clock.now().getTime() + this.leaseMs).toISOString();
  }

  private nowIso(): string {
    return this.deps.clock.now().toISOString();
  }
}
