/**
 * The baseline the storage adapter is measured against: hand-written
 * better-sqlite3 prepared statements into the same schema, one transaction
 * per batch. "posts only" writes the posts table; "full" also writes the
 * FTS row and outbox row that the schema expects of every new post.
 */
import type Database from 'better-sqlite3';
import { profileScopeToken, segmentForSearch } from '../src/adapters/storage/search-query.js';
import type { NewPost } from '../src/core/ports.js';

const INSERT_POST = `insert into posts (profile_id, workspace_id, platform, text, status, scheduled_at, published_at,
  likes, reposts, replies, impressions, tags, source, external_id, url, is_reply, reply_to_external_id, lang,
  media_count, content_warning, generation_id, dedupe_key, created_at, updated_at)
  values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

export interface RawTarget {
  profileId: number;
  workspaceId: number;
}

export type RawMode = 'posts-only' | 'full' | 'posts-and-fts';

/** Inserts the posts in transactions of `batchSize`; returns how many were inserted. */
export function rawInsert(database: Database.Database, target: RawTarget, posts: readonly NewPost[], mode: RawMode, batchSize: number): number {
  const insertPost = database.prepare(INSERT_POST);
  const insertFts = database.prepare('insert into posts_fts (rowid, scope, body) values (?, ?, ?)');
  const insertOutbox = database.prepare("insert into vector_outbox (post_id, profile_id, workspace_id, operation) values (?, ?, ?, 'upsert')");
  const scope = profileScopeToken(target.profileId);
  const now = new Date().toISOString();
  const batch = database.transaction((slice: readonly NewPost[]) => {
    for (const post of slice) {
      const result = insertPost.run(
        target.profileId,
        target.workspaceId,
        post.platform,
        post.text,
        post.status,
        post.scheduledAt,
        post.publishedAt,
        post.engagement.likes,
        post.engagement.reposts,
        post.engagement.replies,
        post.engagement.impressions,
        JSON.stringify(post.tags),
        post.source,
        post.externalId,
        post.url,
        post.isReply ? 1 : 0,
        post.replyToExternalId,
        post.lang,
        post.mediaCount,
        post.contentWarning,
        post.generationId,
        post.dedupeKey,
        now,
        now,
      );
      if (mode === 'posts-only') continue;
      const id = Number(result.lastInsertRowid);
      insertFts.run(id, scope, segmentForSearch(post.text));
      if (mode === 'full') insertOutbox.run(id, target.profileId, target.workspaceId);
    }
  });
  for (let start = 0; start < posts.length; start += batchSize) batch(posts.slice(start, start + batchSize));
  return posts.length;
}

/** A profile row written directly, for datasets built without the adapter. */
export function rawProfile(database: Database.Database, workspaceId: number, handle: string): number {
  const now = new Date().toISOString();
  const result = database
    .prepare(
      `insert into profiles (workspace_id, handle, owner, display_name, description, audience, platforms, language, voice, archived, created_at, updated_at)
       values (?, ?, null, ?, '', '', '["x"]', 'en', '{}', 0, ?, ?)`,
    )
    .run(workspaceId, handle, handle, now, now);
  return Number(result.lastInsertRowid);
}
