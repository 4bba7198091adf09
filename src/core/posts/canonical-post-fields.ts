import { PLATFORMS } from '../platforms/platform-id.js';
import { MAX_POST_TEXT, POST_SOURCES, POST_STATUSES, type PostFields, type PostInput } from './post-schema.js';

const PLATFORM_SET: ReadonlySet<string> = new Set(PLATFORMS);
const STATUS_SET: ReadonlySet<string> = new Set(POST_STATUSES);
const SOURCE_SET: ReadonlySet<string> = new Set(POST_SOURCES);
/** The form TimestampSchema gives every timestamp: UTC with milliseconds. */
const CANONICAL_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * PostInputSchema's output for an input that is already in its final form
 * (every field present, timestamps already UTC with milliseconds, tags and
 * thread parts already trimmed), built without zod; undefined for anything
 * else, which then goes through PostInputSchema, which decides and says why.
 *
 * Importers build typed posts by the hundred thousand: parsing each with zod
 * cost an eighth of an import. This check accepts only what the schema
 * accepts and returns what it would return (canonical-post-fields.test.ts
 * holds it to that, field by field); it never rejects on its own.
 */
export function canonicalPostFields(input: PostInput): PostFields | undefined {
  const { engagement, tags } = input;
  if (!PLATFORM_SET.has(input.platform as string)) return undefined;
  if (typeof input.text !== 'string' || input.text.length > MAX_POST_TEXT) return undefined;
  if (typeof input.status !== 'string' || !STATUS_SET.has(input.status)) return undefined;
  if (typeof input.source !== 'string' || !SOURCE_SET.has(input.source)) return undefined;
  if (!isTimestampOrNull(input.scheduledAt) || !isTimestampOrNull(input.publishedAt)) return undefined;
  if (engagement === null || typeof engagement !== 'object') return undefined;
  if (!isCount(engagement.likes) || !isCount(engagement.reposts) || !isCount(engagement.replies) || !isCount(engagement.impressions)) return undefined;
  if (!Array.isArray(tags) || tags.length > 100 || !tags.every((tag) => isTrimmedText(tag, 1, 100))) return undefined;
  if (!isTextOrNull(input.externalId, 200) || !isTextOrNull(input.url, 2000) || !isTextOrNull(input.replyToExternalId, 200)) return undefined;
  if (!isTextOrNull(input.lang, 35) || !isTextOrNull(input.contentWarning, 2000) || !isTextOrNull(input.sharedUrl, 2000)) return undefined;
  if (typeof input.isReply !== 'boolean' || !Number.isSafeInteger(input.mediaCount) || (input.mediaCount as number) < 0) return undefined;
  if (input.generationId !== null && !Number.isSafeInteger(input.generationId)) return undefined;
  const parts = input.threadParts;
  if (parts !== null) {
    if (!Array.isArray(parts) || parts.length < 2 || parts.length > 200 || !parts.every((part) => isTrimmedText(part, 1, MAX_POST_TEXT))) return undefined;
  }
  return {
    platform: input.platform,
    text: input.text,
    status: input.status as PostFields['status'],
    scheduledAt: input.scheduledAt as string | null,
    publishedAt: input.publishedAt as string | null,
    engagement: { likes: engagement.likes as number | null, reposts: engagement.reposts as number | null, replies: engagement.replies as number | null, impressions: engagement.impressions as number | null },
    tags: [...tags],
    source: input.source as PostFields['source'],
    externalId: input.externalId as string | null,
    url: input.url as string | null,
    isReply: input.isReply,
    replyToExternalId: input.replyToExternalId as string | null,
    lang: input.lang as string | null,
    mediaCount: input.mediaCount as number,
    contentWarning: input.contentWarning as string | null,
    sharedUrl: input.sharedUrl as string | null,
    generationId: input.generationId as number | null,
    threadParts: parts === null ? null : [...parts!],
  };
}

function isTimestampOrNull(value: unknown): boolean {
  if (value === null) return true;
  // A well-formed but impossible date (2026-02-30, 24:00) is normalised by the schema: leave it to the schema.
  return typeof value === 'string' && CANONICAL_TIMESTAMP.test(value) && isRealUtcTime(value);
}

/**
 * True when a timestamp of the canonical shape names a real instant, i.e.
 * when `new Date(Date.parse(value)).toISOString() === value`, read from its
 * digits: a third of the cost of the round trip, paid per imported post.
 */
function isRealUtcTime(value: string): boolean {
  const digits = (start: number, count: number): number => {
    let number = 0;
    for (let index = start; index < start + count; index++) number = number * 10 + value.charCodeAt(index) - 48;
    return number;
  };
  const year = digits(0, 4);
  const month = digits(5, 2);
  const day = digits(8, 2);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return month >= 1 && month <= 12 && day >= 1 && day <= days && digits(11, 2) <= 23 && digits(14, 2) <= 59 && digits(17, 2) <= 59;
}

function isCount(value: unknown): boolean {
  return value === null || (Number.isSafeInteger(value) && (value as number) >= 0);
}

function isTextOrNull(value: unknown, max: number): boolean {
  return value === null || (typeof value === 'string' && value.length <= max);
}

function isTrimmedText(value: unknown, min: number, max: number): boolean {
  return typeof value === 'string' && value.length >= min && value.length <= max && value.trim() === value;
}
