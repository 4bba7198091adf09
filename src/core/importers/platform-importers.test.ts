import { describe, expect, test } from 'vitest';
import { collect, memoryFile } from '../../../test/fakes/memory-export-source.js';
import { InvalidInputError } from '../errors.js';
import type { ImportedPost } from '../posts/post-schema.js';
import { expandLinkFacets } from './bluesky-importer.js';
import type { ImportItem, Importer } from './import-item.js';
import { IMPORTERS } from './importer-registry.js';
import { parseXDate } from './x-importer.js';

async function items(importer: Importer, name: string, content: string): Promise<ImportItem[]> {
  return collect(importer([memoryFile(name, content, { chunkSize: 17 })], {}));
}

function posts(list: ImportItem[]): ImportedPost[] {
  return list.flatMap((item) => (item.kind === 'post' ? [item.post] : []));
}

function tweet(fields: Record<string, unknown>): { tweet: Record<string, unknown> } {
  return { tweet: { id_str: '1', full_text: 'hi', created_at: 'Wed Oct 19 20:07:25 +0000 2022', favorite_count: '3', retweet_count: '2', lang: 'en', entities: { urls: [] }, ...fields } };
}

describe('X', () => {
  test('expands t.co links, removes media links, decodes entities, marks replies, skips retweets', async () => {
    const archive = `window.YTD.tweets.part0 = ${JSON.stringify([
      tweet({
        id_str: '10',
        full_text: 'Read https://t.co/abc &amp; see &lt;3 https://t.co/pic',
        entities: { urls: [{ url: 'https://t.co/abc', expanded_url: 'https://example.com/post' }], media: [{ url: 'https://t.co/pic' }] },
        extended_entities: { media: [{ url: 'https://t.co/pic' }, { url: 'https://t.co/pic' }] },
        in_reply_to_status_id_str: '9',
        lang: 'qme',
      }),
      tweet({ id_str: '11', full_text: 'RT @someone: theirs' }),
      tweet({ id_str: '12', full_text: 'https://t.co/only', entities: { urls: [], media: [{ url: 'https://t.co/only' }] } }),
    ])}`;
    const list = await items(IMPORTERS.x, 'data/tweets.js', archive);
    expect(list.map((item) => item.kind)).toEqual(['post', 'skip', 'post']);
    expect(list[1]).toMatchObject({ reason: 'retweet', ref: expect.stringMatching(/^data\/tweets\.js:\d+ #2 id=11$/) });
    const [first, mediaOnly] = posts(list);
    expect(first).toMatchObject({
      platform: 'x',
      text: 'Read https://example.com/post & see <3',
      externalId: '10',
      url: 'https://x.com/i/web/status/10',
      isReply: true,
      replyToExternalId: '9',
      lang: null,
      mediaCount: 2,
      publishedAt: '2022-10-19T20:07:25.000Z',
      engagement: { likes: 3, reposts: 2, replies: null, impressions: null },
    });
    // A photo with no words is still a post (its date and engagement count).
    expect(mediaOnly).toMatchObject({ text: '', mediaCount: 1, isReply: false });
  });

  test('older tweet.js elements without the "tweet" wrapper, and parts read in order', async () => {
    const part0 = memoryFile('data/tweet.js', `window.YTD.tweet.part0 = [${JSON.stringify(tweet({ id_str: '1' }).tweet)}]`);
    const part1 = memoryFile('data/tweets-part1.js', `window.YTD.tweets.part1 = [${JSON.stringify(tweet({ id_str: '2' }))}]`);
    const list = posts(await collect(IMPORTERS.x([part1, part0], {})));
    expect(list.map((post) => post.externalId)).toEqual(['1', '2']);
  });

  test('long posts: the whole text from note-tweet.js joined to its cut tweet; an unmatched note is named', async () => {
    const long = `${'A long thought about coffee roasting, '.repeat(9)}and the end. Read https://t.co/link1`;
    const cut = `${long.slice(0, 270)}… https://t.co/self`;
    const tweets = `window.YTD.tweets.part0 = ${JSON.stringify([
      tweet({ id_str: '100', full_text: cut, created_at: 'Mon Jun 02 10:00:00 +0000 2025', entities: { urls: [{ url: 'https://t.co/self', expanded_url: 'https://x.com/i/web/status/100' }] } }),
      // Written the same second, but another text: not the note's tweet.
      tweet({ id_str: '101', full_text: 'A short one', created_at: 'Mon Jun 02 10:00:00 +0000 2025' }),
    ])}`;
    const notes = `window.YTD.note_tweet.part0 = ${JSON.stringify([
      { noteTweet: { noteTweetId: '900', createdAt: '2025-06-02T10:00:00.412Z', core: { text: long, urls: [{ shortUrl: 'https://t.co/link1', expandedUrl: 'https://example.com/roast' }] } } },
      { noteTweet: { noteTweetId: '901', createdAt: '2024-01-01T00:00:00.000Z', core: { text: 'A note whose tweet was deleted' } } },
    ])}`;
    const list = await collect(IMPORTERS.x([memoryFile('data/tweets.js', tweets, { chunkSize: 31 }), memoryFile('data/note-tweet.js', notes, { chunkSize: 29 })], {}));
    expect(posts(list).map((post) => [post.externalId, post.text])).toEqual([
      ['100', long.replace('https://t.co/link1', 'https://example.com/roast')],
      ['101', 'A short one'],
    ]);
    expect(list.filter((item) => item.kind === 'skip')).toEqual([{ kind: 'skip', ref: 'note-tweet.js id=901', reason: 'note-without-tweet' }]);
  });

  test('parseXDate handles offsets and rejects nonsense', () => {
    expect(parseXDate('Tue Jan 21 00:21:51 +0000 2025')).toBe('2025-01-21T00:21:51.000Z');
    expect(parseXDate('Tue Jan 21 02:21:51 +0200 2025')).toBe('2025-01-21T00:21:51.000Z');
    expect(parseXDate('yesterday')).toBeNull();
  });

  test('a tweet without full_text is an error item and the rest goes on', async () => {
    const list = await items(IMPORTERS.x, 'tweets.js', `window.YTD.tweets.part0 = [{"tweet": {"id_str": "5"}}, ${JSON.stringify(tweet({}))}]`);
    expect(list[0]).toMatchObject({ kind: 'error', message: 'the tweet has no full_text' });
    expect(list[1]?.kind).toBe('post');
  });
});

describe('LinkedIn', () => {
  test('the current UTF-8 comma export with commentary spanning lines', async () => {
    const csv =
      'Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n' +
      '2024-03-05 10:11:12,https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A7001,"We shipped it.\r\n\r\nThanks to ""everyone"", truly.",https://example.com,https://media.example/1.jpg,MEMBER_NETWORK\n' +
      '2024-03-06 10:11:12,https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A7002,,https://example.com/reshared,,PUBLIC\n';
    const list = await items(IMPORTERS.linkedin, 'Shares.csv', csv);
    expect(list.map((item) => item.kind)).toEqual(['post', 'skip']);
    expect(posts(list)[0]).toMatchObject({
      platform: 'linkedin',
      text: 'We shipped it.\n\nThanks to "everyone", truly.',
      externalId: 'urn:li:share:7001',
      publishedAt: '2024-03-05T10:11:12.000Z',
      mediaCount: 1,
      sharedUrl: 'https://example.com',
    });
    expect(list[1]).toMatchObject({ kind: 'skip', reason: 'empty', ref: 'Shares.csv:5 #2 id=urn:li:activity:7002' });
  });

  test('both layouts in one file, decided per field; one share over several rows (one per image) is one post', async () => {
    const link = (id: number) => `https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A${id}`;
    const csv =
      'Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\r\n' +
      `2025-01-02 09:00:00,${link(1)},"Title ""quoted""""\r\n""""\r\n""Body",,https://media.example/a.jpg,PUBLIC\r\n` +
      `2025-01-02 09:00:00,${link(1)},"Title ""quoted""""\r\n""""\r\n""Body",,https://media.example/b.jpg,PUBLIC\r\n` +
      `2025-01-02 09:00:00,${link(1)},,,https://media.example/c.jpg,PUBLIC\r\n` +
      `2019-05-01 10:00:00,${link(2)},"Old layout\r\n\r\nsecond ""line""",,,PUBLIC\r\n` +
      `2019-05-02 10:00:00,${link(3)},,,https://media.example/photo.jpg,PUBLIC\r\n`;
    const list = await items(IMPORTERS.linkedin, 'Shares.csv', csv);
    expect(list.map((item) => item.kind)).toEqual(['post', 'post', 'post']);
    expect(posts(list).map((post) => [post.text, post.mediaCount, post.externalId])).toEqual([
      ['Title "quoted"\n\nBody', 3, 'urn:li:share:1'],
      ['Old layout\n\nsecond "line"', 0, 'urn:li:share:2'],
      ['', 1, 'urn:li:share:3'],
    ]);
  });

  test('a CSV with the wrong header throws naming the file and line', async () => {
    await expect(items(IMPORTERS.linkedin, 'Shares.csv', 'Name,Email\nAnn,a@b.c\n')).rejects.toThrow(
      /^Shares\.csv line 1: this is not a LinkedIn Shares\.csv header \(expected Date and ShareCommentary columns, found: Name, Email\)\.$/,
    );
  });
});

describe('Mastodon', () => {
  const actor = 'https://m.example/users/ann';
  const activity = (object: Record<string, unknown>, type = 'Create') => ({
    type,
    actor,
    published: '2024-01-01T00:00:00Z',
    object: { type: 'Note', id: `${actor}/statuses/1`, url: 'https://m.example/@ann/1', content: '<p>hi</p>', to: ['https://www.w3.org/ns/activitystreams#Public'], cc: [], attachment: [], ...object },
  });
  const outbox = (activities: unknown[]) => JSON.stringify({ '@context': 'https://www.w3.org/ns/activitystreams', type: 'OrderedCollection', orderedItems: activities });

  test('keeps notes and polls, skips boosts, direct messages and other activities', async () => {
    const list = await items(
      IMPORTERS.mastodon,
      'outbox.json',
      outbox([
        activity({ summary: 'spoilers', inReplyTo: 'https://other.example/statuses/9', contentMap: { fr: '<p>salut</p>' }, content: '<p>salut</p>', attachment: [{}, {}] }),
        activity({ type: 'Question', content: '<p>Which?</p>', oneOf: [{ name: 'Tea' }, { name: 'Coffee' }] }),
        { type: 'Announce', actor, object: 'https://other.example/statuses/3' },
        activity({ to: ['https://other.example/users/bob'], cc: [] }),
        activity({ to: [`${actor}/followers`], cc: ['https://other.example/users/bob'] }),
        activity({ to: [], cc: ['https://www.w3.org/ns/activitystreams#Public'] }),
        { type: 'Like', actor, object: 'https://other.example/statuses/4' },
      ]),
    );
    expect(list.map((item) => (item.kind === 'skip' ? item.reason : item.kind))).toEqual([
      'post',
      'post',
      'boost',
      'direct-message',
      'post',
      'post',
      'activity-like',
    ]);
    const [note, poll] = posts(list);
    expect(note).toMatchObject({
      text: 'salut',
      contentWarning: 'spoilers',
      isReply: true,
      replyToExternalId: 'https://other.example/statuses/9',
      lang: 'fr',
      mediaCount: 2,
      url: 'https://m.example/@ann/1',
      externalId: `${actor}/statuses/1`,
      publishedAt: '2024-01-01T00:00:00.000Z',
    });
    expect(poll?.text).toBe('Which?\n\n- Tea\n- Coffee');
  });
});

describe('Bluesky', () => {
  const uri = 'at://did:plc:abc/app.bsky.feed.post/3kxyz';
  const record = { $type: 'app.bsky.feed.post', text: 'hello 👋', createdAt: '2024-05-01T10:00:00.000Z', langs: ['en'] };

  test('getAuthorFeed output: engagement kept, reposts skipped, replies marked', async () => {
    const feed = {
      feed: [
        { post: { uri, record, likeCount: 5, repostCount: 1, replyCount: 2 } },
        { post: { uri: 'at://did:plc:zzz/app.bsky.feed.post/1', record }, reason: { $type: 'app.bsky.feed.defs#reasonRepost' } },
        { post: { uri: 'at://did:plc:abc/app.bsky.feed.post/2', record: { ...record, reply: { parent: { uri: 'at://did:plc:q/app.bsky.feed.post/p' }, root: {} } } } },
      ],
      cursor: 'next',
    };
    const list = await items(IMPORTERS.bluesky, 'feed.json', JSON.stringify(feed));
    expect(list.map((item) => (item.kind === 'skip' ? item.reason : item.kind))).toEqual(['post', 'repost', 'post']);
    expect(posts(list)[0]).toMatchObject({
      platform: 'bluesky',
      externalId: '3kxyz',
      url: 'https://bsky.app/profile/did:plc:abc/post/3kxyz',
      lang: 'en',
      engagement: { likes: 5, reposts: 1, replies: 2, impressions: null },
    });
    expect(posts(list)[1]).toMatchObject({ isReply: true, replyToExternalId: 'at://did:plc:q/app.bsky.feed.post/p' });
  });

  test('listRecords output and a bare array of records', async () => {
    const listed = await items(IMPORTERS.bluesky, 'records.json', JSON.stringify({ records: [{ uri, cid: 'c', value: { ...record, embed: { $type: 'app.bsky.embed.images', images: [{}, {}] } } }] }));
    expect(posts(listed)[0]).toMatchObject({ externalId: '3kxyz', mediaCount: 2 });
    const bare = await items(IMPORTERS.bluesky, 'posts.json', JSON.stringify([record, { $type: 'app.bsky.feed.like', subject: {} }]));
    expect(bare.map((item) => (item.kind === 'skip' ? item.reason : item.kind))).toEqual(['post', 'record-like']);
    expect(posts(bare)[0]).toMatchObject({ externalId: null, url: null, text: 'hello 👋' });
  });

  test('shortened links are expanded from their facets (UTF-8 byte offsets)', () => {
    const text = 'café 👋 example.com/very-lo... and docs';
    const start = new TextEncoder().encode('café 👋 ').length;
    const end = start + new TextEncoder().encode('example.com/very-lo...').length;
    const docsStart = new TextEncoder().encode('café 👋 example.com/very-lo... and ').length;
    const facets = [
      { index: { byteStart: start, byteEnd: end }, features: [{ $type: 'app.bsky.richtext.facet#link', uri: 'https://example.com/very-long-path' }] },
      { index: { byteStart: docsStart, byteEnd: docsStart + 4 }, features: [{ $type: 'app.bsky.richtext.facet#link', uri: 'https://docs.example' }] },
    ];
    expect(expandLinkFacets(text, facets)).toBe('café 👋 https://example.com/very-long-path and docs');
  });
});

describe('Meta', () => {
  const broken = (text: string) => String.fromCharCode(...new TextEncoder().encode(text));

  test('Threads text from the post or its media title, mojibake repaired', async () => {
    const json = JSON.stringify({
      text_post_app_text_posts: [
        { media: [{ uri: '', creation_timestamp: 1700000000, title: broken('Bonjour 👋🏽 à tous') }] },
        { title: 'post-level text', creation_timestamp: 1700000100, media: [{ uri: 'media/1.webp', title: '' }, { uri: 'media/2.webp', title: '' }] },
        { media: [{ uri: '', creation_timestamp: 1700000200, title: '' }] },
      ],
    });
    const list = await items(IMPORTERS.threads, 'threads_and_replies.json', json);
    expect(list.map((item) => (item.kind === 'skip' ? item.reason : item.kind))).toEqual(['post', 'post', 'empty']);
    expect(posts(list)[0]).toMatchObject({ platform: 'threads', text: 'Bonjour 👋🏽 à tous', mediaCount: 0, publishedAt: '2023-11-14T22:13:20.000Z' });
    expect(posts(list)[1]).toMatchObject({ text: 'post-level text', mediaCount: 2 });
  });

  test('Facebook posts from data[].post; link shares without words are empty', async () => {
    const json = JSON.stringify([
      { timestamp: 1600000000, data: [{ update_timestamp: 1 }, { post: broken('Joyeux anniversaire 🎂') }], attachments: [{ data: [{ media: { uri: 'a.jpg' } }, { external_context: { url: 'x' } }] }], title: 'Ann updated her status.' },
      { timestamp: 1600000100, attachments: [{ data: [{ external_context: { url: 'https://example.com' } }] }], title: 'Ann shared a link.' },
    ]);
    const list = await items(IMPORTERS.facebook, 'your_posts_1.json', json);
    expect(list.map((item) => (item.kind === 'skip' ? item.reason : item.kind))).toEqual(['post', 'empty']);
    expect(posts(list)[0]).toMatchObject({ platform: 'facebook', text: 'Joyeux anniversaire 🎂', mediaCount: 1, publishedAt: '2020-09-13T12:26:40.000Z' });
  });

  test("Meta's mis-encoded euro sign (a C1 control inside) is repaired in a post that also holds correct text", async () => {
    // As Meta writes it in the file: `\u00e2\u0082\u00ac` for €, next to an en dash written correctly.
    const json = '[{"timestamp": 1600000000, "data": [{"post": "Cappuccino 3,50\\u00e2\\u0082\\u00ac \\u2013 caf\\u00c3\\u00a9 \\u00f0\\u009f\\u0098\\u0080"}]}]';
    const list = await items(IMPORTERS.facebook, 'your_posts_1.json', json);
    expect(posts(list).map((post) => post.text)).toEqual(['Cappuccino 3,50€ – café 😀']);
  });

  test('a truncated Instagram file yields the posts before the fault, then throws', async () => {
    const got: ImportItem[] = [];
    const run = async () => {
      for await (const item of IMPORTERS.instagram([memoryFile('posts_1.json', '[{"title": "one", "creation_timestamp": 1700000000, "media": [{}]}, {"title": "tw')], {})) got.push(item);
    };
    await expect(run()).rejects.toBeInstanceOf(InvalidInputError);
    expect(got).toHaveLength(1);
  });
});
