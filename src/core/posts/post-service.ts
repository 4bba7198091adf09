import { AppError, PostNotFoundError, PostRulesViolatedError } from '../errors.js';
import { exportChunks, type ExportFormat } from '../importers/export-writer.js';
import type { Platform } from '../platforms/platform-id.js';
import type { RuleOverrides, Violation } from '../platforms/rule-types.js';
import type { Clock, GenerationRecord, GenerationRepository, NewPost, PostPage, PostQuery, PostRepository } from '../ports.js';
import type { ProfileService, Scope } from '../profiles/profile-service.js';
import type { Profile } from '../profiles/profile-schema.js';
import { parseInput } from '../validation.js';
import { checkPost, type PostCheck } from './post-check.js';
import { assertSchedulable, resplitThread, threadText } from './post-lifecycle.js';
import { PostInputSchema, PostPatchSchema, type Post, type PostFields, type PostInput, type PostPatch, type PostStatus } from './post-schema.js';
import { assertTransition, CHECKED_STATUSES, defaultStatusFor } from './post-status.js';
import { parseScheduleTime } from './schedule-time.js';
import { dedupeKeyFor, type HashText } from './dedupe-key.js';
import { ProfileTags, type RenderedPosts } from './rendered-posts.js';

export interface PostListRequest {
  handle?: string;
  platform?: PostQuery['platform'];
  status?: PostStatus[];
  from?: string;
  to?: string;
  search?: string;
  limit?: number;
  cursor?: string;
}

/** A post with what its platform's rules found in it (empty: it can be published as it is). */
export type CheckedPost = Post & { violations: Violation[] };

/** A listed post with its profile's handle and its rule check. */
export type ListedPost = CheckedPost & { handle: string };

/** Approve or schedule: the one move the CLI, REST, MCP and the scheduler make. */
export interface AdvanceRequest {
  to: 'approved' | 'scheduled';
  /** When to publish (to scheduled): ISO-8601 with an offset, or a local "2026-12-01 09:00" in `timeZone`. */
  at?: string;
  /** IANA zone for a local `at`, e.g. Europe/Berlin. */
  timeZone?: string;
  /** Move it even though it breaks its platform's rules (the violations are still returned). */
  force?: boolean;
}

/** What a person needs to decide on a post: its rule check and, for a generated draft, how it was written. */
export interface PostInspection {
  post: CheckedPost;
  profile: Profile;
  /** The run that wrote it, with the example posts it was shown (those still stored). */
  generation: (GenerationRecord & { examples: Array<{ postId: number; text: string }> }) | null;
}

export type AdvanceOutcome = { id: number; ok: true; post: CheckedPost } | { id: number; ok: false; error: AppError };

export interface PostServiceDeps {
  posts: PostRepository;
  profiles: ProfileService;
  clock: Clock;
  hashText: HashText;
  /** For `inspect`: the generation run that wrote a draft. */
  generations?: Pick<GenerationRepository, 'get'>;
  /** Per-platform limits the user configured (paid X accounts, a Mastodon server's max_characters). */
  overrides?: Partial<Record<Platform, RuleOverrides>>;
  /** Edit learning: told of every changed post, keeps a generated draft's approved text. */
  edits?: { recordApproval(post: Post): Promise<void> };
}

/**
 * Posts of a profile: write, read, edit with the status lifecycle enforced,
 * search. A post reaches approved or scheduled only if it passes its
 * platform's rules, or when the caller forces it; adding and editing report
 * the violations as warnings.
 */
export class PostService {
  private readonly profileTags = new ProfileTags();

  constructor(private readonly deps: PostServiceDeps) {}

  /** Saves a new post. Without a status it is a draft (published if it has a publication date). */
  async add(scope: Scope, handle: string, input: PostInput, options: { force?: boolean } = {}): Promise<CheckedPost> {
    const profile = await this.deps.profiles.get(scope, handle);
    const parsed = parseInput(PostInputSchema, { ...input, status: input.status ?? defaultStatusFor(input) }, 'post');
    const fields = parsed.threadParts ? { ...parsed, text: threadText(parsed.threadParts) } : parsed;
    if (fields.status === 'scheduled') assertSchedulable(fields.scheduledAt, this.deps.clock.now());
    const check = this.check(fields, profile);
    if (CHECKED_STATUSES.includes(fields.status) && check.violations.length > 0 && !options.force) {
      throw new PostRulesViolatedError(undefined, fields.status, check.violations);
    }
    const post: NewPost = { ...fields, dedupeKey: dedupeKeyFor(fields, this.deps.hashText) };
    return { ...(await this.deps.posts.insert(profile.id, post)), violations: check.violations };
  }

