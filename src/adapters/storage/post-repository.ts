import { sql } from 'kysely';
import { ConflictError, PostNotFoundError } from '../../core/errors.js';
import type { Platform } from '../../core/platforms/index.js';
import type { Post, PostFields } from '../../core/posts/index.js';
import type { InsertManyResult, NewPost, PostPage, PostQuery, PostRepository, PostVersionPage, VersionedPost } from '../../core/ports.js';
import { arrayRows, compiledQueriesOf } from './compiled-queries.js';
import { queueOutbox } from './outbox-writes.js';
import { bulkInsertSqlite, compileBulkInsertSql, type BulkInsertSql } from './post-bulk-insert.js';
import { buildProfileBatchQuery, listPosts, listPostVersions } from './post-list-query.js';
import { POST_COLUMNS, postRowFromValues, toPost } from './post-rows.js';
import { PostWriter, type PostOwner } from './post-writes.js';
import { findPostOwner, missingProfile } from './post-owner.js';
import { nowIso, type StorageContext } from './storage-context.js';
import { isUniqueViolation } from './storage-errors.js';
import { sqlLimit } from './sql-limit.js';

/** Rows per multi-row INSERT on PostgreSQL (25 parameters each, under its 65,535 limit). */
const INSERT_CHUNK = 1000;
const ID_CHUNK = 500;
/** getVersioned: id lists are padded to one of these sizes, so a few compiled shapes serve every length. */
const ID_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512] as const;
const VERSIONED_COLUMNS = [...POST_COLUMNS, 'row_version'] as const;

function duplicatePost(post: NewPost, profileId: number): ConflictError {
  return new ConflictError(
    `This profile already has this ${post.platform} post (same platform id or same text and date).`,
    'Edit the existing post instead, or change the text.',
    { profileId, platform: post.platform, dedupeKey: post.dedupeKey },
  );
}

export class KyselyPostRepository implements PostRepository {
  private readonly writer: PostWriter;
  private bulkSql: BulkInsertSql | undefined;

  constructor(private readonly context: StorageContext) {
    this.writer = new PostWriter(context.kind);
  }

  async insertMany(profileId: number, posts: NewPost[]): Promise<InsertManyResult> {
    const { sqlite } = this.context;
    if (sqlite) {
      this.bulkSql ??= compileBulkInsertSql(this.context.db);
      const statements = this.bulkSql;
      return sqlite.withLock(() => {
        const workspace = sqlite.prepare('select workspace_id from profiles where id = ?').get(profileId) as { workspace_id: number } | undefined;
        if (!workspace) throw missingProfile(profileId);
        return bulkInsertSqlite(sqlite, statements, { profileId, workspaceId: workspace.workspace_id }, posts, nowIso(this.context));
      });
    }
    return this.context.db.transaction().execute(async (trx) => {
      const owner = await findPostOwner(trx, profileId);
      const now = nowIso(this.context);
      let inserted = 0;
      for (let start = 0; start < posts.length; start += INSERT_CHUNK) {
        inserted += (await this.writer.insertMany(trx, owner, posts.slice(start, start + INSERT_CHUNK), now)).length;
      }
      return { inserted, duplicates: posts.length - inserted };
    });
  }

  async insert(profileId: number, post: NewPost): Promise<Post> {
    const row = await this.context.db.transaction().execute(async (trx) => {
      const owner = await findPostOwner(trx, profileId);
      return this.writer.insert(trx, owner, post, nowIso(this.context));
    });
    if (!row) throw duplicatePost(post, profileId);
    return toPost(row);
  }

  async get(id: number): Promise<Post | undefined> {
    const row = await this.context.db.selectFrom('posts').select(POST_COLUMNS).where('id', '=', id).executeTakeFirst();
    return row && toPost(row);
  }

