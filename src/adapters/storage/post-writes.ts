import { sql, type Kysely } from 'kysely';
import type { NewPost } from '../../core/ports.js';
import type { PostFields } from '../../core/posts/index.js';
import type { Database } from './database-schema.js';
import { insertOutbox, queueOutbox } from './outbox-writes.js';
import { POST_COLUMNS, postFieldValues, postInsertValues, type PostInsertValues, type PostRow } from './post-rows.js';
import { indexedText, profileScopeToken } from './search-query.js';
import type { StorageKind } from './storage-context.js';

/** Whose a post is: its profile and that profile's workspace. */
export interface PostOwner {
  profileId: number;
  workspaceId: number;
}

/**
 * The single-row write path shared by the post and generation repositories:
 * the row, its full-text entry (FTS5 row or tsvector) and its outbox entry,
 * inside the caller's transaction. The bulk path in post-bulk-insert.ts does
 * the same work with prepared statements.
 */
export class PostWriter {
  constructor(private readonly kind: StorageKind) {}

  /** Inserts the post, or returns undefined when its dedupe key exists. */
  async insert(trx: Kysely<Database>, owner: PostOwner, post: NewPost, now: string): Promise<PostRow | undefined> {
    const values = postInsertValues(owner, post, now);
    const row = await trx
      .insertInto('posts')
      .values(this.withSearchVector(values))
      .onConflict((conflict) => conflict.columns(['profile_id', 'platform', 'dedupe_key']).doNothing())
      .returning(POST_COLUMNS)
      .executeTakeFirst();
    if (!row) return undefined;
    await this.indexText(trx, row.id, owner.profileId, post.text, false);
    await insertOutbox(trx, [{ postId: row.id, profileId: owner.profileId, workspaceId: owner.workspaceId }], 'upsert');
    return row;
  }

  /** Inserts many rows at once; returns the new rows' ids (duplicates skipped). */
  async insertMany(trx: Kysely<Database>, owner: PostOwner, posts: readonly NewPost[], now: string): Promise<number[]> {
    if (posts.length === 0) return [];
    const rows = await trx
      .insertInto('posts')
      .values(posts.map((post) => this.withSearchVector(postInsertValues(owner, post, now))))
      .onConflict((conflict) => conflict.columns(['profile_id', 'platform', 'dedupe_key']).doNothing())
      .returning(['id', 'text'])
      .execute();
    if (this.kind === 'sqlite') {
      for (const row of rows) await this.indexText(trx, row.id, owner.profileId, row.text, false);
    }
    await insertOutbox(trx, rows.map((row) => ({ postId: row.id, ...owner })), 'upsert');
    return rows.map((row) => row.id);
  }

  async update(trx: Kysely<Database>, owner: PostOwner, id: number, fields: PostFields, now: string): Promise<PostRow | undefined> {
    const values = postFieldValues(fields);
    const row = await trx
      .updateTable('posts')
      .set(this.kind === 'postgres' ? { ...values, updated_at: now, search_vector: searchVector(values.text) } : { ...values, updated_at: now })
      .where('id', '=', id)
      .returning(POST_COLUMNS)
      .executeTakeFirst();
    if (!row) return undefined;
    await this.indexText(trx, id, owner.profileId, fields.text, true);
    await queueOutbox(trx, [{ postId: id, ...owner }], 'upsert');
    return row;
  }

  private withSearchVector(values: PostInsertValues): PostInsertValues & { search_vector?: unknown } {
    return this.kind === 'postgres' ? { ...values, search_vector: searchVector(values.text) } : values;
  }

  private async indexText(trx: Kysely<Database>, id: number, profileId: number, text: string, replace: boolean): Promise<void> {
    if (this.kind !== 'sqlite') return;
    if (replace) await trx.deleteFrom('posts_fts').where('rowid', '=', id).execute();
    const body = indexedText(text);
    if (body === '') return; // posts without words stay out of the index
    await trx
      .insertInto('posts_fts')
      .values({ rowid: id, scope: profileScopeToken(profileId), body })
      .execute();
  }
}

/** PostgreSQL: the tsvector of a post's text ('simple': no stemming, the posts are multilingual). */
export function searchVector(text: string) {
  return sql`to_tsvector('simple', cast(${indexedText(text)} as text))`;
}
