import { describe, expect, it, test } from 'vitest';
import { collect, memoryFile } from '../../../test/fakes/memory-export-source.js';
import { repoCar } from '../../../test/importers/car-writer.js';
import type { ImportedPost } from '../posts/post-schema.js';
import { blueskyItem, expandLinkFacets, importBluesky, parseAtUri } from './bluesky-importer.js';
import type { ImportItem } from './import-item.js';

const utf8 = new TextEncoder();
const bytes = (text: string) => utf8.encode(text).length;
const LINK = 'app.bsky.richtext.facet#link';

/** A link facet over `shown`, found in `text` (byte offsets, as Bluesky writes them). */
function linkFacet(text: string, shown: string, uri: string, from = 0) {
  const at = text.indexOf(shown, from);
  const byteStart = bytes(text.slice(0, at));
  return { index: { byteStart, byteEnd: byteStart + bytes(shown) }, features: [{ $type: LINK, uri }] };
}

const did = 'did:plc:w4xbfzo7kqfes5zb7r6qv3rw';
const record = (fields: Record<string, unknown> = {}) => ({ $type: 'app.bsky.feed.post', text: 'Guten Morgen ☕', createdAt: '2023-11-02T07:30:00.000+01:00', langs: ['de'], ...fields });

async function items(name: string, content: string | Uint8Array, chunkSize = 13): Promise<ImportItem[]> {
  return collect(importBluesky([memoryFile(name, content, { chunkSize })], {}));
}

const outcome = (item: ImportItem | undefined) => (item?.kind === 'skip' ? `skip:${item.reason}` : item?.kind === 'error' ? `error:${item.message}` : item?.kind);
const postOf = (item: ImportItem | undefined): ImportedPost => {
  if (item?.kind !== 'post') throw new Error(`expected a post, got ${JSON.stringify(item)}`);
  return item.post;
};
const element = (value: unknown, index = 0) => ({ index, line: index + 2, value });

describe('parseAtUri', () => {
  test('splits an at:// URI into DID, collection and record key', () => {
    expect(parseAtUri(`at://${did}/app.bsky.feed.post/3l6oveex3ii2l`)).toEqual({ did, collection: 'app.bsky.feed.post', rkey: '3l6oveex3ii2l' });
    expect(parseAtUri('at://alice.bsky.social/app.bsky.feed.repost/a')).toEqual({ did: 'alice.bsky.social', collection: 'app.bsky.feed.repost', rkey: 'a' });
  });

  test('anything else is not one', () => {
    for (const uri of [
      `at://${did}/app.bsky.feed.post`,
      `at://${did}/app.bsky.feed.post/3k/extra`,
      `at://${did}/app.bsky.feed.post/3k?cid=x`,
      `at://${did}/app.bsky.feed.post/3k#frag`,
      `at://${did}/app.bsky.feed.post/`,
      `https://bsky.app/profile/${did}/post/3k`,
      ` at://${did}/app.bsky.feed.post/3k`,
      `xat://${did}/app.bsky.feed.post/3k`,
      `at:///app.bsky.feed.post/3k`,
      `at://${did}//3k`,
      '',
    ]) {
      expect(parseAtUri(uri), uri).toBeUndefined();
    }
  });
});

