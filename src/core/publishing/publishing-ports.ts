/**
 * The ports publishing needs: accounts and publications in storage, a
 * secret box for credentials, and one publisher per platform.
 */
import type { Post } from '../posts/post-schema.js';
import type { Profile } from '../profiles/profile-schema.js';
import type { NewAccount, PublishingPlatform, StoredAccount } from './account-schema.js';

export interface AccountRepository {
  /** Throws ConflictError when the profile already has this account. */
  create(account: NewAccount): Promise<StoredAccount>;
  get(id: number): Promise<StoredAccount | undefined>;
  /** Accounts of a workspace (or of one profile), by id. */
  list(workspace: string, profileId?: number): Promise<StoredAccount[]>;
  /** The profile's account on the platform (the oldest, when several). */
  findFor(profileId: number, platform: PublishingPlatform): Promise<StoredAccount | undefined>;
  delete(id: number): Promise<void>;
}

/** Seals credentials with a key kept outside the database. */
export interface SecretBox {
  /** `context` binds the sealed text to its account (platform and handle). */
  seal(plain: string, context: string): string;
  /** Throws SecretKeyError when the key is not the one that sealed it. */
  open(sealed: string, context: string): string;
}

/** Where one post's publishing stands. */
export interface Publication {
  postId: number;
  accountId: number | null;
  claimant: string | null;
  leaseUntil: string | null;
  attempts: number;
  /** The intent, fixed before the first call: what is sent, with its idempotency handles. */
  plan: PublishPlan | null;
  /** The platform's answer for each part sent so far. */
  progress: PartResult[];
  lastError: string | null;
}

export interface PublishPlan {
  platform: PublishingPlatform;
  accountId: number;
  /** Platform-specific, JSON: the exact records or requests of each part. */
  parts: unknown[];
}

export interface PartResult {
  /** The platform's id (Bluesky at:// URI, Mastodon status id). */
  externalId: string;
  url: string;
  /** Bluesky: the record's CID (needed to reply to it). */
  cid?: string;
}

export interface ClaimRequest {
  claimant: string;
  leaseUntil: string;
  now: string;
}

/**
 * Claims are compare-and-set updates of the post's status inside a
 * transaction, so that two schedulers sharing a database never both hold
 * the same post.
 */
export interface PublicationRepository {
  /** Claims one post if its status is one of `from`; a fresh claim forgets any earlier plan. */
  claim(postId: number, from: readonly string[], request: ClaimRequest): Promise<boolean>;
  /** Claims up to `limit` scheduled posts due at `now` on the given platforms, oldest first. */
  claimDue(platforms: readonly string[], limit: number, request: ClaimRequest, workspace?: string): Promise<number[]>;
  /** Every post in "publishing", with its claim (PublishingService.reconcile decides which claims are stale: expired, or their holder gone). */
  inFlight(workspace?: string): Promise<Publication[]>;
  /** Takes over a stale claim if nobody else did first. */
  takeOver(postId: number, previousClaimant: string | null, request: ClaimRequest): Promise<boolean>;
  get(postId: number): Promise<Publication | undefined>;
  /** Records the intent before the first call to the platform. */
  saveIntent(postId: number, claimant: string, plan: PublishPlan): Promise<void>;
  saveProgress(postId: number, claimant: string, progress: PartResult[], leaseUntil: string): Promise<void>;
  /** Marks the post published with its platform id, URL and time. */
  complete(postId: number, claimant: string, result: { externalId: string; url: string; publishedAt: string }): Promise<Post>;
  /** Marks the post failed with the platform's message. */
  fail(postId: number, claimant: string, message: string): Promise<void>;
  /** Lets go of a claim after a transient failure: the post stays "publishing" and is retried after `retryAt`. */
  release(postId: number, claimant: string, message: string, retryAt: string): Promise<void>;
  /** The last platform error of each post that has one. */
  errorsOf(postIds: readonly number[]): Promise<Map<number, string>>;
}

export interface PublishRequest {
  post: Post;
  profile: Profile;
  account: StoredAccount;
  /** The parts of the post, one for a single post, several for a thread. */
  parts: string[];
  /** BCP-47 language tag, when known. */
  lang: string | null;
  now: Date;
}

/** A logged-in connection to one account. */
export interface PublisherSession {
  /** Fixes everything that will be sent (record keys, times, facets, idempotency keys). No side effect on the platform. */
  plan(request: PublishRequest): Promise<PublishPlan>;
  /**
   * Sends part `index` of the plan, or finds it already sent: safe to call
   * again after a crash or a lost answer. `previous` holds the results of the
   * parts before it (for threads).
   */
  sendPart(plan: PublishPlan, index: number, previous: readonly PartResult[]): Promise<PartResult>;
}

export interface PlatformPublisher {
  readonly platform: PublishingPlatform;
  /** Logs in; throws PublishFailedError (not retryable) when the credential is refused. */
  connect(account: { handle: string; service: string; settings: StoredAccount['settings'] }, secret: string): Promise<PublisherSession & { identity: string }>;
}
