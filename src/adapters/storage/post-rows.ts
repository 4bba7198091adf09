import type { Insertable, Selectable } from 'kysely';
import { InvalidInputError } from '../../core/errors.js';
import type { Platform } from '../../core/platforms/index.js';
import type { Post, PostFields, PostSource, PostStatus } from '../../core/posts/index.js';
import type { PostTable } from './database-schema.js';

/** Every column a Post is read from (not the PostgreSQL search vector). */
export const POST_COLUMNS = [
  'id',
  'profile_id',
  'platform',
  'text',
  'status',
  'scheduled_at',
  'published_at',
  'likes',
  'reposts',
  'replies',
  'impressions',
  'tags',
  'source',
  'external_id',
  'url',
  'is_reply',
  'reply_to_external_id',
  'lang',
  'media_count',
  'content_warning',
  'generation_id',
  'shared_url',
  'dedupe_key',
  'thread_parts',
  'sort_at',
  'created_at',
  'updated_at',
] as const;

export type PostRow = Pick<Selectable<PostTable>, (typeof POST_COLUMNS)[number]>;

/** The columns an insert writes, in a fixed order (the bulk path binds them positionally). */
export const POST_INSERT_COLUMNS = [
  'profile_id',
  'workspace_id',
  'platform',
  'text',
  'status',
  'scheduled_at',
  'published_at',
  'likes',
  'reposts',
  'replies',
  'impressions',
  'tags',
  'source',
  'external_id',
  'url',
  'is_reply',
  'reply_to_external_id',
  'lang',
  'media_count',
  'content_warning',
  'generation_id',
  'shared_url',
  'dedupe_key',
  'created_at',
  'updated_at',
  'thread_parts',
] as const;

export type PostInsertValues = Required<Pick<Insertable<PostTable>, (typeof POST_INSERT_COLUMNS)[number]>>;

function optionalNumber(value: number | string | null): number | null {
  return value === null ? null : Number(value);
}

export function toPost(row: PostRow): Post {
  return {
    id: row.id,
    profileId: row.profile_id,
    platform: row.platform as Platform,
    text: row.text,
    status: row.status as PostStatus,
    scheduledAt: row.scheduled_at,
    publishedAt: row.published_at,
    engagement: {
      likes: optionalNumber(row.likes),
      reposts: optionalNumber(row.reposts),
      replies: optionalNumber(row.replies),
      impressions: optionalNumber(row.impressions),
    },
    tags: JSON.parse(row.tags) as string[],
    source: row.source as PostSource,
    externalId: row.external_id,
    url: row.url,
    isReply: Number(row.is_reply) !== 0,
    replyToExternalId: row.reply_to_external_id,
    lang: row.lang,
    mediaCount: Number(row.media_count),
    contentWarning: row.content_warning,
    generationId: row.generation_id,
    sharedUrl: row.shared_url,
    threadParts: row.thread_parts == null ? null : (JSON.parse(row.thread_parts) as string[]),
    dedupeKey: row.dedupe_key,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * Timestamps are compared as text, so every one is stored in the same
 * ISO-8601 UTC form with milliseconds, whatever form the caller used.
 */
export function normalizeTimestamp(value: string | null, field: string): string | null {
  if (value === null) return null;
  const time = Date.parse(value);
  if (Number.isNaN(time)) {
    throw new InvalidInputError(`The ${field} "${value}" is not a date-time.`, { hint: 'Use ISO-8601, e.g. 2026-01-31T09:00:00Z.', details: { field, value } });
  }
  return new Date(time).toISOString();
}

/**
 * PostgreSQL text cannot hold U+0000; both databases store it as U+FFFD so
 * that an odd byte in an export neither fails a whole import nor differs by database.
 */
function storableText(text: string): string {
  return text.includes('\u0000') ? text.replaceAll('\u0000', '\uFFFD') : text;
}

/** The columns an update writes from a post's editable fields. */
export function postFieldValues(fields: PostFields): Omit<PostInsertValues, 'profile_id' | 'workspace_id' | 'dedupe_key' | 'created_at' | 'updated_at'> {
  return {
    platform: fields.platform,
    text: storableText(fields.text),
    status: fields.status,
    scheduled_at: normalizeTimestamp(fields.scheduledAt, 'scheduledAt'),
    published_at: normalizeTimestamp(fields.publishedAt, 'publishedAt'),
    likes: fields.engagement.likes,
    reposts: fields.engagement.reposts,
    replies: fields.engagement.replies,
    impressions: fields.engagement.impressions,
    tags: JSON.stringify(fields.tags),
    source: fields.source,
    external_id: fields.externalId,
    url: fields.url,
    is_reply: fields.isReply ? 1 : 0,
    reply_to_external_id: fields.replyToExternalId,
    lang: fields.lang,
    media_count: fields.mediaCount,
    content_warning: fields.contentWarning,
    generation_id: fields.generationId,
    shared_url: fields.sharedUrl,
    thread_parts: fields.threadParts == null ? null : JSON.stringify(fields.threadParts.map(storableText)),
  };
}

export function postInsertValues(
  owner: { profileId: number; workspaceId: number },
  post: PostFields & { dedupeKey: string },
  now: string,
): PostInsertValues {
  return {
    profile_id: owner.profileId,
    workspace_id: owner.workspaceId,
    ...postFieldValues(post),
    dedupe_key: post.dedupeKey,
    created_at: now,
    updated_at: now,
  };
}

/** The values of an insert in POST_INSERT_COLUMNS order, for a positional prepared statement. */
export function postInsertParameters(values: PostInsertValues): unknown[] {
  return POST_INSERT_COLUMNS.map((column) => values[column]);
}