  /** The posts with these ids, in the order of the ids; unknown ids are left out. */
  async getMany(ids: number[]): Promise<Post[]> {
    const byId = new Map<number, Post>();
    const unique = [...new Set(ids)];
    for (let start = 0; start < unique.length; start += ID_CHUNK) {
      const rows = await this.context.db.selectFrom('posts').select(POST_COLUMNS).where('id', 'in', unique.slice(start, start + ID_CHUNK)).execute();
      for (const row of rows) byId.set(row.id, toPost(row));
    }
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /**
   * The posts with these ids and their row versions, in the order of the ids:
   * a compiled query per bucket of list sizes (the last id repeated to fill
   * it), rows read as arrays.
   */
  async getVersioned(ids: number[]): Promise<VersionedPost[]> {
    const byId = new Map<number, VersionedPost>();
    const unique = [...new Set(ids)];
    const largest = ID_BUCKETS[ID_BUCKETS.length - 1]!;
    for (let start = 0; start < unique.length; start += largest) {
      const chunk = unique.slice(start, start + largest);
      const size = ID_BUCKETS.find((bucket) => bucket >= chunk.length)!;
      const padded = [...chunk, ...Array<number>(size - chunk.length).fill(chunk[chunk.length - 1]!)];
      const query = compiledQueriesOf(this.context.db).bind(
        `posts.versioned:${size}`,
        (slot) => this.context.db.selectFrom('posts').select(VERSIONED_COLUMNS).where('id', 'in', padded.map((_, index) => slot<number>(index))),
        padded,
      );
      for (const values of await arrayRows(this.context, query)) {
        const post = toPost(postRowFromValues(values));
        byId.set(post.id, { post, version: Number(values[POST_COLUMNS.length]) });
      }
    }
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  async update(id: number, fields: PostFields): Promise<Post> {
    try {
      const row = await this.context.db.transaction().execute(async (trx) => {
        const owner = await this.ownerOfPost(trx, id);
        return owner && this.writer.update(trx, owner, id, fields, nowIso(this.context));
      });
      if (!row) throw new PostNotFoundError(id);
      return toPost(row);
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictError(`Post ${id} cannot move to ${fields.platform}: the profile already has the same post there.`, 'Delete one of the two posts first.', { id });
      }
      throw error;
    }
  }

  /** Deletes the post and queues its vector for deletion; an unknown id is a no-op. */
  async delete(id: number): Promise<void> {
    await this.context.db.transaction().execute(async (trx) => {
      const owner = await this.ownerOfPost(trx, id);
      if (!owner) return;
      await queueOutbox(trx, [{ postId: id, ...owner }], 'delete');
      await trx.deleteFrom('posts').where('id', '=', id).execute();
    });
  }

  list(query: PostQuery): Promise<PostPage> {
    return listPosts(this.context, query);
  }

  listVersions(query: PostQuery): Promise<PostVersionPage> {
    return listPostVersions(this.context, query);
  }

  async *iterateByProfile(profileId: number, batchSize = 500): AsyncIterable<Post[]> {
    let after = 0;
    for (;;) {
      const rows = await buildProfileBatchQuery(this.context, profileId, after, Math.max(1, batchSize)).execute();
      if (rows.length === 0) return;
      yield rows.map(toPost);
      after = rows[rows.length - 1]!.id;
      if (rows.length < batchSize) return;
    }
  }

  async countByProfile(profileId: number): Promise<number> {
    const row = await this.context.db.selectFrom('posts').select((eb) => eb.fn.countAll().as('count')).where('profile_id', '=', profileId).executeTakeFirstOrThrow();
    return Number(row.count);
  }

  /** Posts without any engagement figure (score 0) are left out; ties go to the older post. */
  async topByEngagement(profileId: number, limit: number, platform?: Platform): Promise<Post[]> {
    const score = sql<number>`(coalesce(likes, 0) + 2 * coalesce(reposts, 0) + coalesce(replies, 0))`;
    const rows = await this.context.db
      .selectFrom('posts')
      .select(POST_COLUMNS)
      .where('profile_id', '=', profileId)
      .$if(platform !== undefined, (query) => query.where('platform', '=', platform!))
      .where(score, '>', 0)
      .orderBy(score, 'desc')
      .orderBy('id', 'asc')
      .limit(sqlLimit(Math.max(0, limit)))
      .execute();
    return rows.map(toPost);
  }

  private async ownerOfPost(trx: StorageContext['db'], id: number): Promise<PostOwner | undefined> {
    const row = await trx.selectFrom('posts').select(['profile_id', 'workspace_id']).where('id', '=', id).executeTakeFirst();
    return row && { profileId: row.profile_id, workspaceId: row.workspace_id };
  }
}
