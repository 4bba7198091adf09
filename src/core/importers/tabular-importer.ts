import { InvalidInputError } from '../errors.js';
import { parsePlatform } from '../platforms/platform-id.js';
import { POST_SOURCES, POST_STATUSES, type ImportedPost, type PostSource, type PostStatus } from '../posts/post-schema.js';
import { defaultStatusFor } from '../posts/post-status.js';
import { readCsvRows } from './csv-reader.js';
import { decodeText } from './decode-text.js';
import { asObject, importedPost, isEmptyPost, readJsonRecords } from './import-helpers.js';
import { recordRef, type ImportContext, type ImportItem, type Importer } from './import-item.js';
import { readNdjson } from './line-reader.js';

/**
 * Column (or key) names each field is read from, first present wins. Names
 * are compared without case, spaces, "_" or "-", so `published_at`,
 * `publishedAt` and `Published At` are one column. Unknown columns are ignored.
 */
export const COLUMN_ALIASES = {
  text: ['text', 'content', 'body', 'post', 'full_text'],
  platform: ['platform'],
  publishedAt: ['published_at', 'date', 'created_at'],
  scheduledAt: ['scheduled_at'],
  externalId: ['external_id', 'id'],
  url: ['url'],
  likes: ['likes'],
  reposts: ['reposts'],
  replies: ['replies'],
  impressions: ['impressions'],
  tags: ['tags'],
  status: ['status'],
  isReply: ['is_reply'],
  replyToExternalId: ['reply_to_external_id'],
  lang: ['lang'],
  mediaCount: ['media_count'],
  contentWarning: ['content_warning'],
  source: ['source'],
  dedupeKey: ['dedupe_key'],
  sharedUrl: ['shared_url'],
  threadParts: ['thread_parts'],
} as const;
type Field = keyof typeof COLUMN_ALIASES;

export function columnKey(name: string): string {
  return name.toLowerCase().replace(/[\s_-]/g, '');
}

const FIELD_BY_KEY: ReadonlyMap<string, { field: Field; rank: number }> = new Map(
  (Object.entries(COLUMN_ALIASES) as [Field, readonly string[]][]).flatMap(([field, names]) =>
    names.map((name, rank) => [columnKey(name), { field, rank }] as const),
  ),
);

/** Maps a record's keys to fields: for each field, the value under its highest-ranked alias present. */
function fieldValues(record: Record<string, unknown>): Partial<Record<Field, unknown>> {
  const values: Partial<Record<Field, unknown>> = {};
  const ranks: Partial<Record<Field, number>> = {};
  for (const [key, value] of Object.entries(record)) {
    const match = FIELD_BY_KEY.get(columnKey(key));
    if (match && (ranks[match.field] === undefined || match.rank < ranks[match.field]!)) {
      values[match.field] = value;
      ranks[match.field] = match.rank;
    }
  }
  const engagement = asObject(record['engagement']);
  if (engagement) {
    for (const field of ['likes', 'reposts', 'replies', 'impressions'] as const) {
      if (values[field] === undefined) values[field] = engagement[field];
    }
  }
  return values;
}

class RowProblems {
  readonly list: string[] = [];
  add(message: string): null {
    this.list.push(message);
    return null;
  }
}

function blank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/** Only an empty cell (or null) is null: "  " is kept as written, so export → import is exact. */
function optionalString(value: unknown): string | null {
  if (value === undefined || value === null || value === '') return null;
  return typeof value === 'string' ? value : String(value);
}

function count(name: string, value: unknown, problems: RowProblems): number | null {
  if (blank(value)) return null;
  const number = typeof value === 'string' ? Number(value.trim()) : value;
  if (typeof number === 'number' && Number.isSafeInteger(number) && number >= 0) return number;
  return problems.add(`${name} must be a whole number ≥ 0, got ${JSON.stringify(value)}`);
}

