import { ConflictError, PostNotFoundError } from '../../src/core/errors.js';
import type { Clock } from '../../src/core/ports.js';
import type { Post } from '../../src/core/posts/post-schema.js';
import type { NewAccount, PublishingPlatform, StoredAccount } from '../../src/core/publishing/account-schema.js';
import { PublishFailedError, SecretKeyError } from '../../src/core/publishing/publishing-errors.js';
import type {
  AccountRepository,
  ClaimRequest,
  PartResult,
  PlatformPublisher,
  Publication,
  PublicationRepository,
  PublisherSession,
  PublishPlan,
  PublishRequest,
  SecretBox,
} from '../../src/core/publishing/publishing-ports.js';
import { PostService } from '../../src/core/posts/post-service.js';
import { ProfileService } from '../../src/core/profiles/profile-service.js';
import { AccountService } from '../../src/core/publishing/account-service.js';
import { PublishingService, type PublishingDeps, type PublishingOptions } from '../../src/core/publishing/publishing-service.js';
import { MemoryStorage } from './memory-storage.js';

/**
 * The publishing ports in memory, for the core unit tests of
 * src/core/publishing: they follow the SQL adapter
 * (src/adapters/storage/publication-repository.ts), whose claims are
 * compare-and-set updates of the post's status in the same storage. They
 * run the publishing contract beside it (test/publishing-contract.test.ts).
 */
export class MemoryAccounts implements AccountRepository {
  /** Stored rows; profileHandle is joined from the profile on every read, as the SQL adapter does. */
  readonly rows = new Map<number, StoredAccount>();
  private nextId = 1;

  /** Without a clock, every account is stamped 2026-01-01. */
  constructor(
    private readonly storage: MemoryStorage,
    private readonly clock: Clock = { now: () => new Date('2026-01-01T00:00:00.000Z') },
  ) {}

  async create(account: NewAccount): Promise<StoredAccount> {
    if (!this.storage.profileRows.has(account.profileId)) throw new Error(`No profile ${account.profileId} (the database's foreign key refuses it).`);
    if (this.live().some((row) => row.profileId === account.profileId && row.platform === account.platform && row.handle === account.handle)) {
      throw new ConflictError(`The profile already has ${account.platform} account ${account.handle}.`);
    }
    const now = this.clock.now().toISOString();
    const stored: StoredAccount = { ...structuredClone(account), id: this.nextId++, profileHandle: this.storage.profileRows.get(account.profileId)!.handle, createdAt: now, updatedAt: now };
    this.rows.set(stored.id, stored);
    return this.joined(stored);
  }

  async get(id: number): Promise<StoredAccount | undefined> {
    return this.live().find((row) => row.id === id);
  }

  async list(workspace: string, profileId?: number): Promise<StoredAccount[]> {
    return this.live().filter((row) => this.storage.profileRows.get(row.profileId)?.workspace === workspace && (profileId === undefined || row.profileId === profileId));
  }

  async findFor(profileId: number, platform: PublishingPlatform): Promise<StoredAccount | undefined> {
    return this.live().find((row) => row.profileId === profileId && row.platform === platform);
  }

  async delete(id: number): Promise<void> {
    this.rows.delete(id);
  }

  /** The accounts whose profile still exists (deleting a profile deletes its accounts), by id, with the profile's handle. */
  private live(): StoredAccount[] {
    return [...this.rows.values()]
      .filter((row) => this.storage.profileRows.has(row.profileId))
      .sort((a, b) => a.id - b.id)
      .map((row) => this.joined(row));
  }

  private joined(row: StoredAccount): StoredAccount {
    return { ...structuredClone(row), profileHandle: this.storage.profileRows.get(row.profileId)!.handle };
  }
}

function lostClaim(postId: number): ConflictError {
  return new ConflictError(`Another publisher took over post ${postId}; this run stops sending it.`, 'Nothing to do: the other publisher finishes it.');
}

export class MemoryPublications implements PublicationRepository {
  readonly rows = new Map<number, Publication>();

  constructor(private readonly storage: MemoryStorage) {}

  async claim(postId: number, from: readonly string[], request: ClaimRequest): Promise<boolean> {
    const post = this.storage.postRows.get(postId);
    if (!post || !from.includes(post.status)) return false;
    this.setPost(postId, { status: 'publishing' }, request.now);
    this.rows.set(postId, { postId, accountId: null, claimant: request.claimant, leaseUntil: request.leaseUntil, attempts: 0, plan: null, progress: [], lastError: null });
    return true;
  }

