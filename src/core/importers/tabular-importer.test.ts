import { describe, expect, test } from 'vitest';
import { collect, memoryFile } from '../../../test/fakes/memory-export-source.js';
import type { ImportContext, ImportItem, Importer } from './import-item.js';
import { importCsv, importJson, importNdjson, recordToItem } from './tabular-importer.js';

async function items(importer: Importer, name: string, content: string | Uint8Array, context: ImportContext = {}): Promise<ImportItem[]> {
  return collect(importer([memoryFile(name, content, { chunkSize: 11 })], context));
}

function utf16le(text: string): Uint8Array {
  const out = new Uint8Array(2 + text.length * 2);
  out.set([0xff, 0xfe]);
  for (let i = 0; i < text.length; i++) {
    out[2 + i * 2] = text.charCodeAt(i) & 0xff;
    out[3 + i * 2] = text.charCodeAt(i) >> 8;
  }
  return out;
}

describe('column mapping', () => {
  test('aliases, any case or separator, first alias present wins', () => {
    const item = recordToItem(
      { Content: 'from content', 'Created At': '2024-01-02T03:04:05+02:00', ID: '77', Likes: ' 12 ', tags: 'launch, coffee ,', IS_REPLY: 'yes', platform: 'Twitter' },
      'r',
      {},
    );
    expect(item).toMatchObject({
      kind: 'post',
      post: { platform: 'x', text: 'from content', publishedAt: '2024-01-02T01:04:05.000Z', externalId: '77', isReply: true, tags: ['launch', 'coffee'], engagement: { likes: 12 }, status: 'published', source: 'imported' },
    });
    // `text` outranks `content`; `external_id` outranks `id` even when empty (an export's own id is never a platform id).
    expect(recordToItem({ content: 'no', text: 'yes', id: '5', external_id: '' }, 'r', { platform: 'x' })).toMatchObject({ post: { text: 'yes', externalId: null } });
  });

  test('camelCase JSON with nested engagement (a post as the API returns it)', () => {
    const item = recordToItem({ platform: 'bluesky', text: 'hi', publishedAt: 1714557600, engagement: { likes: 3, reposts: 0 }, scheduledAt: null }, 'r', {});
    expect(item).toMatchObject({ post: { publishedAt: '2024-05-01T10:00:00.000Z', engagement: { likes: 3, reposts: 0, replies: null } } });
  });

  test('a scheduled row without a status is scheduled', () => {
    expect(recordToItem({ text: 'soon', scheduled_at: '2030-01-01T09:00:00Z' }, 'r', { platform: 'linkedin' })).toMatchObject({ post: { status: 'scheduled' } });
  });

  test('every problem of a record is named in one error', () => {
    const item = recordToItem({ text: 'x', platform: 'myspace', likes: '-1', status: 'posted', date: 'soon', is_reply: 'maybe' }, 'posts.csv:3 #2', {});
    expect(item).toEqual({
      kind: 'error',
      ref: 'posts.csv:3 #2',
      message:
        'unknown platform "myspace"; published_at is not a date: "soon" (use ISO-8601, e.g. 2026-01-31T09:00:00Z); status must be one of idea, draft, approved, scheduled, published, archived, publishing, failed, got "posted"; is_reply must be true or false, got "maybe"; likes must be a whole number ≥ 0, got "-1"',
    });
    expect(recordToItem({ body: 'x' }, 'r', {})).toMatchObject({ kind: 'error', message: 'no platform: add a platform column or pass --platform' });
    expect(recordToItem({ title: 'x' }, 'r', { platform: 'x' })).toMatchObject({ kind: 'error', message: 'no text: expected one of the columns text, content, body, post, full_text' });
  });
});

describe('csv, json, ndjson files', () => {
  test('a UTF-16LE tab-separated CSV with a BOM', async () => {
    const list = await items(importCsv, 'posts.tsv', utf16le('platform\tfull_text\tdate\nx\t"Ünïcode 👩🏽‍💻\nline two"\t2024-01-01\n'));
    expect(list).toMatchObject([{ kind: 'post', ref: 'posts.tsv:2 #1', post: { text: 'Ünïcode 👩🏽‍💻\nline two', publishedAt: '2024-01-01T00:00:00.000Z' } }]);
  });

  test('a CSV row with more cells than the header is an error; the rest goes on', async () => {
    const list = await items(importCsv, 'p.csv', 'text,platform\na,x,extra\nb,x\n');
    expect(list.map((item) => item.kind)).toEqual(['error', 'post']);
    expect(list[0]).toMatchObject({ message: 'the row has 3 fields but the header has 2' });
  });

  test('an empty CSV is refused', async () => {
    await expect(items(importCsv, 'p.csv', '\n\n')).rejects.toThrow('p.csv is empty: it has no header line.');
  });

  test('JSON: a top-level array or a {posts: [...]} object; non-objects are errors', async () => {
    const list = await items(importJson, 'p.json', JSON.stringify({ posts: [{ text: 'a', platform: 'x' }, 42, { text: '', platform: 'x' }] }));
    expect(list.map((item) => (item.kind === 'skip' ? item.reason : item.kind))).toEqual(['post', 'error', 'empty']);
  });

  test('NDJSON: a bad line is that record’s error and reading goes on; CRLF and blank lines are fine', async () => {
    const list = await items(importNdjson, 'p.ndjson', '{"text": "a", "platform": "x"}\r\n\r\n{"text": "b", broken\r\n{"text": "c", "platform": "x"}', {});
    expect(list.map((item) => item.kind)).toEqual(['post', 'error', 'post']);
    expect(list[1]).toMatchObject({ ref: 'p.ndjson:3 #2', message: expect.stringMatching(/^not valid JSON/) });
  });
});
