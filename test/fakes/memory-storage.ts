import { ConflictError, InvalidInputError, NotFoundError } from '../../src/core/errors.js';
import type {
  ApiKeyRecord,
  ApiKeyRepository,
  ChangeToken,
  Clock,
  EditPairRepository,
  GenerationRecord,
  GenerationRepository,
  InsertManyResult,
  NewGeneration,
  NewPost,
  OutboxEntry,
  PostPage,
  PostQuery,
  PostRepository,
  ProfileRepository,
  SettingsRepository,
  Storage,
  VectorOutbox,
  Workspace,
} from '../../src/core/ports.js';
import type { EditPair } from '../../src/core/learning/edit-pair.js';
import type { Platform } from '../../src/core/platforms/platform-id.js';
import type { Post, PostFields } from '../../src/core/posts/post-schema.js';
import type { Profile, ProfileFields } from '../../src/core/profiles/profile-schema.js';
import { normalizeTimestamp } from '../../src/adapters/storage/post-rows.js';
import { listPostsInMemory } from './memory-post-query.js';
import type { AccountRepository, PublicationRepository } from '../../src/core/publishing/publishing-ports.js';

const EPOCH = Date.parse('2026-01-01T00:00:00Z');

/**
 * The Storage port in memory, for core unit tests. It runs the same storage
 * contract as the SQL adapters (test/storage-memory.test.ts), so the services
 * see the behaviour they get in production: conflicts and not-found errors,
 * one pending outbox entry per post, timestamps from the clock, listing and
 * search with the adapters' own parser. Without a clock, every write stamps
 * one second after the last (deterministic).
 */
export class MemoryStorage implements Storage {
  /** It stands in for the default adapter; nothing is on disk, so it cannot back up. */
  readonly kind = 'sqlite' as const;
  readonly workspaces = new Map<string, Workspace>();
  readonly profileRows = new Map<number, Profile>();
  readonly postRows = new Map<number, Post>();
  /** Each post's row version, raised on every update as the SQL databases' trigger does. */
  readonly postVersions = new Map<number, number>();
  readonly outboxRows: OutboxEntry[] = [];
  readonly settingRows = new Map<string, string>();
  readonly generationRows = new Map<number, GenerationRecord>();
  readonly apiKeyRows = new Map<number, ApiKeyRecord>();
  private readonly ids = { profile: 1, post: 1, generation: 1, apiKey: 1 };
  private seq = 1;
  private tick = 0;

  constructor(private readonly clock?: Clock) {}

  /** Publishing in memory lives beside it (MemoryAccounts, MemoryPublications in memory-publishing.ts): these say so if a test reaches them. */
  readonly accounts: AccountRepository = publishingUnsupported<AccountRepository>('accounts');
  readonly publications: PublicationRepository = publishingUnsupported<PublicationRepository>('publications');

  readonly profiles: ProfileRepository = {
    ensureWorkspace: async (name) => this.workspace(name),
    create: async (workspace, fields, owner) => this.createProfile(workspace, fields, owner ?? null),
    findByHandle: async (workspace, handle) =>
      [...this.profileRows.values()].find((profile) => profile.workspace === workspace && profile.handle === handle),
    findById: async (id) => this.profileRows.get(id),
    list: async (workspace, options = {}) => {
      const { owner, includeArchived = false } = options;
      return [...this.profileRows.values()]
        .filter((profile) => profile.workspace === workspace && (includeArchived || !profile.archived))
        .filter((profile) => owner === undefined || profile.owner === null || (owner !== null && profile.owner === owner))
        .sort((a, b) => (a.handle < b.handle ? -1 : a.handle > b.handle ? 1 : 0));
    },
    update: async (id, fields) => {
      const current = this.profileRows.get(id);
      if (!current) throw new NotFoundError('profile', String(id));
      this.assertHandleFree(current.workspace, fields.handle, id);
      const { archived, ...profileFields } = fields;
      const next: Profile = { ...current, ...profileFields, archived: archived ?? current.archived, updatedAt: this.stamp() };
      this.profileRows.set(id, next);
      return next;
    },
    delete: async (id) => {
      for (const post of [...this.postRows.values()]) if (post.profileId === id) await this.posts.delete(post.id);
      for (const generation of [...this.generationRows.values()]) if (generation.profileId === id) this.generationRows.delete(generation.id);
      this.profileRows.delete(id);
    },
  };