  async claimDue(platforms: readonly string[], limit: number, request: ClaimRequest, workspace?: string): Promise<number[]> {
    const due = [...this.storage.postRows.values()]
      .filter((post) => post.status === 'scheduled' && post.scheduledAt !== null && post.scheduledAt <= request.now && platforms.includes(post.platform))
      .filter((post) => workspace === undefined || this.storage.profileRows.get(post.profileId)?.workspace === workspace)
      .sort((a, b) => (a.scheduledAt! < b.scheduledAt! ? -1 : a.scheduledAt! > b.scheduledAt! ? 1 : a.id - b.id))
      .slice(0, limit);
    const claimed: number[] = [];
    for (const post of due) if (await this.claim(post.id, ['scheduled'], request)) claimed.push(post.id);
    return claimed;
  }

  async inFlight(workspace?: string): Promise<Publication[]> {
    return [...this.storage.postRows.values()]
      .filter((post) => post.status === 'publishing')
      .filter((post) => workspace === undefined || this.storage.profileRows.get(post.profileId)?.workspace === workspace)
      .sort((a, b) => a.id - b.id)
      .map((post) => structuredClone(this.rows.get(post.id)) ?? { postId: post.id, accountId: null, claimant: null, leaseUntil: null, attempts: 0, plan: null, progress: [], lastError: null });
  }

  async takeOver(postId: number, previousClaimant: string | null, request: ClaimRequest): Promise<boolean> {
    if (this.storage.postRows.get(postId)?.status !== 'publishing') return false;
    const row = this.rows.get(postId);
    if (row) {
      if (row.claimant !== previousClaimant) return false;
      this.rows.set(postId, { ...row, claimant: request.claimant, leaseUntil: request.leaseUntil });
      return true;
    }
    this.rows.set(postId, { postId, accountId: null, claimant: request.claimant, leaseUntil: request.leaseUntil, attempts: 0, plan: null, progress: [], lastError: null });
    return true;
  }

  async get(postId: number): Promise<Publication | undefined> {
    const row = this.row(postId);
    return row && structuredClone(row);
  }

  async saveIntent(postId: number, claimant: string, plan: PublishPlan): Promise<void> {
    this.updateClaimed(postId, claimant, { plan: structuredClone(plan), progress: [], accountId: plan.accountId });
  }

  async saveProgress(postId: number, claimant: string, progress: PartResult[], leaseUntil: string): Promise<void> {
    this.updateClaimed(postId, claimant, { progress: structuredClone(progress), leaseUntil });
  }

  async complete(postId: number, claimant: string, result: { externalId: string; url: string; publishedAt: string }): Promise<Post> {
    if (this.row(postId)?.claimant !== claimant) throw lostClaim(postId);
    // The SQL adapter's transaction rolls back: the claim stays when the post is no longer "publishing".
    if (this.storage.postRows.get(postId)?.status !== 'publishing') throw new PostNotFoundError(postId);
    this.updateClaimed(postId, claimant, { claimant: null, leaseUntil: null, lastError: null });
    return this.setPost(postId, { status: 'published', externalId: result.externalId, url: result.url, publishedAt: result.publishedAt });
  }

  async fail(postId: number, claimant: string, message: string): Promise<void> {
    this.updateClaimed(postId, claimant, { claimant: null, leaseUntil: null, lastError: message });
    if (this.storage.postRows.get(postId)?.status === 'publishing') this.setPost(postId, { status: 'failed' });
  }

  async release(postId: number, claimant: string, message: string, retryAt: string): Promise<void> {
    const row = this.row(postId);
    if (row?.claimant !== claimant) return;
    this.rows.set(postId, { ...row, claimant: null, leaseUntil: retryAt, lastError: message, attempts: row.attempts + 1 });
  }

  async errorsOf(postIds: readonly number[]): Promise<Map<number, string>> {
    const errors = new Map<number, string>();
    for (const id of postIds) {
      const error = this.row(id)?.lastError;
      if (error != null) errors.set(id, error);
    }
    return errors;
  }

  private updateClaimed(postId: number, claimant: string, values: Partial<Publication>): void {
    const row = this.row(postId);
    if (row?.claimant !== claimant) throw lostClaim(postId);
    this.rows.set(postId, { ...row, ...values });
  }

  /** The post's publication; deleting a post deletes it (the foreign key cascades). */
  private row(postId: number): Publication | undefined {
    if (!this.storage.postRows.has(postId)) this.rows.delete(postId);
    return this.rows.get(postId);
  }

  /** Updates the post as the SQL adapter does: stamped, and its row version raised (the databases' trigger). */
  private setPost(postId: number, fields: Partial<Post>, updatedAt = this.storage.stamp()): Post {
    const next = { ...this.storage.postRows.get(postId)!, ...fields, updatedAt };
    this.storage.postRows.set(postId, next);
    this.storage.postVersions.set(postId, (this.storage.postVersions.get(postId) ?? 0) + 1);
    return { ...next };
  }
}