describe('expandLinkFacets', () => {
  test('a shortened address is replaced by the full one, in a text with multi-byte characters before and after', () => {
    const text = 'Schöne Grüße 🇩🇪 → bsky.app/profile/alice.bs... und 中文 danach';
    const facets = [linkFacet(text, 'bsky.app/profile/alice.bs...', 'https://bsky.app/profile/alice.bsky.social')];
    expect(expandLinkFacets(text, facets)).toBe('Schöne Grüße 🇩🇪 → https://bsky.app/profile/alice.bsky.social und 中文 danach');
  });

  test('the ellipsis may be three dots or one character; the link may end the text or start it; http too', () => {
    const end = 'read: example.org/2024/05/a-lo…';
    expect(expandLinkFacets(end, [linkFacet(end, 'example.org/2024/05/a-lo…', 'https://example.org/2024/05/a-long-title')])).toBe('read: https://example.org/2024/05/a-long-title');
    const start = 'old.example.net/pa... is back';
    expect(expandLinkFacets(start, [linkFacet(start, 'old.example.net/pa...', 'http://old.example.net/page')])).toBe('http://old.example.net/page is back');
  });

  test('a shortened address shown with its scheme is expanded too', () => {
    const text = 'see https://example.com/very... ok';
    expect(expandLinkFacets(text, [linkFacet(text, 'https://example.com/very...', 'https://example.com/very/long')])).toBe('see https://example.com/very/long ok');
  });

  test('several links are each expanded, whatever order the facets come in', () => {
    const text = 'a.example/one... then 🎉 b.example/two… end';
    const first = linkFacet(text, 'a.example/one...', 'https://a.example/one-more');
    const second = linkFacet(text, 'b.example/two…', 'https://b.example/two-more');
    const expanded = 'https://a.example/one-more then 🎉 https://b.example/two-more end';
    expect(expandLinkFacets(text, [first, second])).toBe(expanded);
    expect(expandLinkFacets(text, [second, first])).toBe(expanded);
  });

  test('words linked to a page stay as written', () => {
    const text = 'my blog post… and the docs';
    expect(expandLinkFacets(text, [linkFacet(text, 'docs', 'https://docs.example')])).toBe(text);
    // Ends with an ellipsis, but it is not the start of the address.
    expect(expandLinkFacets(text, [linkFacet(text, 'my blog post…', 'https://blog.example/post')])).toBe(text);
    // Only the ellipsis is linked.
    expect(expandLinkFacets(text, [linkFacet(text, '…', 'https://blog.example/post')])).toBe(text);
  });

  test('an ellipsis inside the linked words (not at their end) is not a shortening', () => {
    const text = 'wait…what happened';
    expect(expandLinkFacets(text, [linkFacet(text, 'wait…what', 'https://waitwhat.example/story')])).toBe(text);
  });

  test('only link features count: mentions, tags and links without an address are passed over', () => {
    const text = 'hi @alice.bsky.social and example.com/x...';
    const at = linkFacet(text, 'example.com/x...', 'https://example.com/x-files');
    const facets = [
      { index: at.index, features: [{ $type: 'app.bsky.richtext.facet#mention', did }] },
      { index: at.index, features: [{ $type: 'app.bsky.richtext.facet#tag', uri: 'https://example.com/x-files' }] },
      { index: at.index, features: [{ $type: LINK }] },
      { index: at.index, features: [{ $type: LINK, uri: '' }] },
      { index: at.index, features: [{ uri: 'https://example.com/x-files' }] },
      { index: at.index, features: [null, 'app.bsky.richtext.facet#link'] },
      { index: at.index, features: { $type: LINK, uri: 'https://example.com/x-files' } },
    ];
    expect(expandLinkFacets(text, facets)).toBe(text);
    // The link among other features of the same facet is still found.
    expect(expandLinkFacets(text, [{ index: at.index, features: [{ $type: 'app.bsky.richtext.facet#tag', tag: 'x' }, { $type: LINK, uri: 'https://example.com/x-files' }] }])).toBe(
      'hi @alice.bsky.social and https://example.com/x-files',
    );
  });

  test('facets with a missing, reversed, empty or out-of-range byte span are passed over', () => {
    const text = 'example.com/abc... tail';
    const whole = linkFacet(text, 'example.com/abc...', 'https://example.com/abcdef').index;
    const feature = [{ $type: LINK, uri: 'https://example.com/abcdef' }];
    for (const index of [
      { byteEnd: whole.byteEnd },
      { byteStart: 0 },
      { byteStart: whole.byteEnd, byteEnd: 0 },
      { byteStart: 3, byteEnd: 3 },
      { byteStart: -1, byteEnd: whole.byteEnd },
      { byteStart: '0', byteEnd: 'x' },
      { byteStart: 0, byteEnd: bytes(text) + 1 },
      undefined,
    ]) {
      expect(expandLinkFacets(text, [{ index, features: feature }]), JSON.stringify(index)).toBe(text);
    }
    // The same facet with its span whole is expanded (so the cases above fail for their span alone).
    expect(expandLinkFacets(text, [{ index: whole, features: feature }])).toBe('https://example.com/abcdef tail');
    expect(expandLinkFacets(text, [{ index: { byteStart: String(whole.byteStart), byteEnd: String(whole.byteEnd) }, features: feature }])).toBe('https://example.com/abcdef tail');
  });

  test('a span that ends exactly at the end of the text is inside it; one that runs past the end is passed over', () => {
    const text = 'x example.com/abc...';
    expect(expandLinkFacets(text, [{ index: { byteStart: 2, byteEnd: bytes(text) + 3 }, features: [{ $type: LINK, uri: 'https://example.com/abcdef' }] }])).toBe(text);
    expect(expandLinkFacets(text, [{ index: { byteStart: 2, byteEnd: bytes(text) }, features: [{ $type: LINK, uri: 'https://example.com/abcdef' }] }])).toBe('x https://example.com/abcdef');
  });

  test('no facets, or facets that are not a list, leave the text as it is', () => {
    expect(expandLinkFacets('plain', undefined)).toBe('plain');
    expect(expandLinkFacets('plain', { index: { byteStart: 0, byteEnd: 5 } })).toBe('plain');
    expect(expandLinkFacets('plain', [null, 'x', 3])).toBe('plain');
  });
});

