import type { Platform } from '../platforms/platform-id.js';
import type { ImportedPost } from '../posts/post-schema.js';
import { decodeText } from './decode-text.js';
import type { ExportFile } from './export-source.js';
import { readJsonArray, type JsonArrayElement, type JsonArrayOptions } from './json-array-reader.js';

/** An ImportedPost with every optional field at its empty value. */
export function importedPost(platform: Platform, fields: Partial<ImportedPost> & { text: string }): ImportedPost {
  return {
    platform,
    publishedAt: null,
    externalId: null,
    url: null,
    isReply: false,
    replyToExternalId: null,
    lang: null,
    mediaCount: 0,
    contentWarning: null,
    engagement: { likes: null, reposts: null, replies: null, impressions: null },
    tags: [],
    ...fields,
  };
}

/** Streams the records of a JSON export file (see readJsonArray). */
export function readJsonRecords(file: ExportFile, options: Omit<JsonArrayOptions, 'file'> = {}): AsyncGenerator<JsonArrayElement> {
  return readJsonArray(decodeText(file.open()), { ...options, file: file.name, onDescribed: file.onDescribed });
}

/** Narrows an unknown JSON value to a plain object. */
export function asObject(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A count given as a number or a numeric string (X writes "12"); null otherwise. */
export function asCount(value: unknown): number | null {
  const number = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  return typeof number === 'number' && Number.isSafeInteger(number) && number >= 0 ? number : null;
}

/** Line ends as LF; the text otherwise as written. */
export function normaliseNewlines(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

/** Unix seconds (number or numeric string) to ISO-8601, or null. */
export function fromUnixSeconds(value: unknown): string | null {
  const seconds = typeof value === 'string' && /^\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0) return null;
  const date = new Date(Math.round(seconds * 1000));
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** Any date string JavaScript understands, to ISO-8601; null when it is not a date. */
export function toIsoDate(value: unknown): string | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/** True when the record holds neither text nor media: there is nothing to learn from it. */
export function isEmptyPost(text: string, mediaCount: number): boolean {
  return text.trim() === '' && mediaCount === 0;
}
