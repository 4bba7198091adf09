import { describe, expect, test } from 'vitest';
import { collect, memoryFile } from '../../../test/fakes/memory-export-source.js';
import type { ImportedPost } from '../posts/post-schema.js';
import type { ImportItem } from './import-item.js';
import { importX, parseXDate, tweetText } from './x-importer.js';

function archive(tweets: unknown[], part = 'part0'): string {
  return `window.YTD.tweets.${part} = ${JSON.stringify(tweets, null, 2)}`;
}

async function read(tweets: unknown[], name = 'data/tweets.js'): Promise<ImportItem[]> {
  return collect(importX([memoryFile(name, archive(tweets), { chunkSize: 13 })], {}));
}

function onlyPost(list: ImportItem[]): ImportedPost {
  expect(list.map((item) => item.kind)).toEqual(['post']);
  return (list[0] as Extract<ImportItem, { kind: 'post' }>).post;
}

describe('parseXDate', () => {
  test("X's own shape, in every month and zone", () => {
    expect(parseXDate('Wed Oct 19 20:07:25 +0000 2022')).toBe('2022-10-19T20:07:25.000Z');
    expect(parseXDate('Fri Dec 31 23:30:00 -0530 2021')).toBe('2022-01-01T05:00:00.000Z');
    expect(parseXDate('Mon Feb 29 09:15:00 +0100 2016')).toBe('2016-02-29T08:15:00.000Z');
    expect(parseXDate('  Sun Jan 01 00:00:00 +0000 2006 ')).toBe('2006-01-01T00:00:00.000Z');
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    expect(months.map((month) => parseXDate(`Mon ${month} 02 03:04:05 +0000 2023`)?.slice(0, 10))).toEqual(
      months.map((_, index) => `2023-${String(index + 1).padStart(2, '0')}-02`),
    );
  });

  test('other date strings JavaScript understands are read too', () => {
    expect(parseXDate('2024-05-06T07:08:09.000Z')).toBe('2024-05-06T07:08:09.000Z');
    expect(parseXDate('2024-05-06T09:08:09+02:00')).toBe('2024-05-06T07:08:09.000Z');
  });

  test('an unknown month, an impossible day or nonsense is not a date', () => {
    expect(parseXDate('Wed Okt 19 20:07:25 +0000 2022')).toBeNull();
    expect(parseXDate('Wed Oct 39 20:07:25 +0000 2022')).toBeNull();
    expect(parseXDate('gestern')).toBeNull();
    expect(parseXDate('')).toBeNull();
  });
});

describe('tweetText', () => {
  test('full_text before text; links expanded everywhere they appear; media links removed; entities decoded; end trimmed', () => {
    const tweet = {
      full_text: '  Neu: https://t.co/a1 &amp; https://t.co/a1 — &lt;3 &gt; https://t.co/m1 https://t.co/m2 ',
      text: 'not this one',
      entities: { urls: [{ url: 'https://t.co/a1', expanded_url: 'https://example.de/neu' }], media: [{ url: 'https://t.co/m2' }] },
      extended_entities: { media: [{ url: 'https://t.co/m1' }] },
    };
    expect(tweetText(tweet)).toBe('  Neu: https://example.de/neu & https://example.de/neu — <3 >');
  });

  test('text when there is no full_text; a link without its expansion, or odd entities, stay as written', () => {
    expect(tweetText({ text: 'old https://t.co/x', entities: { urls: [{ url: 'https://t.co/x' }, 'junk', { expanded_url: 'https://lost' }] } })).toBe('old https://t.co/x');
    expect(tweetText({ text: 'no entities' })).toBe('no entities');
    expect(tweetText({ full_text: 'weird media', entities: { media: [{}, null] }, extended_entities: 'nope' })).toBe('weird media');
    expect(tweetText({})).toBe('');
  });
});