describe('blueskyItem', () => {
  const uri = `at://${did}/app.bsky.feed.post/3kq2zpxq5ab2c`;

  test('a getAuthorFeed item: text, date, ids, link, language and engagement', () => {
    const item = blueskyItem('feed.json', element({ post: { uri, cid: 'bafy', record: record(), likeCount: 4, repostCount: '2', replyCount: 0 } }, 4));
    expect(item).toEqual({
      kind: 'post',
      ref: `feed.json:6 #5 id=${uri}`,
      post: {
        platform: 'bluesky',
        text: 'Guten Morgen ☕',
        publishedAt: '2023-11-02T06:30:00.000Z',
        externalId: '3kq2zpxq5ab2c',
        url: `https://bsky.app/profile/${did}/post/3kq2zpxq5ab2c`,
        isReply: false,
        replyToExternalId: null,
        lang: 'de',
        mediaCount: 0,
        contentWarning: null,
        engagement: { likes: 4, reposts: 2, replies: 0, impressions: null },
        tags: [],
      },
    });
  });

  test('a listRecords pair { uri, value } and a bare record; counts unknown without a post view', () => {
    const pair = postOf(blueskyItem('records.json', element({ uri, cid: 'bafy', value: record({ langs: ['pt-BR', 'en'] }) })));
    expect(pair).toMatchObject({ externalId: '3kq2zpxq5ab2c', lang: 'pt-BR', engagement: { likes: null, reposts: null, replies: null } });
    const bare = blueskyItem('posts.json', element(record({ langs: [] })));
    expect(bare.ref).toBe('posts.json:2 #1');
    expect(postOf(bare)).toMatchObject({ externalId: null, url: null, lang: null, text: 'Guten Morgen ☕' });
  });

  test('a record without $type takes its type from the URI; without either it is read as a post', () => {
    expect(outcome(blueskyItem('r.json', element({ uri: `at://${did}/app.bsky.feed.like/3k`, value: { subject: {}, createdAt: '2024-01-01T00:00:00Z' } })))).toBe('skip:record-like');
    expect(outcome(blueskyItem('r.json', element({ uri, value: { text: 'untyped' } })))).toBe('post');
    expect(postOf(blueskyItem('r.json', element({ text: 'no type, no uri' })))).toMatchObject({ text: 'no type, no uri', externalId: null });
  });

  test('an id that is not an at:// URI is kept as the id, without a link', () => {
    const post = postOf(blueskyItem('r.json', element({ uri: 'bafyreib2rxk3rh6kzwq', value: record() })));
    expect(post).toMatchObject({ externalId: 'bafyreib2rxk3rh6kzwq', url: null });
  });

  test('reposts are skipped, whether a feed reason or a repost record; a pinned post is kept', () => {
    const view = { uri, record: record() };
    expect(outcome(blueskyItem('f.json', element({ post: view, reason: { $type: 'app.bsky.feed.defs#reasonRepost', by: {} } })))).toBe('skip:repost');
    expect(outcome(blueskyItem('f.json', element({ post: view, reason: { $type: 'app.bsky.feed.defs#reasonPin' } })))).toBe('post');
    expect(outcome(blueskyItem('f.json', element({ post: view, reason: 'reasonRepost' })))).toBe('post');
    expect(outcome(blueskyItem('f.json', element({ uri: `at://${did}/app.bsky.feed.repost/3k`, value: { $type: 'app.bsky.feed.repost', subject: {} } })))).toBe('skip:repost');
    expect(outcome(blueskyItem('f.json', element({ uri: `at://${did}/app.bsky.feed.repost/3k`, value: { subject: {} } })))).toBe('skip:repost');
  });

  test('other records are skipped, named by the last part of their type', () => {
    expect(outcome(blueskyItem('f.json', element({ $type: 'app.bsky.graph.follow', subject: did })))).toBe('skip:record-follow');
    expect(outcome(blueskyItem('f.json', element({ $type: 'app.bsky.actor.profile', displayName: 'Ann' })))).toBe('skip:record-profile');
    expect(outcome(blueskyItem('f.json', element({ $type: 'chat', text: 'x' })))).toBe('skip:record-chat');
  });

  test('a reply is marked with the URI of its parent; a reply without a parent is still a reply', () => {
    const parent = `at://did:plc:other/app.bsky.feed.post/3kparent`;
    const reply = postOf(blueskyItem('f.json', element(record({ reply: { root: { uri: 'at://did:plc:other/app.bsky.feed.post/3kroot' }, parent: { uri: parent, cid: 'c' } } }))));
    expect(reply).toMatchObject({ isReply: true, replyToExternalId: parent });
    expect(postOf(blueskyItem('f.json', element(record({ reply: {} }))))).toMatchObject({ isReply: true, replyToExternalId: null });
  });

  test('media: images, a video, and the media of a quote post with media; a quote or a link card alone carry none', () => {
    const mediaOf = (embed: unknown) => postOf(blueskyItem('f.json', element(record({ embed })))).mediaCount;
    expect(mediaOf({ $type: 'app.bsky.embed.images', images: [{ alt: 'a' }, { alt: 'b' }, { alt: 'c' }] })).toBe(3);
    expect(mediaOf({ $type: 'app.bsky.embed.video', video: { mimeType: 'video/mp4' } })).toBe(1);
    expect(mediaOf({ $type: 'app.bsky.embed.video#view', playlist: 'https://video.example/x.m3u8' })).toBe(1);
    expect(mediaOf({ video: { mimeType: 'video/mp4' } })).toBe(1);
    expect(mediaOf({ images: [], video: { mimeType: 'video/mp4' } })).toBe(1);
    expect(mediaOf({ $type: 'app.bsky.embed.recordWithMedia', record: { record: { uri } }, media: { $type: 'app.bsky.embed.images', images: [{}, {}] } })).toBe(2);
    expect(mediaOf({ $type: 'app.bsky.embed.recordWithMedia', record: { record: { uri } }, media: { $type: 'app.bsky.embed.video', video: {} } })).toBe(1);
    expect(mediaOf({ $type: 'app.bsky.embed.record', record: { uri } })).toBe(0);
    expect(mediaOf({ $type: 'app.bsky.embed.external', external: { uri: 'https://example.com', title: 't' } })).toBe(0);
    expect(mediaOf({ images: [] })).toBe(0);
    expect(mediaOf('not an embed')).toBe(0);
  });

  test('text: link facets expanded; empty text without media skipped; an image without words kept', () => {
    const text = 'new post: blog.example/2024/hello-w...';
    expect(postOf(blueskyItem('f.json', element(record({ text, facets: [linkFacet(text, 'blog.example/2024/hello-w...', 'https://blog.example/2024/hello-world')] })))).text).toBe(
      'new post: https://blog.example/2024/hello-world',
    );
    expect(outcome(blueskyItem('f.json', element(record({ text: '' }))))).toBe('skip:empty');
    expect(outcome(blueskyItem('f.json', element(record({ text: ' \n ' }))))).toBe('skip:empty');
    expect(postOf(blueskyItem('f.json', element(record({ text: '', embed: { $type: 'app.bsky.embed.images', images: [{}] } }))))).toMatchObject({ text: '', mediaCount: 1 });
  });

  test('faults of one record are error items that name it', () => {
    expect(blueskyItem('f.json', { index: 2, line: 9, error: 'the record is 20,000,000 characters long' })).toEqual({ kind: 'error', ref: 'f.json:9 #3', message: 'the record is 20,000,000 characters long' });
    expect(blueskyItem('f.json', element('just a string'))).toEqual({ kind: 'error', ref: 'f.json:2 #1', message: 'the record is not an object' });
    expect(outcome(blueskyItem('f.json', element([record()])))).toBe('error:the record is not an object');
    expect(blueskyItem('f.json', element({ uri, value: { $type: 'app.bsky.feed.post', createdAt: '2024-01-01T00:00:00Z' } }))).toEqual({
      kind: 'error',
      ref: `f.json:2 #1 id=${uri}`,
      message: 'the post record has no text',
    });
    expect(outcome(blueskyItem('f.json', element(record({ text: 42 }))))).toBe('error:the post record has no text');
    expect(outcome(blueskyItem('f.json', element(record({ createdAt: 'last Tuesday' }))))).toBe('error:createdAt "last Tuesday" is not a date');
  });

  test('a post without a date is kept, undated', () => {
    expect(postOf(blueskyItem('f.json', element(record({ createdAt: undefined }))))).toMatchObject({ publishedAt: null });
    expect(postOf(blueskyItem('f.json', element(record({ createdAt: '' }))))).toMatchObject({ publishedAt: null });
  });
});

