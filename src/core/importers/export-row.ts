import type { Platform } from '../platforms/platform-id.js';
import type { Post, PostSource, PostStatus } from '../posts/post-schema.js';

/**
 * The columns `smm export` writes, in order. `smm import --format csv|json|ndjson`
 * reads them back: export → import keeps every field of a post except its
 * database ids and its generation link.
 */
export const EXPORT_COLUMNS = [
  'platform',
  'text',
  'status',
  'published_at',
  'scheduled_at',
  'external_id',
  'url',
  'is_reply',
  'reply_to_external_id',
  'lang',
  'media_count',
  'content_warning',
  'likes',
  'reposts',
  'replies',
  'impressions',
  'tags',
  'source',
  'dedupe_key',
  'shared_url',
  'thread_parts',
] as const;
export type ExportColumn = (typeof EXPORT_COLUMNS)[number];

/** One exported post: flat, snake_case, JSON-friendly. */
export interface ExportRow {
  platform: Platform;
  text: string;
  status: PostStatus;
  published_at: string | null;
  scheduled_at: string | null;
  external_id: string | null;
  url: string | null;
  is_reply: boolean;
  reply_to_external_id: string | null;
  lang: string | null;
  media_count: number;
  content_warning: string | null;
  likes: number | null;
  reposts: number | null;
  replies: number | null;
  impressions: number | null;
  tags: string[];
  source: PostSource;
  /** The post's identity, so re-importing the export into the same profile adds nothing. */
  dedupe_key: string;
  /** The page the post shares (LinkedIn's SharedUrl). */
  shared_url: string | null;
  /** A thread's posts in order (a JSON array in CSV); null for a single post. */
  thread_parts: string[] | null;
}

/** A stored post as an export row (for JSON and NDJSON, write the object as it is). */
export function postToExportRow(post: Post): ExportRow {
  return {
    platform: post.platform,
    text: post.text,
    status: post.status,
    published_at: post.publishedAt,
    scheduled_at: post.scheduledAt,
    external_id: post.externalId,
    url: post.url,
    is_reply: post.isReply,
    reply_to_external_id: post.replyToExternalId,
    lang: post.lang,
    media_count: post.mediaCount,
    content_warning: post.contentWarning,
    likes: post.engagement.likes,
    reposts: post.engagement.reposts,
    replies: post.engagement.replies,
    impressions: post.engagement.impressions,
    tags: [...post.tags],
    source: post.source,
    dedupe_key: post.dedupeKey,
    shared_url: post.sharedUrl,
    thread_parts: post.threadParts ? [...post.threadParts] : null,
  };
}

/**
 * A row as CSV cells in EXPORT_COLUMNS order: null as an empty cell,
 * booleans as true/false, tags as a JSON array (tags may hold commas).
 */
export function exportRowToCsvFields(row: ExportRow): string[] {
  return EXPORT_COLUMNS.map((column) => {
    const value = row[column];
    if (value === null) return '';
    if (Array.isArray(value)) return value.length === 0 ? '' : JSON.stringify(value);
    return String(value);
  });
}

/** One RFC 4180 line (CRLF-terminated); cells with a comma, quote or line break are quoted. */
export function formatCsvLine(fields: readonly string[]): string {
  return `${fields.map((field) => (/[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field)).join(',')}\r\n`;
}

/** The CSV header line of an export. */
export function exportCsvHeader(): string {
  return formatCsvLine(EXPORT_COLUMNS);
}
