import { describe, expect, test } from 'vitest';
import { collect, memoryFile, rejectionOf } from '../../../test/fakes/memory-export-source.js';
import { InvalidInputError } from '../errors.js';
import type { ImportContext, ImportItem, Importer } from './import-item.js';
import { columnKey, importCsv, importJson, importNdjson, recordToItem } from './tabular-importer.js';

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

describe('every column of a record', () => {
  test('each export column is read into its field', () => {
    const record = {
      platform: 'mastodon',
      text: 'Bom dia ☀️',
      status: 'published',
      published_at: '2024-06-01T08:00:00Z',
      scheduled_at: '2024-05-31T20:00:00+02:00',
      external_id: 'https://m.example/@ana/1',
      url: 'https://m.example/@ana/1/web',
      is_reply: 'true',
      reply_to_external_id: 'https://m.example/@bia/9',
      lang: 'pt-BR',
      media_count: '2',
      content_warning: 'spoilers',
      likes: '10',
      reposts: '3',
      replies: '4',
      impressions: '500',
      tags: '["launch","q3"]',
      source: 'written',
      dedupe_key: 'custom-key',
      shared_url: 'https://example.org/article',
      thread_parts: '["Bom dia ☀️","part two"]',
    };
    expect(recordToItem(record, 'posts.csv:2 #1', {})).toEqual({
      kind: 'post',
      ref: 'posts.csv:2 #1',
      dedupeKey: 'custom-key',
      post: {
        platform: 'mastodon',
        text: 'Bom dia ☀️',
        status: 'published',
        publishedAt: '2024-06-01T08:00:00.000Z',
        scheduledAt: '2024-05-31T18:00:00.000Z',
        externalId: 'https://m.example/@ana/1',
        url: 'https://m.example/@ana/1/web',
        isReply: true,
        replyToExternalId: 'https://m.example/@bia/9',
        lang: 'pt-BR',
        mediaCount: 2,
        contentWarning: 'spoilers',
        sharedUrl: 'https://example.org/article',
        engagement: { likes: 10, reposts: 3, replies: 4, impressions: 500 },
        tags: ['launch', 'q3'],
        source: 'written',
        threadParts: ['Bom dia ☀️', 'part two'],
      },
    });
  });

  test('column names with hyphens, spaces and underscores, several of them; the first spelling of a column wins', () => {
    const item = recordToItem({ Text: 'first', TEXT: 'second', 'Reply-To External_ID': '77', 'Media-Count': '1', 'content warning': 'cw', 'Shared-Url': 's' }, 'r', { platform: 'x' });
    expect(item).toMatchObject({ post: { text: 'first', replyToExternalId: '77', mediaCount: 1, contentWarning: 'cw', sharedUrl: 's' } });
    expect(columnKey(' Published-At_Date ')).toBe('publishedatdate');
  });

  test('nested engagement fills only what the columns left out; blank counts are unknown', () => {
    const item = recordToItem({ text: 'hi', platform: 'x', likes: 5, replies: '   ', engagement: { likes: 9, reposts: 2, impressions: 7 } }, 'r', {});
    expect(item).toMatchObject({ post: { engagement: { likes: 5, reposts: 2, replies: null, impressions: 7 } } });
  });

  test('values that are not strings: numbers become text, null text is no text', () => {
    expect(recordToItem({ text: 42, platform: 'x', id: 12345, lang: 0 }, 'r', {})).toMatchObject({ post: { text: '42', externalId: '12345', lang: '0' } });
    expect(recordToItem({ text: null, platform: 'x' }, 'r', {})).toMatchObject({ kind: 'error', message: 'no text: expected one of the columns text, content, body, post, full_text' });
    expect(recordToItem({ full_text: 'from full_text', created_at: '2020-02-02T00:00:00Z' }, 'r', { platform: 'x' })).toMatchObject({ post: { text: 'from full_text', publishedAt: '2020-02-02T00:00:00.000Z' } });
  });

  test('dates as epoch seconds or milliseconds, in numbers or digit strings', () => {
    const at = (value: unknown) => (recordToItem({ text: 't', platform: 'x', date: value }, 'r', {}) as { post?: { publishedAt: string | null } }).post?.publishedAt;
    expect(at('999999999')).toBe('2001-09-09T01:46:39.000Z');
    expect(at('1714557600000')).toBe('2024-05-01T10:00:00.000Z');
    expect(at(' 1714557600 ')).toBe('2024-05-01T10:00:00.000Z');
    expect(at(200000000000)).toBe('1976-05-03T19:33:20.000Z');
    expect(at(100000000000)).toBe('5138-11-16T09:46:40.000Z');
    expect(recordToItem({ text: 't', platform: 'x', date: ['2024'] }, 'r', {})).toMatchObject({ kind: 'error', message: 'published_at is not a date: ["2024"] (use ISO-8601, e.g. 2026-01-31T09:00:00Z)' });
  });

  test('yes/no words for is_reply, in any case and with spaces; anything else is named', () => {
    const reply = (value: unknown) => recordToItem({ text: 't', platform: 'x', is_reply: value }, 'r', {});
    for (const value of ['true', '1', ' Yes ', 'y', 'Y', true]) expect(reply(value)).toMatchObject({ post: { isReply: true } });
    for (const value of ['false', '0', 'no', 'N', ' ', false]) expect(reply(value)).toMatchObject({ post: { isReply: false } });
    expect(reply('si')).toMatchObject({ kind: 'error', message: 'is_reply must be true or false, got "si"' });
  });

  test('tags: a JSON array string, a comma list or a list; empties dropped; anything else is named', () => {
    const tagsOf = (value: unknown) => recordToItem({ text: 't', platform: 'x', tags: value }, 'r', {});
    expect(tagsOf(' ["a", " b ", ""] ')).toMatchObject({ post: { tags: ['a', 'b'] } });
    expect(tagsOf('x,, y ,')).toMatchObject({ post: { tags: ['x', 'y'] } });
    expect(tagsOf(['één', ' twee '])).toMatchObject({ post: { tags: ['één', 'twee'] } });
    expect(tagsOf('[1, 2]')).toMatchObject({ kind: 'error', message: 'tags must be a list of words' });
    expect(tagsOf({ a: 1 })).toMatchObject({ kind: 'error', message: 'tags must be a list of words' });
    const long = `[not json ${'z'.repeat(100)}`;
    expect(tagsOf(long)).toMatchObject({ kind: 'error', message: `tags look like a JSON array but are not valid JSON: ${long.slice(0, 80)}` });
  });

  test('thread parts: a JSON array string or a list; an empty one is no thread; anything else is named', () => {
    const partsOf = (value: unknown) => recordToItem({ text: 't', platform: 'x', thread_parts: value }, 'r', {});
    expect(partsOf(['一', '二'])).toMatchObject({ post: { threadParts: ['一', '二'] } });
    expect(partsOf('[]')).toMatchObject({ post: { threadParts: null } });
    expect(partsOf('[1]')).toMatchObject({ kind: 'error', message: 'thread_parts must be a list of texts' });
    expect(partsOf({ first: 'a' })).toMatchObject({ kind: 'error', message: 'thread_parts must be a list of texts' });
    const long = `first part, second part ${'w'.repeat(100)}`;
    expect(partsOf(long)).toMatchObject({ kind: 'error', message: `thread_parts must be a JSON array of texts, got ${long.slice(0, 80)}` });
  });

  test('status and source in any case; a written post without dates is a draft', () => {
    expect(recordToItem({ text: 't', platform: 'x', status: ' Draft ', source: ' WRITTEN ' }, 'r', {})).toMatchObject({ post: { status: 'draft', source: 'written' } });
    expect(recordToItem({ text: 't', platform: 'x', source: 'written' }, 'r', {})).toMatchObject({ post: { status: 'draft', source: 'written' } });
    expect(recordToItem({ text: 't', platform: 'x' }, 'r', {})).toMatchObject({ post: { status: 'published', source: 'imported' } });
  });

  test('a media-only record is a post; problems are joined with "; "; without a dedupe key there is none', () => {
    expect(recordToItem({ text: '', platform: 'x', media_count: 1 }, 'r', {})).toMatchObject({ kind: 'post', post: { text: '', mediaCount: 1 } });
    expect(recordToItem({ text: 'x', platform: 'x', likes: 'many', replies: -2 }, 'r', {})).toEqual({
      kind: 'error',
      ref: 'r',
      message: 'likes must be a whole number ≥ 0, got "many"; replies must be a whole number ≥ 0, got -2',
    });
    expect(recordToItem({ text: 'x', platform: 'x', dedupe_key: '' }, 'r', {})).not.toHaveProperty('dedupeKey');
  });
});

