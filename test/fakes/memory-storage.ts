import { ConflictError } from '../../src/core/errors.js';
import type {
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
  VectorOutbox,
  Workspace,
} from '../../src/core/ports.js';
import type { Platform } from '../../src/core/platforms/platform-id.js';
import type { Post, PostFields } from '../../src/core/posts/post-schema.js';
import type { Profile, ProfileFields } from '../../src/core/profiles/profile-schema.js';
import { hasUsableText } from '../../src/core/posts/usable-text.js';

const EPOCH = Date.parse('2026-01-01T00:00:00Z');

/**
 * In-memory repositories for core unit tests: just enough behaviour of the
 * Storage port (outbox queued on every change, generations saved with their
 * drafts) to drive the services. The real adapters run the cross-module suites.
 */
export class MemoryStorage {
  readonly workspaces = new Map<string, Workspace>();
  readonly profileRows = new Map<number, Profile>();
  readonly postRows = new Map<number, Post>();
  readonly outboxRows: OutboxEntry[] = [];
  readonly settingRows = new Map<string, string>();
  readonly generationRows = new Map<number, GenerationRecord>();
  private nextId = 1;
  private seq = 1;
  private tick = 0;

  readonly profiles: ProfileRepository = {
    ensureWorkspace: async (name) => this.workspace(name),
    create: async (workspace, fields, owner) => this.createProfile(workspace, fields, owner ?? null),
    findByHandle: async (workspace, handle) =>
      [...this.profileRows.values()].find((profile) => profile.workspace === workspace && profile.handle === handle),
    findById: async (id) => this.profileRows.get(id),
    list: async (workspace) =>
      [...this.profileRows.values()].filter((profile) => profile.workspace === workspace).sort((a, b) => a.handle.localeCompare(b.handle)),
    update: async (id, fields) => {
      const current = this.profileRows.get(id);
      if (!current) throw new Error(`no profile ${id}`);
      const next = { ...current, ...fields, updatedAt: this.stamp() };
      this.profileRows.set(id, next);
      return next;
    },
    delete: async (id) => {
      for (const post of [...this.postRows.values()]) if (post.profileId === id) await this.posts.delete(post.id);
      this.profileRows.delete(id);
    },
  };

