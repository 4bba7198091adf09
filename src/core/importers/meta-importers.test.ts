import { describe, expect, test } from 'vitest';
import { collect, memoryFile } from '../../../test/fakes/memory-export-source.js';
import type { ImportItem, Importer } from './import-item.js';
import { importFacebook, importInstagram, importThreads } from './meta-importers.js';

/** What Meta writes: each UTF-8 byte of the text as one Latin-1 character. */
function mojibake(text: string): string {
  return String.fromCharCode(...new TextEncoder().encode(text));
}

async function read(importer: Importer, name: string, value: unknown): Promise<ImportItem[]> {
  return collect(importer([memoryFile(name, JSON.stringify(value, null, 1), { chunkSize: 19 })], {}));
}

/** Each item as its kind (a skip as its reason) or, for a post, [text, mediaCount, publishedAt]. */
function summary(list: ImportItem[]): unknown[] {
  return list.map((item) => (item.kind === 'post' ? [item.post.text, item.post.mediaCount, item.post.publishedAt] : item.kind === 'skip' ? item.reason : item.message));
}

describe('Instagram', () => {
  test('caption from the post title, else the first media title that has words; mojibake repaired, CRLF to LF, trimmed', async () => {
    const list = await read(importInstagram, 'posts_1.json', [
      { title: mojibake('  Café ☕ in São Paulo\r\nzweite Zeile  '), creation_timestamp: 1700000000, media: [{ uri: 'a.jpg', title: 'ignored' }] },
      { media: [{ uri: 'b.jpg', title: '', creation_timestamp: 1600000000 }, { uri: 'c.jpg', title: mojibake('Привет 🌍') }] },
      { title: '   ', media: [{ uri: 'd.jpg', title: ' ', creation_timestamp: 1500000000 }] },
    ]);
    expect(summary(list)).toEqual([
      ['Café ☕ in São Paulo\nzweite Zeile', 1, '2023-11-14T22:13:20.000Z'],
      ['Привет 🌍', 2, '2020-09-13T12:26:40.000Z'],
      ['', 1, '2017-07-14T02:40:00.000Z'],
    ]);
    expect(list.map((item) => item.ref)).toEqual(['posts_1.json:2 #1', expect.stringMatching(/^posts_1\.json:\d+ #2$/), expect.stringMatching(/^posts_1\.json:\d+ #3$/)]);
    expect(list[0]).toMatchObject({ post: { platform: 'instagram', externalId: null, url: null } });
  });

  test('the post’s own timestamp before its media’s; no timestamp at all is no date', async () => {
    const list = await read(importInstagram, 'posts_1.json', [
      { title: 'own', creation_timestamp: 1700000000, media: [{ creation_timestamp: 1600000000 }] },
      { title: 'none', media: [] },
      { title: 'no media list' },
    ]);
    expect(summary(list)).toEqual([
      ['own', 1, '2023-11-14T22:13:20.000Z'],
      ['none', 0, null],
      ['no media list', 0, null],
    ]);
  });

  test('posts under "ig_posts" or "posts"; media entries that are not objects are not media', async () => {
    const wrapped = await read(importInstagram, 'posts_1.json', { ig_posts: [{ title: 'a', media: [{}, 'junk', null, {}] }] });
    expect(summary(wrapped)).toEqual([['a', 2, null]]);
    const posts = await read(importInstagram, 'posts_1.json', { posts: [{ title: 'b' }] });
    expect(summary(posts)).toEqual([['b', 0, null]]);
  });

  test('no words and no media is empty; a bad timestamp or a record that is not an object is an error', async () => {
    const list = await read(importInstagram, 'posts_1.json', [
      { title: '', media: [] },
      { title: 'when?', creation_timestamp: 'last tuesday' },
      { title: 'zero', creation_timestamp: 0 },
      'a string',
      { title: 'fine', creation_timestamp: '1700000000' },
    ]);
    expect(summary(list)).toEqual([
      'empty',
      'timestamp "last tuesday" is not a date',
      'timestamp 0 is not a date',
      'the record is not an object',
      ['fine', 0, '2023-11-14T22:13:20.000Z'],
    ]);
    expect(list[3]?.ref).toMatch(/^posts_1\.json:\d+ #4$/);
  });

  test('every file is read, in the order given', async () => {
    const files = [memoryFile('posts_2.json', JSON.stringify([{ title: 'zwei' }])), memoryFile('posts_1.json', JSON.stringify([{ title: 'eins' }]))];
    const list = await collect(importInstagram(files, {}));
    expect(list.map((item) => [item.ref, item.kind === 'post' ? item.post.text : item.kind])).toEqual([
      ['posts_2.json:1 #1', 'zwei'],
      ['posts_1.json:1 #1', 'eins'],
    ]);
  });
});

describe('Threads', () => {
  test('text in the post or its media title; only media with a uri count; the date from the first media', async () => {
    const list = await read(importThreads, 'threads_and_replies.json', {
      text_post_app_text_posts: [
        { media: [{ uri: '', title: mojibake('Hola 👋 ¿qué tal?'), creation_timestamp: 1710000000 }] },
        { title: 'with photos', media: [{ uri: 'media/1.jpg', title: '' }, { uri: '', title: '' }, { uri: 'media/2.jpg' }, { title: 'no uri' }], creation_timestamp: 1710000100 },
        { media: [{ uri: '', title: '', creation_timestamp: 1710000200 }] },
      ],
    });
    expect(summary(list)).toEqual([['Hola 👋 ¿qué tal?', 0, '2024-03-09T16:00:00.000Z'], ['with photos', 2, '2024-03-09T16:01:40.000Z'], 'empty']);
    expect(list[0]).toMatchObject({ post: { platform: 'threads' } });
  });

  test('only the "text_post_app_text_posts" array is read from an object', async () => {
    await expect(read(importThreads, 'threads_and_replies.json', { posts: [{ title: 'x' }] })).rejects.toThrow();
  });

  test('a record that is not an object is an error', async () => {
    const list = await read(importThreads, 'threads_and_replies.json', { text_post_app_text_posts: [[1, 2]] });
    expect(summary(list)).toEqual(['the record is not an object']);
    expect(list[0]?.kind).toBe('error');
  });
});

describe('Facebook', () => {
  test('text from the first data entry with words; media counted over every attachment', async () => {
    const list = await read(importFacebook, 'your_posts_1.json', [
      {
        timestamp: 1600000000,
        data: [{ update_timestamp: 1 }, { post: '  ' }, { post: mojibake('Feliz año nuevo 🎆\r\n— Ana') }, { post: 'not this one' }],
        attachments: [{ data: [{ media: { uri: 'a.jpg' } }, { external_context: { url: 'https://example.com' } }] }, { data: [{ media: { uri: 'b.mp4' } }] }, 'junk', { data: 'junk' }],
      },
      { creation_timestamp: 1600000100, data: [{ post: 'older key' }] },
      { timestamp: 1600000200, attachments: [{ data: [{ media: {} }] }] },
      { timestamp: 1600000300, data: 'junk' },
    ]);
    expect(summary(list)).toEqual([
      ['Feliz año nuevo 🎆\n— Ana', 2, '2020-09-13T12:26:40.000Z'],
      ['older key', 0, '2020-09-13T12:28:20.000Z'],
      ['', 1, '2020-09-13T12:30:00.000Z'],
      'empty',
    ]);
    expect(list[0]).toMatchObject({ kind: 'post', ref: 'your_posts_1.json:2 #1', post: { platform: 'facebook' } });
  });

  test('"timestamp" before "creation_timestamp"; a bad one is an error; a record that is not an object too', async () => {
    const list = await read(importFacebook, 'your_posts_1.json', [
      { timestamp: 1600000000, creation_timestamp: 1500000000, data: [{ post: 'both' }] },
      { timestamp: -3, data: [{ post: 'negative' }] },
      { data: [{ post: 'undated' }] },
      42,
    ]);
    expect(summary(list)).toEqual([['both', 0, '2020-09-13T12:26:40.000Z'], 'timestamp -3 is not a date', ['undated', 0, null], 'the record is not an object']);
    expect(list.map((item) => item.kind)).toEqual(['post', 'error', 'post', 'error']);
    expect(list[3]?.ref).toMatch(/^your_posts_1\.json:\d+ #4$/);
  });

  test('posts under "status_updates_v2", "posts_v2" or "posts"', async () => {
    for (const key of ['status_updates_v2', 'posts_v2', 'posts']) {
      const list = await read(importFacebook, 'your_posts_1.json', { [key]: [{ data: [{ post: key }] }] });
      expect(summary(list)).toEqual([[key, 0, null]]);
    }
  });

  test('a truncated file: the posts before the fault, then the fault', async () => {
    const got: ImportItem[] = [];
    const run = async () => {
      for await (const item of importFacebook([memoryFile('your_posts_1.json', '[{"data": [{"post": "kept"}]}, {"data": [{"post": "cu')], {})) got.push(item);
    };
    await expect(run()).rejects.toThrow(/your_posts_1\.json/);
    expect(summary(got)).toEqual([['kept', 0, null]]);
  });
});
