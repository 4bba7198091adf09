import { describe, expect, test } from 'vitest';
import type { Post } from '../posts/post-schema.js';
import { EXPORT_COLUMNS, exportCsvHeader, exportRowToCsvFields, formatCsvLine, postToExportRow, type ExportRow } from './export-row.js';

/** A stored post whose every field holds a value of its own, so a field copied into the wrong column shows. */
function storedPost(fields: Partial<Post> = {}): Post {
  return {
    id: 7,
    profileId: 3,
    platform: 'mastodon',
    text: 'Bonjour, "tout le monde"\nà bientôt 👋🏽',
    status: 'published',
    publishedAt: '2023-04-05T06:07:08.000Z',
    scheduledAt: '2023-04-04T00:00:00.000Z',
    externalId: 'https://m.example/users/ann/statuses/110',
    url: 'https://m.example/@ann/110',
    isReply: true,
    replyToExternalId: 'https://other.example/statuses/9',
    lang: 'fr',
    mediaCount: 2,
    contentWarning: 'spoilers',
    engagement: { likes: 11, reposts: 12, replies: 13, impressions: 14 },
    tags: ['launch, q3', 'café'],
    source: 'imported',
    dedupeKey: 'mastodon:110',
    sharedUrl: 'https://example.org/article',
    generationId: 5,
    threadParts: ['part one', 'part two'],
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-02T00:00:00.000Z',
    ...fields,
  };
}

describe('postToExportRow', () => {
  test('every field of the post lands in its snake_case column; ids, timestamps of the row and the generation link are left out', () => {
    expect(postToExportRow(storedPost())).toEqual({
      platform: 'mastodon',
      text: 'Bonjour, "tout le monde"\nà bientôt 👋🏽',
      status: 'published',
      published_at: '2023-04-05T06:07:08.000Z',
      scheduled_at: '2023-04-04T00:00:00.000Z',
      external_id: 'https://m.example/users/ann/statuses/110',
      url: 'https://m.example/@ann/110',
      is_reply: true,
      reply_to_external_id: 'https://other.example/statuses/9',
      lang: 'fr',
      media_count: 2,
      content_warning: 'spoilers',
      likes: 11,
      reposts: 12,
      replies: 13,
      impressions: 14,
      tags: ['launch, q3', 'café'],
      source: 'imported',
      dedupe_key: 'mastodon:110',
      shared_url: 'https://example.org/article',
      thread_parts: ['part one', 'part two'],
    });
  });

  test('a single post has no thread parts; the row holds copies, not the post\'s own arrays', () => {
    const post = storedPost({ threadParts: null });
    const row = postToExportRow(post);
    expect(row.thread_parts).toBeNull();
    row.tags.push('extra');
    expect(post.tags).toEqual(['launch, q3', 'café']);
    const thread = storedPost();
    postToExportRow(thread).thread_parts!.push('three');
    expect(thread.threadParts).toEqual(['part one', 'part two']);
  });

  test('every column of the export has a field in the row', () => {
    const row = postToExportRow(storedPost());
    expect(Object.keys(row).sort()).toEqual([...EXPORT_COLUMNS].sort());
  });
});

describe('exportRowToCsvFields', () => {
  test('cells in column order: null as empty, booleans as true/false, numbers as digits (0 included), arrays as JSON', () => {
    const row: ExportRow = {
      ...postToExportRow(storedPost()),
      scheduled_at: null,
      is_reply: false,
      media_count: 0,
      likes: 0,
      reposts: null,
      content_warning: null,
    };
    const fields = exportRowToCsvFields(row);
    expect(fields).toHaveLength(EXPORT_COLUMNS.length);
    const cell = Object.fromEntries(EXPORT_COLUMNS.map((column, index) => [column, fields[index]]));
    expect(cell).toEqual({
      platform: 'mastodon',
      text: 'Bonjour, "tout le monde"\nà bientôt 👋🏽',
      status: 'published',
      published_at: '2023-04-05T06:07:08.000Z',
      scheduled_at: '',
      external_id: 'https://m.example/users/ann/statuses/110',
      url: 'https://m.example/@ann/110',
      is_reply: 'false',
      reply_to_external_id: 'https://other.example/statuses/9',
      lang: 'fr',
      media_count: '0',
      content_warning: '',
      likes: '0',
      reposts: '',
      replies: '13',
      impressions: '14',
      tags: '["launch, q3","café"]',
      source: 'imported',
      dedupe_key: 'mastodon:110',
      shared_url: 'https://example.org/article',
      thread_parts: '["part one","part two"]',
    });
  });

  test('no tags and no thread are empty cells, not "[]"; a reply is "true"', () => {
    const fields = exportRowToCsvFields({ ...postToExportRow(storedPost({ tags: [], threadParts: null })), is_reply: true });
    expect(fields[EXPORT_COLUMNS.indexOf('tags')]).toBe('');
    expect(fields[EXPORT_COLUMNS.indexOf('thread_parts')]).toBe('');
    expect(fields[EXPORT_COLUMNS.indexOf('is_reply')]).toBe('true');
  });
});

describe('formatCsvLine', () => {
  test('plain cells as they are, comma-separated, the line ended by CRLF', () => {
    expect(formatCsvLine(['x', 'hello world', '', '42', 'café 中文'])).toBe('x,hello world,,42,café 中文\r\n');
    expect(formatCsvLine([])).toBe('\r\n');
  });

  test('a cell with a comma, a quote, a CR or an LF is quoted, its quotes doubled; semicolons and tabs are not special', () => {
    expect(formatCsvLine(['a,b'])).toBe('"a,b"\r\n');
    expect(formatCsvLine(['say "hi"'])).toBe('"say ""hi"""\r\n');
    expect(formatCsvLine(['"'])).toBe('""""\r\n');
    expect(formatCsvLine(['line\nbreak'])).toBe('"line\nbreak"\r\n');
    expect(formatCsvLine(['old\rmac'])).toBe('"old\rmac"\r\n');
    expect(formatCsvLine(['a;b\tc', 'x'])).toBe('a;b\tc,x\r\n');
    expect(formatCsvLine(['first', 'he said "no, never"\r\n', 'last'])).toBe('first,"he said ""no, never""\r\n",last\r\n');
  });
});

describe('exportCsvHeader', () => {
  test('the header names the columns as smm import reads them back, in order', () => {
    // The file format: spreadsheets and `smm import --format csv` rely on these names.
    expect(exportCsvHeader()).toBe(
      'platform,text,status,published_at,scheduled_at,external_id,url,is_reply,reply_to_external_id,lang,media_count,content_warning,likes,reposts,replies,impressions,tags,source,dedupe_key,shared_url,thread_parts\r\n',
    );
  });
});