  /** The post with its profile, if the caller's scope can see it. */
  async get(scope: Scope, id: number): Promise<{ post: Post; profile: Profile }> {
    const post = await this.deps.posts.get(id);
    if (!post) throw new PostNotFoundError(id);
    const profile = await this.profileOf(scope, post);
    return { post, profile };
  }

  /** The post, its violations and its generation record with the examples' text. */
  async inspect(scope: Scope, id: number): Promise<PostInspection> {
    const { post, profile } = await this.get(scope, id);
    const violations = this.check(post, profile).violations;
    const record = post.generationId === null ? undefined : await this.deps.generations?.get(post.generationId);
    if (!record) return { post: { ...post, violations }, profile, generation: null };
    const stored = new Map((await this.deps.posts.getMany(record.exampleIds)).filter((example) => example.profileId === profile.id).map((example) => [example.id, example]));
    const examples = record.exampleIds.flatMap((exampleId) => {
      const example = stored.get(exampleId);
      return example ? [{ postId: example.id, text: example.text }] : [];
    });
    return { post: { ...post, violations }, profile, generation: { ...record, examples } };
  }

  /** What the platform's rules and the profile's voice policies find in the post. */
  check(post: Pick<PostFields, 'platform' | 'text' | 'threadParts'>, profile: Pick<Profile, 'voice'>): PostCheck {
    return checkPost(post, { voice: profile.voice, overrides: this.deps.overrides?.[post.platform] });
  }

  async list(scope: Scope, request: PostListRequest): Promise<PostPage> {
    return (await this.listWithProfile(scope, request)).page;
  }

  /** list, with the profile the request names (when it names one), so callers need not look it up again. */
  private async listWithProfile(scope: Scope, request: PostListRequest): Promise<{ page: PostPage; profile: Profile | undefined }> {
    const named = request.handle ? await this.deps.profiles.get(scope, request.handle) : undefined;
    const page = await this.deps.posts.list(this.queryOf(scope, request, named?.id));
    return { page: { ...page, posts: await this.visibleTo(scope, named, page.posts) }, profile: named };
  }

  private queryOf(scope: Scope, request: PostListRequest, profileId: number | undefined): PostQuery {
    return {
      workspace: scope.workspace,
      profileId,
      platform: request.platform,
      status: request.status,
      from: request.from,
      to: request.to,
      search: request.search?.trim() || undefined,
      limit: Math.min(Math.max(request.limit ?? 20, 1), 500),
      cursor: request.cursor,
    };
  }

  /** Without a named profile, a caller with an owner sees only the posts of the profiles it can see. */
  private async visibleTo<P extends { profileId: number }>(scope: Scope, named: Profile | undefined, posts: P[]): Promise<P[]> {
    if (scope.owner == null || named !== undefined) return posts;
    const visible = new Set((await this.deps.profiles.list(scope)).map((profile) => profile.id));
    return posts.filter((post) => visible.has(post.profileId));
  }

  /** list, with each post's profile handle and its rule check (published and archived posts are not checked). */
  async listChecked(scope: Scope, request: PostListRequest): Promise<{ posts: ListedPost[]; nextCursor: string | null }> {
    const { page, profile: named } = await this.listWithProfile(scope, request);
    const profiles = this.profileLookup(scope, named);
    const posts: ListedPost[] = [];
    for (const post of page.posts) {
      const profile = await profiles(post.profileId);
      if (profile) posts.push(this.listed(post, profile));
    }
    return { posts, nextCursor: page.nextCursor };
  }