describe('importBluesky', () => {
  const feedItem = (rkey: string, text: string, extra: Record<string, unknown> = {}) => ({ post: { uri: `at://${did}/app.bsky.feed.post/${rkey}`, record: record({ text }), likeCount: 1 }, ...extra });

  test('getAuthorFeed output under "feed": one bad record does not stop the rest', async () => {
    const json = JSON.stringify({ feed: [feedItem('3a', 'one'), 'garbage', feedItem('3b', 'two', { reason: { $type: 'app.bsky.feed.defs#reasonRepost' } }), feedItem('3c', 'three')], cursor: '3c' }, null, 1);
    const list = await items('alice-feed.json', json);
    expect(list.map(outcome)).toEqual(['post', 'error:the record is not an object', 'skip:repost', 'post']);
    // Each record is named by the line it starts on (the elements of "feed" are indented by two spaces).
    const lines = json.split('\n').flatMap((line, index) => (/^ {2}[{"]/.test(line) ? [index + 1] : []));
    expect(lines).toHaveLength(4);
    expect(list.map((item) => item.ref)).toEqual([
      `alice-feed.json:${lines[0]} #1 id=at://${did}/app.bsky.feed.post/3a`,
      `alice-feed.json:${lines[1]} #2`,
      `alice-feed.json:${lines[2]} #3 id=at://${did}/app.bsky.feed.post/3b`,
      `alice-feed.json:${lines[3]} #4 id=at://${did}/app.bsky.feed.post/3c`,
    ]);
    expect(list.flatMap((item) => (item.kind === 'post' ? [item.post.text] : []))).toEqual(['one', 'three']);
  });

  test('listRecords output under "records", search output under "posts", a bare array', async () => {
    const listed = await items('records.json', JSON.stringify({ records: [{ uri: `at://${did}/app.bsky.feed.post/3r`, cid: 'c', value: record({ text: 'listed' }) }], cursor: 'x' }));
    expect(listed.map((item) => postOf(item).text)).toEqual(['listed']);
    const underPosts = await items('posts.json', JSON.stringify({ posts: [{ uri: `at://${did}/app.bsky.feed.post/3p`, value: record({ text: 'under posts' }) }] }));
    expect(underPosts.map((item) => postOf(item))).toMatchObject([{ text: 'under posts', externalId: '3p' }]);
    const bare = await items('posts.json', JSON.stringify([record({ text: 'bare' })]));
    expect(bare.map((item) => postOf(item).text)).toEqual(['bare']);
  });

  // searchPosts and getPosts answer `{ posts: [PostView] }`: each element is the post view itself
  // (`{ uri, cid, author, record, likeCount, … }`), not `{ post: PostView }` as in a feed.
  it('search or getPosts output (post views under "posts") is read with its engagement', async () => {
    const searched = await items('search.json', JSON.stringify({ hitsTotal: 1, posts: [{ uri: `at://${did}/app.bsky.feed.post/3s`, cid: 'c', author: { did }, record: record({ text: 'found' }), likeCount: 9 }] }));
    expect(searched.map((item) => postOf(item))).toMatchObject([{ text: 'found', externalId: '3s', engagement: { likes: 9 } }]);
  });

  test('files are read in the order given', async () => {
    const list = await collect(
      importBluesky([memoryFile('b.json', JSON.stringify([record({ text: 'second file' })])), memoryFile('a.json', JSON.stringify([record({ text: 'first file' })]))], {}),
    );
    expect(list.map((item) => postOf(item).text)).toEqual(['second file', 'first file']);
  });

  const repo = () =>
    repoCar(did, {
      'app.bsky.actor.profile/self': { $type: 'app.bsky.actor.profile', displayName: 'Ann' },
      'app.bsky.feed.post/3kaaa': record({ text: 'from the repo', langs: ['ja'] }),
      'app.bsky.feed.post/3kaab': record({ text: 'a reply', reply: { parent: { uri: 'at://did:plc:q/app.bsky.feed.post/p' }, root: {} } }),
      'app.bsky.feed.repost/3kbbb': { $type: 'app.bsky.feed.repost', subject: { uri: 'at://x/app.bsky.feed.post/2', cid: 'c' }, createdAt: '2024-05-02T00:00:00Z' },
    });

  test('a repository export is read as CAR, by its name or by its first bytes', async () => {
    for (const name of ['repo.car', 'BACKUP.CAR', 'did-plc-export']) {
      const list = await items(name, repo(), 29);
      expect(list.map(outcome), name).toEqual(['post', 'post', 'skip:repost']);
      expect(postOf(list[0])).toMatchObject({ text: 'from the repo', lang: 'ja', externalId: '3kaaa', url: `https://bsky.app/profile/${did}/post/3kaaa` });
      expect(list[0]?.ref).toBe(`${name} #1 id=at://${did}/app.bsky.feed.post/3kaaa`);
      expect(postOf(list[1])).toMatchObject({ isReply: true, replyToExternalId: 'at://did:plc:q/app.bsky.feed.post/p' });
    }
  });

  test('a file named .car is read as CAR even when its bytes do not look like one', async () => {
    for (const name of ['repo.car', 'EXPORT.CAR']) {
      const error = await items(name, 'not a car file at all').then(
        () => undefined,
        (thrown: Error) => thrown,
      );
      expect(error?.message, name).toContain(name);
      expect(error?.message, name).not.toMatch(/JSON/);
    }
    // Only the extension counts: a JSON file with "car" elsewhere in its name is JSON.
    expect((await items('repo.car.json', JSON.stringify([record()]))).map(outcome)).toEqual(['post']);
    expect((await items('cards.json', JSON.stringify([record()]))).map(outcome)).toEqual(['post']);
  });
});