  readonly posts: PostRepository = {
    insertMany: async (profileId, posts): Promise<InsertManyResult> => {
      this.requireProfile(profileId);
      let inserted = 0;
      let duplicates = 0;
      for (const post of posts) {
        if (this.findDuplicate(profileId, post.platform, post.dedupeKey)) duplicates += 1;
        else {
          this.addPost(profileId, post);
          inserted += 1;
        }
      }
      return { inserted, duplicates };
    },
    insert: async (profileId, post) => {
      this.requireProfile(profileId);
      if (this.findDuplicate(profileId, post.platform, post.dedupeKey)) throw new ConflictError(`Profile #${profileId} already has this post on ${post.platform}.`);
      return this.addPost(profileId, post);
    },
    get: async (id) => this.postRows.get(id),
    getMany: async (ids) => ids.map((id) => this.postRows.get(id)).filter((post): post is Post => post !== undefined),
    update: async (id, fields: PostFields) => {
      const current = this.postRows.get(id);
      if (!current) throw new NotFoundError('post', String(id));
      const duplicate = this.findDuplicate(current.profileId, fields.platform, current.dedupeKey);
      if (duplicate && duplicate.id !== id) throw new ConflictError(`Profile #${current.profileId} already has this post on ${fields.platform}.`);
      const next: Post = { ...current, ...storable(fields), updatedAt: this.stamp() };
      this.postRows.set(id, next);
      this.postVersions.set(id, (this.postVersions.get(id) ?? 0) + 1);
      this.queue(next, 'upsert');
      return next;
    },
    delete: async (id) => {
      const post = this.postRows.get(id);
      if (!post) return;
      this.postRows.delete(id);
      this.editPairRows.delete(id);
      this.queue(post, 'delete');
    },
    list: async (query: PostQuery): Promise<PostPage> =>
      listPostsInMemory(this.postRows.values(), (post) => this.profileRows.get(post.profileId)?.workspace === query.workspace, query),
    listVersions: async (query: PostQuery) => {
      const page = await this.posts.list(query);
      return { posts: page.posts.map((post) => ({ id: post.id, profileId: post.profileId, version: this.postVersions.get(post.id) ?? 0 })), nextCursor: page.nextCursor };
    },
    getVersioned: async (ids) =>
      ids.flatMap((id) => {
        const post = this.postRows.get(id);
        return post ? [{ post, version: this.postVersions.get(id) ?? 0 }] : [];
      }),
    iterateByProfile: (profileId, batchSize = 500) => this.iterate(profileId, batchSize),
    countByProfile: async (profileId) => [...this.postRows.values()].filter((post) => post.profileId === profileId).length,
    topByEngagement: async (profileId, limit, platform?: Platform) =>
      [...this.postRows.values()]
        .filter((post) => post.profileId === profileId && (!platform || post.platform === platform))
        .map((post) => ({ post, score: engagementOf(post) }))
        .filter((entry) => entry.score > 0)
        .sort((a, b) => b.score - a.score || a.post.id - b.post.id)
        .slice(0, limit)
        .map((entry) => entry.post),
  };

  private readonly indexVersions = new Map<number, number>();

  readonly outbox: VectorOutbox = {
    pending: async (limit, workspaceId) =>
      this.outboxRows.filter((entry) => workspaceId === undefined || entry.workspaceId === workspaceId).slice(0, limit),
    ack: async (entries) => {
      for (const entry of entries) {
        const index = this.outboxRows.findIndex((row) => row.seq === entry.seq);
        if (index >= 0) this.outboxRows.splice(index, 1);
      }
      const versions = new Map<number, number>();
      for (const profileId of new Set(entries.map((entry) => entry.profileId))) {
        versions.set(profileId, (this.indexVersions.get(profileId) ?? 0) + 1);
        this.indexVersions.set(profileId, versions.get(profileId)!);
      }
      return versions;
    },
    indexVersion: async (profileId) => this.indexVersions.get(profileId) ?? 0,
    countPending: async (workspaceId) =>
      this.outboxRows.filter((entry) => workspaceId === undefined || entry.workspaceId === workspaceId).length,
    enqueueAll: async ({ workspaceId, profileId }) => {
      let count = 0;
      for (const post of [...this.postRows.values()].sort((a, b) => a.id - b.id)) {
        const profile = this.profileRows.get(post.profileId);
        if (!profile || this.workspace(profile.workspace).id !== workspaceId) continue;
        if (profileId !== undefined && post.profileId !== profileId) continue;
        this.queue(post, 'upsert');
        count += 1;
      }
      return count;
    },
  };