  /**
   * listChecked, each post as `rendered` renders it, reusing the renderings
   * it keeps: one query reads the page's (id, profile, row version) on every
   * call, whoever changed the posts since; only the posts whose rendering
   * is not kept for that version (and that profile's handle and voice
   * guide) are read in full, by a second query, checked and rendered.
   */
  async listRendered<T>(scope: Scope, request: PostListRequest, rendered: RenderedPosts<T>): Promise<{ posts: T[]; nextCursor: string | null }> {
    const named = request.handle ? await this.deps.profiles.get(scope, request.handle) : undefined;
    const page = await this.deps.posts.listVersions(this.queryOf(scope, request, named?.id));
    const entries = await this.visibleTo(scope, named, page.posts);
    const profiles = new Map<number, Profile | undefined>(named ? [[named.id, named]] : []);
    const values: Array<T | undefined> = [];
    const missing = new Map<number, { index: number; profile: Profile }>();
    for (let index = 0; index < entries.length; index += 1) {
      const entry = entries[index]!;
      if (!profiles.has(entry.profileId)) profiles.set(entry.profileId, await this.deps.profiles.findById(scope, entry.profileId));
      const profile = profiles.get(entry.profileId);
      if (!profile) continue;
      const value = rendered.get(entry.id, entry.version, this.profileTags.of(profile));
      if (value !== undefined) values[index] = value;
      else missing.set(entry.id, { index, profile });
    }
    if (missing.size > 0) {
      for (const { post, version } of await this.deps.posts.getVersioned([...missing.keys()])) {
        const { index, profile } = missing.get(post.id)!;
        const value = rendered.render(this.listed(post, profile));
        // Changed since the page was read: the newer row is shown, kept under its own version.
        rendered.set(post.id, version, this.profileTags.of(profile), value);
        values[index] = value;
      }
    }
    const posts: T[] = [];
    for (const value of values) if (value !== undefined) posts.push(value);
    return { posts, nextCursor: page.nextCursor };
  }

  /** Profiles by id for one listing: the named one is known already, others are looked up once each. */
  private profileLookup(scope: Scope, named: Profile | undefined): (id: number) => Promise<Profile | undefined> {
    const profiles = new Map<number, Profile | undefined>(named ? [[named.id, named]] : []);
    return async (id) => {
      if (!profiles.has(id)) profiles.set(id, await this.deps.profiles.findById(scope, id));
      return profiles.get(id);
    };
  }

  /** A post as a listing shows it: its profile's handle and, unless published or archived, its rule check. */
  private listed(post: Post, profile: Profile): ListedPost {
    const pending = post.status !== 'published' && post.status !== 'archived';
    return { ...post, handle: profile.handle, violations: pending ? this.check(post, profile).violations : [] };
  }

  /**
   * Changes the fields the caller names. A status change follows the
   * lifecycle; reaching approved or scheduled, or changing the text of a post
   * that is there, is refused when the post breaks its rules, unless forced.
   * A thread whose text changes without new parts is split again.
   */
  async update(scope: Scope, id: number, patch: PostPatch, options: { force?: boolean } = {}): Promise<CheckedPost> {
    const { post, profile } = await this.get(scope, id);
    const changes = parseInput(PostPatchSchema, patch, 'post changes');
    // Only the fields the caller named change: the schema's defaults must not overwrite the rest.
    const named = new Set(Object.keys(patch).filter((key) => (patch as Record<string, unknown>)[key] !== undefined));
    const statusChanged = named.has('status') && changes.status !== undefined && changes.status !== post.status;
    if (statusChanged) assertTransition(post.status, changes.status!);
    const { id: _id, profileId: _profile, dedupeKey: _key, createdAt: _created, updatedAt: _updated, ...fields } = post;
    const next: PostFields = { ...fields, ...Object.fromEntries(Object.entries(changes).filter(([key, value]) => named.has(key) && value !== undefined)) };
    if (named.has('threadParts') && next.threadParts) next.text = threadText(next.threadParts);
    else if (post.threadParts && !named.has('threadParts') && (named.has('text') || named.has('platform'))) {
      next.threadParts = resplitThread(next, this.deps.overrides?.[next.platform]);
    }
    if (statusChanged && changes.status === 'published' && next.publishedAt == null) next.publishedAt = this.deps.clock.now().toISOString();
    if (next.status === 'scheduled' && (statusChanged || named.has('scheduledAt'))) assertSchedulable(next.scheduledAt, this.deps.clock.now());
    const contentChanged = ['text', 'platform', 'threadParts'].some((key) => named.has(key));
    const check = this.check(next, profile);
    if (CHECKED_STATUSES.includes(next.status) && (statusChanged || contentChanged) && check.violations.length > 0 && !options.force) {
      throw new PostRulesViolatedError(id, next.status, check.violations);
    }
    return { ...(await this.save(id, next)), violations: check.violations };
  }