function date(name: string, value: unknown, problems: RowProblems): string | null {
  if (blank(value)) return null;
  let time: number;
  if (typeof value === 'number' || (typeof value === 'string' && /^\d{9,13}$/.test(value.trim()))) {
    const number = Number(value);
    time = number > 1e11 ? number : number * 1000; // epoch milliseconds or seconds
  } else time = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) return problems.add(`${name} is not a date: ${JSON.stringify(value)} (use ISO-8601, e.g. 2026-01-31T09:00:00Z)`);
  return new Date(time).toISOString();
}

function boolean(name: string, value: unknown, problems: RowProblems): boolean {
  if (blank(value)) return false;
  if (typeof value === 'boolean') return value;
  const word = String(value).trim().toLowerCase();
  if (['true', '1', 'yes', 'y'].includes(word)) return true;
  if (['false', '0', 'no', 'n'].includes(word)) return false;
  problems.add(`${name} must be true or false, got ${JSON.stringify(value)}`);
  return false;
}

/** Tags as a list, a JSON array string (what export writes) or a comma-separated string. */
function tags(value: unknown, problems: RowProblems): string[] {
  if (blank(value)) return [];
  let list: unknown = value;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (trimmed.startsWith('[')) {
      try {
        list = JSON.parse(trimmed);
      } catch {
        problems.add(`tags look like a JSON array but are not valid JSON: ${trimmed.slice(0, 80)}`);
        return [];
      }
    } else list = trimmed.split(',');
  }
  if (!Array.isArray(list) || list.some((tag) => typeof tag !== 'string')) {
    problems.add('tags must be a list of words');
    return [];
  }
  return (list as string[]).map((tag) => tag.trim()).filter((tag) => tag !== '');
}

/** A thread's parts as a list or a JSON array string (what export writes); blank for a single post. */
function threadParts(value: unknown, problems: RowProblems): string[] | null {
  if (blank(value)) return null;
  let list: unknown = value;
  if (typeof value === 'string') {
    try {
      list = JSON.parse(value);
    } catch {
      return problems.add(`thread_parts must be a JSON array of texts, got ${value.slice(0, 80)}`);
    }
  }
  if (!Array.isArray(list) || list.some((part) => typeof part !== 'string')) return problems.add('thread_parts must be a list of texts');
  return list.length === 0 ? null : (list as string[]);
}