  readonly settings: SettingsRepository = {
    get: async (workspaceId, key) => this.settingRows.get(`${workspaceId}/${key}`),
    set: async (workspaceId, key, value) => {
      if (![...this.workspaces.values()].some((workspace) => workspace.id === workspaceId)) throw new NotFoundError('workspace', String(workspaceId));
      this.settingRows.set(`${workspaceId}/${key}`, value);
    },
  };

  /** Set to make the next `generations.save` fail (e.g. a full disk). */
  failSave: Error | undefined;

  readonly generations: GenerationRepository = {
    save: async (record: NewGeneration, drafts: NewPost[]) => {
      if (this.failSave) throw this.failSave;
      this.requireProfile(record.profileId);
      const generation: GenerationRecord = { ...record, id: this.ids.generation++, createdAt: this.stamp() };
      this.generationRows.set(generation.id, generation);
      const posts = drafts.map((draft) => {
        const existing = this.findDuplicate(record.profileId, draft.platform, draft.dedupeKey);
        if (existing) return existing;
        const post = this.addPost(record.profileId, { ...draft, generationId: generation.id });
        // The draft as the model wrote it, kept for learning from the user's edits.
        this.editPairRows.set(post.id, { postId: post.id, profileId: post.profileId, platform: post.platform, generationId: generation.id, generatedText: post.text, approvedText: '', generatedAt: generation.createdAt, approvedAt: '' });
        return post;
      });
      return { generation, posts };
    },
    get: async (id) => this.generationRows.get(id),
  };

  readonly editPairRows = new Map<number, EditPair>();

  readonly editPairs: EditPairRepository = {
    recordApproved: async (postId, { platform, approvedText, at }) => {
      const pair = this.editPairRows.get(postId);
      if (!pair) return false;
      this.editPairRows.set(postId, { ...pair, platform, approvedText, approvedAt: at });
      return true;
    },
    listApproved: async (profileId, limit) =>
      [...this.editPairRows.values()]
        .filter((pair) => pair.profileId === profileId && pair.approvedAt !== '')
        .sort((a, b) => b.approvedAt.localeCompare(a.approvedAt) || b.postId - a.postId)
        .slice(0, Math.max(1, limit)),
  };

  readonly apiKeys: ApiKeyRepository = {
    create: async ({ name, workspace, prefix, hash }) => {
      if ([...this.apiKeyRows.values()].some((key) => key.prefix === prefix)) throw new ConflictError(`An API key with the prefix ${prefix} exists.`);
      const key: ApiKeyRecord = { id: this.ids.apiKey++, name, workspace, prefix, hash, createdAt: this.stamp(), lastUsedAt: null, revokedAt: null };
      this.apiKeyRows.set(key.id, key);
      return key;
    },
    findByPrefix: async (prefix) => [...this.apiKeyRows.values()].find((key) => key.prefix === prefix),
    list: async (workspace) => [...this.apiKeyRows.values()].filter((key) => workspace === undefined || key.workspace === workspace),
    revoke: async (id) => {
      const key = this.apiKeyRows.get(id);
      if (!key) throw new NotFoundError('api_key', String(id));
      if (key.revokedAt === null) this.apiKeyRows.set(id, { ...key, revokedAt: this.stamp() });
    },
    touch: async (id, at) => {
      const key = this.apiKeyRows.get(id);
      if (key) this.apiKeyRows.set(id, { ...key, lastUsedAt: normalizeTimestamp(at, 'lastUsedAt') });
    },
    countActive: async () => [...this.apiKeyRows.values()].filter((key) => key.revokedAt === null).length,
  };

