import { sql, type Kysely } from 'kysely';
import type { OutboxOperation } from '../../core/ports.js';
import type { Database } from './database-schema.js';

export interface OutboxTarget {
  postId: number;
  profileId: number;
  workspaceId: number;
}

const CHUNK = 500;

/**
 * Queues posts for the vector index. A post has at most one pending entry:
 * an older one is replaced by a new entry with a higher seq, so an `ack` of
 * the older entry (already being processed) leaves the new one in place.
 * Call inside the transaction that changed the posts.
 */
export async function queueOutbox(db: Kysely<Database>, targets: readonly OutboxTarget[], operation: OutboxOperation): Promise<void> {
  for (let start = 0; start < targets.length; start += CHUNK) {
    const chunk = targets.slice(start, start + CHUNK);
    await db.deleteFrom('vector_outbox').where('post_id', 'in', chunk.map((target) => target.postId)).execute();
    await insertOutbox(db, chunk, operation);
  }
}

/** Queues posts that cannot have a pending entry yet (just inserted: ids are never reused). */
export async function insertOutbox(db: Kysely<Database>, targets: readonly OutboxTarget[], operation: OutboxOperation): Promise<void> {
  for (let start = 0; start < targets.length; start += CHUNK) {
    const chunk = targets.slice(start, start + CHUNK);
    await db
      .insertInto('vector_outbox')
      .values(chunk.map((target) => ({ post_id: target.postId, profile_id: target.profileId, workspace_id: target.workspaceId, operation })))
      .execute();
  }
}

/**
 * Queues every post matching the scope, in one statement pair (reindex of a
 * workspace, deletion of a profile). Returns how many were queued.
 */
export async function queueOutboxForPosts(
  db: Kysely<Database>,
  scope: { workspaceId: number; profileId?: number },
  operation: OutboxOperation,
): Promise<number> {
  const matching = db
    .selectFrom('posts')
    .where('posts.workspace_id', '=', scope.workspaceId)
    .$if(scope.profileId !== undefined, (query) => query.where('posts.profile_id', '=', scope.profileId ?? 0));
  await db
    .deleteFrom('vector_outbox')
    .where('post_id', 'in', matching.select('posts.id'))
    .execute();
  const result = await db
    .insertInto('vector_outbox')
    .columns(['post_id', 'profile_id', 'workspace_id', 'operation'])
    .expression(
      matching
        .select(['posts.id', 'posts.profile_id', 'posts.workspace_id', sql.lit<OutboxOperation>(operation).as('operation')])
        .orderBy('posts.id'),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}