function oneOf<T extends string>(name: string, value: unknown, allowed: readonly T[], problems: RowProblems): T | undefined {
  if (blank(value)) return undefined;
  const word = String(value).trim().toLowerCase();
  if ((allowed as readonly string[]).includes(word)) return word as T;
  problems.add(`${name} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
  return undefined;
}

/**
 * One plain record (a CSV row as column → cell, or a JSON object) to an
 * import item, with the mapping of COLUMN_ALIASES. Every problem of the
 * record is named in one `error` item.
 */
export function recordToItem(record: Record<string, unknown>, ref: string, context: ImportContext): ImportItem {
  const values = fieldValues(record);
  const problems = new RowProblems();
  if (values.text === undefined || values.text === null) {
    return { kind: 'error', ref, message: `no text: expected one of the columns ${COLUMN_ALIASES.text.join(', ')}` };
  }
  const text = typeof values.text === 'string' ? values.text : String(values.text);
  let platform = context.platform;
  if (!blank(values.platform)) {
    platform = parsePlatform(String(values.platform));
    if (!platform) problems.add(`unknown platform ${JSON.stringify(values.platform)}`);
  } else if (!platform) problems.add('no platform: add a platform column or pass --platform');
  const publishedAt = date('published_at', values.publishedAt, problems);
  const scheduledAt = date('scheduled_at', values.scheduledAt, problems);
  const status = oneOf<PostStatus>('status', values.status, POST_STATUSES, problems);
  const source = oneOf<PostSource>('source', values.source, POST_SOURCES, problems);
  const mediaCount = count('media_count', values.mediaCount, problems) ?? 0;
  const post: ImportedPost = importedPost(platform ?? 'x', {
    text,
    publishedAt,
    scheduledAt,
    externalId: optionalString(values.externalId),
    url: optionalString(values.url),
    isReply: boolean('is_reply', values.isReply, problems),
    replyToExternalId: optionalString(values.replyToExternalId),
    lang: optionalString(values.lang),
    mediaCount,
    contentWarning: optionalString(values.contentWarning),
    sharedUrl: optionalString(values.sharedUrl),
    engagement: {
      likes: count('likes', values.likes, problems),
      reposts: count('reposts', values.reposts, problems),
      replies: count('replies', values.replies, problems),
      impressions: count('impressions', values.impressions, problems),
    },
    tags: tags(values.tags, problems),
    status: status ?? defaultStatusFor({ publishedAt, scheduledAt, source: source ?? 'imported' }),
    threadParts: threadParts(values.threadParts, problems),
    source: source ?? 'imported',
  });
  if (problems.list.length > 0) return { kind: 'error', ref, message: problems.list.join('; ') };
  if (isEmptyPost(text, mediaCount)) return { kind: 'skip', ref, reason: 'empty' };
  const dedupeKey = optionalString(values.dedupeKey);
  return dedupeKey === null ? { kind: 'post', ref, post } : { kind: 'post', ref, post, dedupeKey };
}

/** Plain CSV with a header row (comma, tab or semicolon; UTF-8 or UTF-16), mapped by COLUMN_ALIASES. */
export const importCsv: Importer = async function* (files, context) {
  for (const file of files) {
    let header: string[] | undefined;
    let index = 0;
    for await (const row of readCsvRows(decodeText(file.open()), { file: file.name })) {
      if (!header) {
        header = row.fields.map((name) => name.trim());
        if (!header.some((name) => FIELD_BY_KEY.get(columnKey(name))?.field === 'text')) {
          throw new InvalidInputError(
            `${file.name} line ${row.line}: the header has no text column (expected one of ${COLUMN_ALIASES.text.join(', ')}; found: ${header.slice(0, 12).join(', ') || 'nothing'}).`,
            { details: { file: file.name, line: row.line }, hint: 'Name the column holding the post text "text", or check that the first line is the header.' },
          );
        }
        continue;
      }
      const ref = recordRef(file.name, { line: row.line, index: index++ });
      if (row.fields.length > header.length) {
        yield { kind: 'error', ref, message: `the row has ${row.fields.length} fields but the header has ${header.length}` };
        continue;
      }
      const record: Record<string, unknown> = {};
      header.forEach((name, column) => {
        record[name] = row.fields[column] ?? '';
      });
      yield recordToItem(record, ref, context);
    }
    if (!header) {
      throw new InvalidInputError(`${file.name} is empty: it has no header line.`, {
        details: { file: file.name },
        hint: 'A posts CSV starts with a header such as "platform,text,published_at".',
      });
    }
  }
};

/** A JSON array of post objects (or an object with a `posts`, `data`, `items` or `records` array). */
export const importJson: Importer = async function* (files, context) {
  for (const file of files) {
    for await (const element of readJsonRecords(file, { arrayKeys: ['posts', 'data', 'items', 'records'] })) {
      const ref = recordRef(file.name, { line: element.line, index: element.index });
      const record = asObject(element.value);
      if (element.error !== undefined) yield { kind: 'error', ref, message: element.error };
      else if (!record) yield { kind: 'error', ref, message: 'the record is not a JSON object' };
      else yield recordToItem(record, ref, context);
    }
  }
};

/** One JSON post object per line. A line that is not valid JSON is that record's error; the rest go on. */
export const importNdjson: Importer = async function* (files, context) {
  for (const file of files) {
    let index = 0;
    let any = false;
    for await (const line of readNdjson(decodeText(file.open()))) {
      any = true;
      const ref = recordRef(file.name, { line: line.line, index: index++ });
      const record = asObject(line.value);
      if (line.error !== undefined) yield { kind: 'error', ref, message: line.error };
      else if (!record) yield { kind: 'error', ref, message: 'the line is not a JSON object' };
      else yield recordToItem(record, ref, context);
    }
    if (!any) {
      throw new InvalidInputError(`${file.name} is empty: it has no JSON lines.`, { details: { file: file.name }, hint: 'Each line of an NDJSON file is one post object.' });
    }
  }
};
