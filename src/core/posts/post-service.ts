import { PostNotFoundError } from '../errors.js';
import type { Clock, NewPost, PostPage, PostQuery, PostRepository } from '../ports.js';
import type { ProfileService, Scope } from '../profiles/profile-service.js';
import type { Profile } from '../profiles/profile-schema.js';
import { parseInput } from '../validation.js';
import { PostInputSchema, PostPatchSchema, type Post, type PostInput, type PostPatch, type PostStatus } from './post-schema.js';
import { assertTransition } from './post-status.js';
import { dedupeKeyFor, type HashText } from './dedupe-key.js';

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

/** Posts of a profile: write, read, edit with the status lifecycle enforced, search. */
export class PostService {
  constructor(
    private readonly deps: {
      posts: PostRepository;
      profiles: ProfileService;
      clock: Clock;
      hashText: HashText;
      /** Edit learning: told of every changed post, keeps a generated draft's approved text. */
      edits?: { recordApproval(post: Post): Promise<void> };
    },
  ) {}

  async add(scope: Scope, handle: string, input: PostInput): Promise<Post> {
    const profile = await this.deps.profiles.get(scope, handle);
    const fields = parseInput(PostInputSchema, input, 'post');
    const post: NewPost = { ...fields, dedupeKey: dedupeKeyFor(fields, this.deps.hashText) };
    return this.deps.posts.insert(profile.id, post);
  }

  /** The post with its profile, if the caller's scope can see it. */
  async get(scope: Scope, id: number): Promise<{ post: Post; profile: Profile }> {
    const post = await this.deps.posts.get(id);
    if (!post) throw new PostNotFoundError(id);
    const profile = await this.profileOf(scope, post);
    return { post, profile };
  }

  async list(scope: Scope, request: PostListRequest): Promise<PostPage> {
    const profileId = request.handle ? (await this.deps.profiles.get(scope, request.handle)).id : undefined;
    const query: PostQuery = {
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
    const page = await this.deps.posts.list(query);
    if (scope.owner == null || profileId !== undefined) return page;
    const visible = new Set((await this.deps.profiles.list(scope)).map((profile) => profile.id));
    return { ...page, posts: page.posts.filter((post) => visible.has(post.profileId)) };
  }

  async update(scope: Scope, id: number, patch: PostPatch): Promise<Post> {
    const { post } = await this.get(scope, id);
    const changes = parseInput(PostPatchSchema, patch, 'post changes');
    // Only the fields the caller named change: the schema's defaults must not overwrite the rest.
    const named = new Set(Object.keys(patch));
    if (named.has('status') && changes.status && changes.status !== post.status) assertTransition(post.status, changes.status);
    const { id: _id, profileId: _profile, dedupeKey: _key, createdAt: _created, updatedAt: _updated, ...fields } = post;
    const next = { ...fields, ...Object.fromEntries(Object.entries(changes).filter(([key, value]) => named.has(key) && value !== undefined)) };
    if (named.has('status') && changes.status === 'published' && next.publishedAt == null) next.publishedAt = this.deps.clock.now().toISOString();
    const updated = await this.deps.posts.update(id, next);
    await this.deps.edits?.recordApproval(updated);
    return updated;
  }

  setStatus(scope: Scope, id: number, status: PostStatus, scheduledAt?: string): Promise<Post> {
    return this.update(scope, id, scheduledAt === undefined ? { status } : { status, scheduledAt });
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