describe('importX', () => {
  const tweet = (fields: Record<string, unknown>) => ({ tweet: { id_str: '1', full_text: 'hello', created_at: 'Tue Mar 05 10:00:00 +0000 2024', ...fields } });

  test('a tweet with its id, address, date, language and engagement; a reply marked', async () => {
    const post = onlyPost(
      await read([tweet({ id_str: '1764', full_text: '¿Qué tal?', in_reply_to_status_id_str: '1700', lang: 'es', favorite_count: '12', retweet_count: 4 })]),
    );
    expect(post).toEqual({
      platform: 'x',
      text: '¿Qué tal?',
      publishedAt: '2024-03-05T10:00:00.000Z',
      externalId: '1764',
      url: 'https://x.com/i/web/status/1764',
      isReply: true,
      replyToExternalId: '1700',
      lang: 'es',
      mediaCount: 0,
      contentWarning: null,
      engagement: { likes: 12, reposts: 4, replies: null, impressions: null },
      tags: [],
    });
  });

  test('id_str before id; the id when there is no id_str; no id at all means no address', async () => {
    expect(onlyPost(await read([tweet({ id_str: '20', id: '21' })]))).toMatchObject({ externalId: '20' });
    expect(onlyPost(await read([tweet({ id_str: undefined, id: '99' })]))).toMatchObject({ externalId: '99', url: 'https://x.com/i/web/status/99' });
    expect(onlyPost(await read([tweet({ id_str: undefined })]))).toMatchObject({ externalId: null, url: null, isReply: false, replyToExternalId: null });
  });

  test("X's pseudo languages carry no language; a missing one neither", async () => {
    const list = await read(['und', 'zxx', 'qme', 'qht', 'qam', 'de', 'zh-cn', undefined].map((lang, index) => tweet({ id_str: String(index), lang })));
    expect(list.map((item) => (item.kind === 'post' ? item.post.lang : item.kind))).toEqual([null, null, null, null, null, 'de', 'zh-cn', null]);
  });

  test('media counted from extended_entities, else from entities; a photo without words is a post, nothing at all is empty', async () => {
    const list = await read([
      tweet({ id_str: '1', full_text: 'two photos https://t.co/p', extended_entities: { media: [{ url: 'https://t.co/p' }, { url: 'https://t.co/p' }] }, entities: { media: [{ url: 'https://t.co/p' }] } }),
      tweet({ id_str: '2', full_text: 'one https://t.co/q', entities: { media: [{ url: 'https://t.co/q' }] } }),
      tweet({ id_str: '3', full_text: 'https://t.co/r', entities: { media: [{ url: 'https://t.co/r' }] } }),
      tweet({ id_str: '4', full_text: '   ' }),
    ]);
    expect(list.map((item) => (item.kind === 'post' ? [item.post.text, item.post.mediaCount] : item.kind === 'skip' ? item.reason : item.kind))).toEqual([
      ['two photos', 2],
      ['one', 1],
      ['', 1],
      'empty',
    ]);
    expect(list[3]?.ref).toMatch(/^data\/tweets\.js:\d+ #4 id=4$/);
  });

  test('retweets are skipped, by their "RT @" text or a retweeted_status; a mention of RT is not one', async () => {
    const list = await read([
      tweet({ id_str: '1', full_text: 'RT @ana: hola' }),
      tweet({ id_str: '2', full_text: 'quoted', retweeted_status: {} }),
      tweet({ id_str: '3', full_text: 'I said RT @ana is right' }),
      tweet({ id_str: '4', full_text: 'rt @ana lower case' }),
    ]);
    expect(list.map((item) => (item.kind === 'skip' ? item.reason : item.kind))).toEqual(['retweet', 'retweet', 'post', 'post']);
  });

  test('records that are not tweets, tweets without text or with a bad date are errors naming the record', async () => {
    const list = await read([42, { tweet: { id_str: '7' } }, tweet({ id_str: '8', created_at: 'sometime' }), tweet({ id_str: '9', created_at: '' }), tweet({ id: 5, id_str: undefined })]);
    expect(list.map((item) => (item.kind === 'error' ? item.message : item.kind))).toEqual([
      'the record is not an object; expected {"tweet": {...}}',
      'the tweet has no full_text',
      'created_at "sometime" is not a date',
      'post',
      'post',
    ]);
    expect(list.map((item) => item.ref)).toEqual([
      expect.stringMatching(/^data\/tweets\.js:\d+ #1$/),
      expect.stringMatching(/^data\/tweets\.js:\d+ #2 id=7$/),
      expect.stringMatching(/^data\/tweets\.js:\d+ #3 id=8$/),
      expect.stringMatching(/^data\/tweets\.js:\d+ #4 id=9$/),
      expect.stringMatching(/^data\/tweets\.js:\d+ #5$/),
    ]);
    expect(list[3]).toMatchObject({ post: { publishedAt: null } });
  });

  test('text when there is no full_text; an empty full_text is an empty record, not a missing one', async () => {
    expect(onlyPost(await read([tweet({ full_text: undefined, text: 'from text' })]))).toMatchObject({ text: 'from text' });
    const list = await read([tweet({ full_text: '' })]);
    expect(list).toMatchObject([{ kind: 'skip', reason: 'empty' }]);
  });

  test('a bare tweet object (older tweet.js, no wrapper) is read as the tweet', async () => {
    expect(onlyPost(await read([{ id_str: '3', full_text: 'ohne Hülle' }], 'data/tweet.js'))).toMatchObject({ externalId: '3', text: 'ohne Hülle' });
  });

  test('the parts of a large archive are read in part order (2 before 10), then by name', async () => {
    const file = (name: string, id: string) => memoryFile(name, archive([tweet({ id_str: id })], 'part'), { chunkSize: 7 });
    const files = [file('data/tweets-part10.js', 'p10'), file('data/tweets-part2.js', 'p2'), file('data/b/tweets.js', 'b0'), file('data/tweets-part1.js', 'p1'), file('data/a/tweets.js', 'a0')];
    const list = await collect(importX(files, {}));
    expect(list.map((item) => (item.kind === 'post' ? item.post.externalId : item.kind))).toEqual(['a0', 'b0', 'p1', 'p2', 'p10']);
    expect(files.map((one) => one.name)[0]).toBe('data/tweets-part10.js');
  });

  test('a long post: the cut tweet takes the whole text of its note', async () => {
    const whole = `Ein langer Beitrag über Kaffee, ${'und noch mehr Worte '.repeat(20)}Ende.`;
    const notes = `window.YTD.note_tweet.part0 = ${JSON.stringify([{ noteTweet: { noteTweetId: '70', createdAt: '2024-03-05T10:00:00.300Z', core: { text: whole } } }])}`;
    const list = await collect(importX([memoryFile('data/tweets.js', archive([tweet({ full_text: `${whole.slice(0, 200)}… https://t.co/z` })])), memoryFile('data/note-tweet.js', notes)], {}));
    expect(list).toMatchObject([{ kind: 'post', post: { text: whole } }]);
  });

  test('note-tweet files are not read as tweets; a note without its tweet is skipped', async () => {
    const notes = `window.YTD.note_tweet.part0 = ${JSON.stringify([{ noteTweet: { noteTweetId: '55', createdAt: '2020-01-01T00:00:00.000Z', core: { text: 'a note alone' } } }])}`;
    const list = await collect(importX([memoryFile('data/note-tweet.js', notes), memoryFile('data/tweets.js', archive([tweet({})]))], {}));
    expect(list).toEqual([expect.objectContaining({ kind: 'post' }), { kind: 'skip', ref: 'note-tweet.js id=55', reason: 'note-without-tweet' }]);
  });
});