describe('csv, json, ndjson files: edges', () => {
  test('a CSV header is trimmed; rows shorter than it leave the rest blank; records are numbered', async () => {
    const list = await items(importCsv, 'p.csv', ' platform , text , likes \nx,eins,1\nx\nx,drei\n');
    expect(list.map((item) => [item.ref, item.kind === 'post' ? item.post.text : item.kind])).toEqual([
      ['p.csv:2 #1', 'eins'],
      ['p.csv:3 #2', 'skip'],
      ['p.csv:4 #3', 'drei'],
    ]);
  });

  test('a CSV without a text column names at most 12 of its columns, or "nothing", and says what to do', async () => {
    const columns = Array.from({ length: 13 }, (_, index) => `c${index + 1}`);
    const error = await rejectionOf<InvalidInputError>(items(importCsv, 'wide.csv', `${columns.join(',')}\n1\n`));
    expect(error.message).toBe(`wide.csv line 1: the header has no text column (expected one of text, content, body, post, full_text; found: ${columns.slice(0, 12).join(', ')}).`);
    expect(error.details).toEqual({ file: 'wide.csv', line: 1 });
    expect(error.hint).toBe('Name the column holding the post text "text", or check that the first line is the header.');
    expect((await rejectionOf(items(importCsv, 'blank.csv', '" "\nx\n'))).message).toMatch(/found: nothing\)\.$/);
    const empty = await rejectionOf<InvalidInputError>(items(importCsv, 'p.csv', ''));
    expect(empty.hint).toBe('A posts CSV starts with a header such as "platform,text,published_at".');
  });

  test('JSON posts under "data", "items" or "records"; a value that is not an object is named', async () => {
    for (const key of ['data', 'items', 'records']) {
      const list = await items(importJson, 'p.json', JSON.stringify({ [key]: [{ text: key, platform: 'x' }, 'text'] }));
      expect(list.map((item) => (item.kind === 'post' ? item.post.text : item.kind === 'error' ? item.message : item.kind))).toEqual([key, 'the record is not a JSON object']);
    }
  });

  test('NDJSON: a line that is not an object is named; a file without lines is refused', async () => {
    const list = await items(importNdjson, 'p.ndjson', '[1]\n"text"\n{"text": "ok", "platform": "x"}\n');
    expect(list.map((item) => (item.kind === 'error' ? [item.ref, item.message] : [item.ref, item.kind]))).toEqual([
      ['p.ndjson:1 #1', 'the line is not a JSON object'],
      ['p.ndjson:2 #2', 'the line is not a JSON object'],
      ['p.ndjson:3 #3', 'post'],
    ]);
    for (const content of ['', '\n  \n\n']) {
      const error = await rejectionOf<InvalidInputError>(items(importNdjson, 'p.ndjson', content));
      expect(error).toBeInstanceOf(InvalidInputError);
      expect(error.message).toBe('p.ndjson is empty: it has no JSON lines.');
      expect(error.hint).toBe('Each line of an NDJSON file is one post object.');
    }
  });
});