  readonly posts: PostRepository = {
    insertMany: async (profileId, posts): Promise<InsertManyResult> => {
      let inserted = 0;
      let duplicates = 0;
      for (const post of posts) {
        if (this.findDuplicate(profileId, post)) duplicates += 1;
        else {
          this.addPost(profileId, post);
          inserted += 1;
        }
      }
      return { inserted, duplicates };
    },
    insert: async (profileId, post) => {
      if (this.findDuplicate(profileId, post)) throw new ConflictError('duplicate post');
      return this.addPost(profileId, post);
    },
    get: async (id) => this.postRows.get(id),
    getMany: async (ids) => ids.map((id) => this.postRows.get(id)).filter((post): post is Post => post !== undefined),
    update: async (id, fields: PostFields) => {
      const current = this.postRows.get(id);
      if (!current) throw new Error(`no post ${id}`);
      const next = { ...current, ...fields, updatedAt: this.stamp() };
      this.postRows.set(id, next);
      this.queue(next, 'upsert');
      return next;
    },
    delete: async (id) => {
      const post = this.postRows.get(id);
      if (!post) return;
      this.postRows.delete(id);
      this.queue(post, 'delete');
    },
    list: async (query: PostQuery): Promise<PostPage> => ({ posts: this.query(query).slice(0, query.limit), nextCursor: null }),
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

  readonly outbox: VectorOutbox = {
    pending: async (limit, workspaceId) =>
      this.outboxRows.filter((entry) => workspaceId === undefined || entry.workspaceId === workspaceId).slice(0, limit),
    ack: async (entries) => {
      for (const entry of entries) {
        const index = this.outboxRows.findIndex((row) => row.seq === entry.seq);
        if (index >= 0) this.outboxRows.splice(index, 1);
      }
    },
    countPending: async (workspaceId) =>
      this.outboxRows.filter((entry) => workspaceId === undefined || entry.workspaceId === workspaceId).length,
    enqueueAll: async ({ workspaceId, profileId }) => {
      let count = 0;
      for (const post of this.postRows.values()) {
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
      this.settingRows.set(`${workspaceId}/${key}`, value);
    },
  };

  /** Set to make the next `generations.save` fail (e.g. a full disk). */
  failSave: Error | undefined;

  readonly generations: GenerationRepository = {
    save: async (record: NewGeneration, drafts: NewPost[]) => {
      if (this.failSave) throw this.failSave;
      const generation: GenerationRecord = { ...record, id: this.nextId++, createdAt: this.stamp() };
      this.generationRows.set(generation.id, generation);
      const posts = drafts.map((draft) => this.addPost(record.profileId, { ...draft, generationId: generation.id }));
      return { generation, posts };
    },
    get: async (id) => this.generationRows.get(id),
  };

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
    const now = this.stamp();
    const profile: Profile = { ...fields, id: this.nextId++, workspace, owner, archived: false, createdAt: now, updatedAt: now };
    this.profileRows.set(profile.id, profile);
    return profile;
  }

  private addPost(profileId: number, fields: NewPost): Post {
    const now = this.stamp();
    const post: Post = { ...fields, id: this.nextId++, profileId, createdAt: now, updatedAt: now };
    this.postRows.set(post.id, post);
    this.queue(post, 'upsert');
    return post;
  }

  private findDuplicate(profileId: number, post: NewPost): Post | undefined {
    return [...this.postRows.values()].find(
      (row) => row.profileId === profileId && row.platform === post.platform && row.dedupeKey === post.dedupeKey,
    );
  }

  private queue(post: Post, operation: OutboxEntry['operation']): void {
    const profile = this.profileRows.get(post.profileId);
    const workspaceId = profile ? this.workspace(profile.workspace).id : 0;
    this.outboxRows.push({ seq: this.seq++, postId: post.id, profileId: post.profileId, workspaceId, operation });
  }

  private query(query: PostQuery): Post[] {
    const terms = parseSearch(query.search);
    return [...this.postRows.values()]
      .filter((post) => {
        const profile = this.profileRows.get(post.profileId);
        if (!profile || profile.workspace !== query.workspace) return false;
        if (query.profileId !== undefined && post.profileId !== query.profileId) return false;
        if (query.platform && post.platform !== query.platform) return false;
        if (query.status && !query.status.includes(post.status)) return false;
        if (!terms) return true;
        if (!hasUsableText(post.text)) return false; // as the real stores: posts without words are not in the search index
        const text = post.text.toLowerCase();
        return terms.any ? terms.words.some((word) => text.includes(word)) : terms.words.every((word) => text.includes(word));
      })
      .sort((a, b) => dateOf(b).localeCompare(dateOf(a)) || b.id - a.id);
  }

  private async *iterate(profileId: number, batchSize: number): AsyncIterable<Post[]> {
    const posts = [...this.postRows.values()].filter((post) => post.profileId === profileId).sort((a, b) => a.id - b.id);
    for (let start = 0; start < posts.length; start += batchSize) yield posts.slice(start, start + batchSize);
  }

  private stamp(): string {
    this.tick += 1;
    return new Date(EPOCH + this.tick * 1000).toISOString();
  }
}

function parseSearch(search: string | undefined): { words: string[]; any: boolean } | undefined {
  if (!search?.trim()) return undefined;
  const tokens: string[] = search.match(/"[^"]*"|\S+/g) ?? [];
  const any = tokens.includes('OR');
  const words = tokens.filter((token) => token !== 'OR').map((token) => token.replace(/"/g, '').toLowerCase()).filter(Boolean);
  return { words, any };
}

function dateOf(post: Post): string {
  return post.publishedAt ?? post.scheduledAt ?? post.createdAt;
}

function engagementOf(post: Post): number {
  return (post.engagement.likes ?? 0) + 2 * (post.engagement.reposts ?? 0) + (post.engagement.replies ?? 0);
}