  /**
   * Approves or schedules one post: the single move every front door and the
   * scheduler use. An idea or draft goes straight to the target; a scheduled
   * post can be given a new time; approving an approved or scheduled post
   * changes nothing. Refused with the violations when the post breaks its
   * platform's rules, unless `force`.
   */
  async advance(scope: Scope, id: number, request: AdvanceRequest): Promise<CheckedPost> {
    const { post, profile } = await this.get(scope, id);
    const check = this.check(post, profile);
    if (request.to === 'approved' && (post.status === 'approved' || post.status === 'scheduled')) return { ...post, violations: check.violations };
    // Walk the lifecycle so that published and archived posts are refused with the usual message.
    const path: PostStatus[] = post.status === 'idea' ? ['draft', 'approved'] : post.status === 'draft' ? ['approved'] : [];
    if (request.to === 'scheduled' && post.status !== 'scheduled') path.push('scheduled');
    if (path.length === 0 && post.status !== request.to) path.push(request.to);
    path.reduce<PostStatus>((from, to) => (assertTransition(from, to), to), post.status);
    let scheduledAt = post.scheduledAt;
    if (request.to === 'scheduled') {
      scheduledAt = request.at === undefined ? null : parseScheduleTime(request.at, request.timeZone);
      assertSchedulable(scheduledAt, this.deps.clock.now());
    }
    if (check.violations.length > 0 && !request.force) throw new PostRulesViolatedError(id, request.to, check.violations);
    const { id: _id, profileId: _profile, dedupeKey: _key, createdAt: _created, updatedAt: _updated, ...fields } = post;
    const saved = await this.save(id, { ...fields, status: request.to, scheduledAt });
    return { ...saved, violations: check.violations };
  }

  /** Writes a changed post and tells edit learning (a generated draft that reached approved keeps its approved text). */
  private async save(id: number, fields: PostFields): Promise<Post> {
    const saved = await this.deps.posts.update(id, fields);
    await this.deps.edits?.recordApproval(saved);
    return saved;
  }

  /** advance for several posts: each succeeds or fails on its own, in the order given (repeated ids once). */
  async advanceMany(scope: Scope, ids: readonly number[], request: AdvanceRequest): Promise<AdvanceOutcome[]> {
    const outcomes: AdvanceOutcome[] = [];
    for (const id of new Set(ids)) {
      try {
        outcomes.push({ id, ok: true, post: await this.advance(scope, id, request) });
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        outcomes.push({ id, ok: false, error });
      }
    }
    return outcomes;
  }

  /** Moves a post to a status; approved and scheduled go through advance (the rule check). */
  setStatus(scope: Scope, id: number, status: PostStatus, scheduledAt?: string, options: { force?: boolean } = {}): Promise<CheckedPost> {
    if (status === 'approved' || status === 'scheduled') return this.advance(scope, id, { to: status, at: scheduledAt, force: options.force });
    return this.update(scope, id, scheduledAt === undefined ? { status } : { status, scheduledAt }, options);
  }

  /** How many posts the profile has. */
  async count(scope: Scope, handle: string): Promise<number> {
    return this.deps.posts.countByProfile((await this.deps.profiles.get(scope, handle)).id);
  }

  /** Every post of the profile as text chunks of an export format, streaming (see exportChunks). */
  async export(
    scope: Scope,
    handle: string,
    format: ExportFormat,
    options: { signal?: AbortSignal; onPost?: () => void } = {},
  ): Promise<{ profile: Profile; chunks: AsyncGenerator<string> }> {
    const profile = await this.deps.profiles.get(scope, handle);
    return { profile, chunks: exportChunks(this.deps.posts, profile.id, format, options) };
  }

  async remove(scope: Scope, id: number): Promise<Post> {
    const { post } = await this.get(scope, id);
    await this.deps.posts.delete(id);
    return post;
  }

  private async profileOf(scope: Scope, post: Post): Promise<Profile> {
    const profile = await this.deps.profiles.findById(scope, post.profileId);
    if (!profile) throw new PostNotFoundError(post.id);
    return profile;
  }
}