  async backup(): Promise<void> {
    throw new InvalidInputError('The in-memory store has nothing on disk to back up.', { hint: 'Back up a SQLite or PostgreSQL storage instead.' });
  }

  async ping(): Promise<void> {}

  changeToken(): ChangeToken {
    return { current: () => undefined, close: () => undefined };
  }

  async close(): Promise<void> {}

  workspace(name: string): Workspace {
    let workspace = this.workspaces.get(name);
    if (!workspace) {
      workspace = { id: this.workspaces.size + 1, name };
      this.workspaces.set(name, workspace);
    }
    return workspace;
  }

  private createProfile(workspace: string, fields: ProfileFields, owner: string | null): Profile {
    this.workspace(workspace);
    this.assertHandleFree(workspace, fields.handle);
    const now = this.stamp();
    const profile: Profile = { ...fields, id: this.ids.profile++, workspace, owner, archived: false, createdAt: now, updatedAt: now };
    this.profileRows.set(profile.id, profile);
    return profile;
  }

  private assertHandleFree(workspace: string, handle: string, except?: number): void {
    const taken = [...this.profileRows.values()].find((profile) => profile.workspace === workspace && profile.handle === handle && profile.id !== except);
    if (taken) throw new ConflictError(`The handle "${handle}" is taken in workspace "${workspace}".`);
  }

  private requireProfile(profileId: number): Profile {
    const profile = this.profileRows.get(profileId);
    if (!profile) throw new NotFoundError('profile', `#${profileId}`);
    return profile;
  }

  private addPost(profileId: number, fields: NewPost): Post {
    const now = this.stamp();
    const post: Post = { ...fields, ...storable(fields), id: this.ids.post++, profileId, createdAt: now, updatedAt: now };
    this.postRows.set(post.id, post);
    this.queue(post, 'upsert');
    return post;
  }

  private findDuplicate(profileId: number, platform: Platform, dedupeKey: string): Post | undefined {
    return [...this.postRows.values()].find((row) => row.profileId === profileId && row.platform === platform && row.dedupeKey === dedupeKey);
  }

  /** One pending entry per post: a new change replaces the pending one, with a higher seq. */
  private queue(post: Post, operation: OutboxEntry['operation']): void {
    const pending = this.outboxRows.findIndex((entry) => entry.postId === post.id);
    if (pending >= 0) this.outboxRows.splice(pending, 1);
    const profile = this.profileRows.get(post.profileId);
    const workspaceId = profile ? this.workspace(profile.workspace).id : 0;
    this.outboxRows.push({ seq: this.seq++, postId: post.id, profileId: post.profileId, workspaceId, operation });
  }

  private async *iterate(profileId: number, batchSize: number): AsyncIterable<Post[]> {
    const posts = [...this.postRows.values()].filter((post) => post.profileId === profileId).sort((a, b) => a.id - b.id);
    for (let start = 0; start < posts.length; start += batchSize) yield posts.slice(start, start + batchSize);
  }

  /** The time a write stamps: the clock's, else one second after the last (also for the publishing fakes). */
  stamp(): string {
    if (this.clock) return this.clock.now().toISOString();
    this.tick += 1;
    return new Date(EPOCH + this.tick * 1000).toISOString();
  }
}

/** What the SQL adapters store for a post's fields: UTC timestamps, U+FFFD for U+0000. */
function storable<T extends PostFields>(fields: T): T {
  return {
    ...fields,
    text: fields.text.replaceAll('\u0000', '\uFFFD'),
    scheduledAt: normalizeTimestamp(fields.scheduledAt, 'scheduledAt'),
    publishedAt: normalizeTimestamp(fields.publishedAt, 'publishedAt'),
  };
}

function engagementOf(post: Post): number {
  return (post.engagement.likes ?? 0) + 2 * (post.engagement.reposts ?? 0) + (post.engagement.replies ?? 0);
}

function publishingUnsupported<T extends object>(name: string): T {
  return new Proxy({} as T, {
    get: (_target, property) => () => {
      throw new Error(`MemoryStorage has no ${name} repository (${String(property)}): publishing tests run on SQLite and PostgreSQL.`);
    },
  });
}