/** Seals by wrapping: opening with another context (another account) fails as a wrong key does. */
export const fakeSecretBox: SecretBox = {
  seal: (plain, context) => `sealed[${context}]${plain}`,
  open: (sealed, context) => {
    const prefix = `sealed[${context}]`;
    if (!sealed.startsWith(prefix)) throw new SecretKeyError('The credential was sealed with another key.', 'Set the key it was sealed with.');
    return sealed.slice(prefix.length);
  },
};

/** What a scripted publisher does on each call: answer, or throw. */
export type Step = 'ok' | PublishFailedError | Error;

/**
 * A platform that records every login and every part sent, and answers
 * each call from a script (then "ok"). Sending the same planned part twice
 * answers the first result, as the platforms' idempotency handles do.
 */
export class ScriptedPublisher implements PlatformPublisher {
  readonly logins: { handle: string; secret: string }[] = [];
  readonly sent: { index: number; text: string; previous: number; account: string }[] = [];
  /** Every call to sendPart, including those the platform recognised as already done. */
  readonly calls: number[] = [];
  readonly plans: PublishRequest[] = [];
  readonly connectSteps: Step[] = [];
  readonly sendSteps: Step[] = [];
  private readonly delivered = new Map<string, PartResult>();

  constructor(
    readonly platform: PublishingPlatform,
    private readonly identity = 'someone@example.social',
  ) {}

  async connect(account: { handle: string }, secret: string): Promise<PublisherSession & { identity: string }> {
    this.logins.push({ handle: account.handle, secret });
    const step = this.connectSteps.shift() ?? 'ok';
    if (step !== 'ok') throw step;
    return {
      identity: this.identity,
      plan: async (request) => {
        this.plans.push(request);
        return { platform: this.platform, accountId: request.account.id, parts: request.parts.map((text, index) => ({ key: `${request.post.id}-${index}`, text })) };
      },
      sendPart: async (plan, index, previous) => {
        this.calls.push(index);
        const part = plan.parts[index] as { key: string; text: string };
        const step = this.sendSteps.shift() ?? 'ok';
        if (step !== 'ok') throw step;
        const known = this.delivered.get(part.key);
        if (known) return known;
        // The session sends as the account it logged in with, whatever the plan says.
        this.sent.push({ index, text: part.text, previous: previous.length, account: account.handle });
        const result = { externalId: `id-${part.key}`, url: `https://${this.platform}.example/${part.key}` };
        this.delivered.set(part.key, result);
        return result;
      },
    };
  }
}

export const transient = (message = 'Service unavailable (503).') => new PublishFailedError(message, { retryable: true });
export const refused = (message = 'Bad request (400).') => new PublishFailedError(message, { retryable: false });

/** Everything publishing needs, in memory, around a clock the test moves. */
export function publishingWorld(options: { publishing?: PublishingOptions } = {}) {
  const time = { now: new Date('2026-06-01T12:00:00.000Z') };
  const clock = { now: () => new Date(time.now) };
  const storage = new MemoryStorage(clock);
  const profiles = new ProfileService(storage.profiles);
  const posts = new PostService({ posts: storage.posts, profiles, clock, hashText: (text) => `h:${text}` });
  const accountRows = new MemoryAccounts(storage, clock);
  const publications = new MemoryPublications(storage);
  const publishers = { bluesky: new ScriptedPublisher('bluesky', 'jane.bsky.social'), mastodon: new ScriptedPublisher('mastodon', 'jane@mastodon.example') };
  const publisher = async (platform: PublishingPlatform) => publishers[platform];
  const accounts = new AccountService({ accounts: accountRows, profiles, secrets: () => fakeSecretBox, publisher });
  const sleeps: number[] = [];
  const alive = new Set<string>();
  const deps: PublishingDeps & { publications: MemoryPublications } = {
    posts,
    store: { posts: storage.posts, profiles: storage.profiles },
    publications,
    accounts,
    publisher,
    clock,
    sleep: async (ms: number) => {
      sleeps.push(ms);
    },
    claimant: 'me',
    isClaimantAlive: (claimant: string) => alive.has(claimant),
    options: options.publishing,
  };
  const publishing = new PublishingService(deps);
  return { time, clock, storage, profiles, posts, accountRows, publications, publishers, accounts, sleeps, alive, deps, publishing, advance: (ms: number) => (time.now = new Date(time.now.getTime() + ms)) };
}
