import { describe, expect, it, test, vi } from 'vitest';
import { collect, memoryFile } from '../../../test/fakes/memory-export-source.js';
import type { ImportedPost } from '../posts/post-schema.js';
import type * as Helpers from './import-helpers.js';
import type { ImportItem } from './import-item.js';
import { importMastodon, mastodonVisibility } from './mastodon-importer.js';

// A record over the reader's size limit (16 Mi characters by default) is an error item; files named
// "tiny-limit…" are read with a limit of 1,200 characters so that case stays small.
vi.mock('./import-helpers.js', async (importOriginal) => {
  const helpers = await importOriginal<typeof Helpers>();
  return {
    ...helpers,
    readJsonRecords: (file: Parameters<typeof helpers.readJsonRecords>[0], options: Parameters<typeof helpers.readJsonRecords>[1]) =>
      helpers.readJsonRecords(file, file.name.startsWith('tiny-limit') ? { ...options, maxElementChars: 1200 } : options),
  };
});

const PUBLIC = 'https://www.w3.org/ns/activitystreams#Public';
const actor = 'https://social.example.org/users/kenji';
const followers = `${actor}/followers`;

/** A Create activity of a public Note, as Mastodon writes it in outbox.json, with the object's fields replaced. */
function create(n: number, object: Record<string, unknown> = {}, activity: Record<string, unknown> = {}) {
  return {
    id: `${actor}/statuses/${n}/activity`,
    type: 'Create',
    actor,
    published: '2022-12-24T23:59:59Z',
    to: [PUBLIC],
    cc: [followers],
    object: {
      id: `${actor}/statuses/${n}`,
      type: 'Note',
      summary: null,
      inReplyTo: null,
      published: '2022-12-24T23:59:59Z',
      url: `https://social.example.org/@kenji/${n}`,
      attributedTo: actor,
      to: [PUBLIC],
      cc: [followers],
      content: `<p>status ${n}</p>`,
      contentMap: { ja: `<p>status ${n}</p>` },
      attachment: [],
      ...object,
    },
    ...activity,
  };
}

const outbox = (items: unknown[], key = 'orderedItems') =>
  JSON.stringify({ '@context': 'https://www.w3.org/ns/activitystreams', id: `${actor}/outbox`, type: 'OrderedCollection', totalItems: items.length, [key]: items }, null, 2);

async function items(content: string, name = 'outbox.json'): Promise<ImportItem[]> {
  return collect(importMastodon([memoryFile(name, content, { chunkSize: 23 })], {}));
}

const outcome = (item: ImportItem | undefined) => (item?.kind === 'skip' ? `skip:${item.reason}` : item?.kind === 'error' ? `error:${item.message}` : item?.kind);
function postOf(item: ImportItem | undefined): ImportedPost {
  if (item?.kind !== 'post') throw new Error(`expected a post, got ${JSON.stringify(item)}`);
  return item.post;
}
async function onePost(object: Record<string, unknown>, activity: Record<string, unknown> = {}): Promise<ImportedPost> {
  const [item] = await items(outbox([create(1, object, activity)]));
  return postOf(item);
}
async function oneOutcome(object: Record<string, unknown> | string | undefined, activity: Record<string, unknown> = {}): Promise<string | undefined> {
  const record = create(1, {}, activity) as Record<string, unknown>;
  if (object === undefined) delete record['object'];
  else record['object'] = typeof object === 'string' ? object : { ...(record['object'] as object), ...object };
  const [item] = await items(outbox([record]));
  return outcome(item);
}

describe('mastodonVisibility', () => {
  test('public: the public collection among the addressees, in any of its spellings', () => {
    for (const address of [PUBLIC, 'as:Public', 'Public']) expect(mastodonVisibility({ to: [followers, address], cc: [] })).toBe('public');
    // Public in "to" wins over anything in "cc".
    expect(mastodonVisibility({ to: [PUBLIC], cc: [PUBLIC] })).toBe('public');
  });

  test('unlisted: public only in cc', () => {
    expect(mastodonVisibility({ to: [followers], cc: ['as:Public'] })).toBe('unlisted');
  });

  test('followers-only: the followers collection in to or cc, without the public', () => {
    expect(mastodonVisibility({ to: [followers], cc: ['https://other.example/users/ann'] })).toBe('followers');
    expect(mastodonVisibility({ to: ['https://other.example/users/ann'], cc: [followers] })).toBe('followers');
  });

  test('direct: only people are addressed; a public-looking address that is not the collection does not count', () => {
    expect(mastodonVisibility({ to: ['https://other.example/users/ann'], cc: [] })).toBe('direct');
    expect(mastodonVisibility({ to: ['https://www.w3.org/ns/activitystreams#Publicity', 'https://x.example/followers/ann'], cc: ['public'] })).toBe('direct');
    expect(mastodonVisibility({})).toBe('direct');
  });

  test('addressees that are not strings are passed over', () => {
    expect(mastodonVisibility({ to: [null, { id: PUBLIC }, 7, followers] })).toBe('followers');
    expect(mastodonVisibility({ to: [{ id: PUBLIC }], cc: [null] })).toBe('direct');
  });

  // ActivityStreams (JSON-LD compacted) may write a single addressee as a plain string, "to": "…#Public"
  // (other ActivityPub servers' exports do).
  it('a single addressee written as a string, not a list, counts', () => {
    expect(mastodonVisibility({ to: PUBLIC, cc: followers })).toBe('public');
    expect(mastodonVisibility({ to: followers, cc: PUBLIC })).toBe('unlisted');
    expect(mastodonVisibility({ to: followers })).toBe('followers');
  });
});

describe('importMastodon', () => {
  test('a public note: text from its HTML, date, ids, link, language', async () => {
    const [item] = await items(outbox([create(109, { content: '<p>Frohe Weihnachten 🎄<br>from <a href="https://social.example.org/tags/x">#x</a></p><p>&amp; bye</p>' })]));
    expect(item).toEqual({
      kind: 'post',
      ref: expect.stringMatching(/^outbox\.json:\d+ #1 id=https:\/\/social\.example\.org\/users\/kenji\/statuses\/109$/),
      post: {
        platform: 'mastodon',
        text: 'Frohe Weihnachten 🎄\nfrom #x\n\n& bye',
        publishedAt: '2022-12-24T23:59:59.000Z',
        externalId: `${actor}/statuses/109`,
        url: 'https://social.example.org/@kenji/109',
        isReply: false,
        replyToExternalId: null,
        lang: 'ja',
        mediaCount: 0,
        contentWarning: null,
        engagement: { likes: null, reposts: null, replies: null, impressions: null },
        tags: [],
      },
    });
  });

  test('each record is named by its line and number; one bad record does not stop the rest', async () => {
    const content = outbox([create(1), 'not an activity', { id: `${actor}/statuses/2/activity`, type: 'Announce', actor, object: 'https://other.example/statuses/3' }, create(4)]);
    const list = await items(content);
    expect(list.map(outcome)).toEqual(['post', 'error:the record is not an ActivityStreams activity object', 'skip:boost', 'post']);
    // The elements of "orderedItems" are indented by four spaces in this file.
    const lines = content.split('\n').flatMap((line, index) => (/^ {4}[{"]/.test(line) ? [index + 1] : []));
    expect(list.map((item) => item.ref)).toEqual([
      `outbox.json:${lines[0]} #1 id=${actor}/statuses/1`,
      `outbox.json:${lines[1]} #2`,
      `outbox.json:${lines[2]} #3 id=${actor}/statuses/2/activity`,
      `outbox.json:${lines[3]} #4 id=${actor}/statuses/4`,
    ]);
  });

  test('a page of the outbox under "items" is read too; files in the order given', async () => {
    const page = outbox([create(5)], 'items');
    const list = await collect(importMastodon([memoryFile('page2.json', page), memoryFile('outbox.json', outbox([create(6)]))], {}));
    expect(list.map((item) => postOf(item).externalId)).toEqual([`${actor}/statuses/5`, `${actor}/statuses/6`]);
  });

  test('a record too large to hold is an error item naming it, and reading goes on', async () => {
    const list = await items(outbox([create(1, { content: `<p>${'long '.repeat(300)}</p>` }), create(2)]), 'tiny-limit-outbox.json');
    expect(list.map((item) => item.kind)).toEqual(['error', 'post']);
    expect(list[0]).toMatchObject({ kind: 'error', ref: expect.stringMatching(/^tiny-limit-outbox\.json:\d+ #1$/), message: expect.stringMatching(/^the record is [\d,]+ characters long, over the 1,200 a record may have$/) });
  });

  test('activities other than Create are skipped by name: boosts, likes, updates, untyped', async () => {
    expect(await oneOutcome(`${actor}/statuses/1`, { type: 'Announce' })).toBe('skip:boost');
    expect(await oneOutcome({}, { type: 'Announce' })).toBe('skip:boost');
    expect(await oneOutcome({}, { type: 'Update' })).toBe('skip:activity-update');
    expect(await oneOutcome({}, { type: 'EmojiReact' })).toBe('skip:activity-emojireact');
    expect(await oneOutcome({}, { type: undefined })).toBe('skip:activity-unknown');
  });

  test('a Create whose object is only linked, or not a status, is skipped by the object type', async () => {
    expect(await oneOutcome(`${actor}/statuses/1`)).toBe('skip:object-not-included');
    expect(await oneOutcome(undefined)).toBe('skip:object-not-included');
    expect(await oneOutcome({ type: 'Tombstone' })).toBe('skip:object-tombstone');
    expect(await oneOutcome({ type: 'ChatMessage' })).toBe('skip:object-chatmessage');
    expect(await oneOutcome({ type: undefined })).toBe('skip:object-unknown');
  });

  test('notes, polls, articles and pages are posts', async () => {
    for (const type of ['Note', 'Question', 'Article', 'Page']) expect(await oneOutcome({ type }), type).toBe('post');
  });

  test('direct messages are skipped; followers-only and unlisted posts are kept', async () => {
    expect(await oneOutcome({ to: ['https://other.example/users/ann'], cc: [] })).toBe('skip:direct-message');
    expect(await oneOutcome({ to: [followers], cc: ['https://other.example/users/ann'] })).toBe('post');
    expect(await oneOutcome({ to: [followers], cc: [PUBLIC] })).toBe('post');
  });

  test('a poll reads as its question with its choices under it; nameless choices are dropped', async () => {
    const poll = await onePost({ type: 'Question', content: '<p>Tea or coffee?</p>', oneOf: [{ type: 'Note', name: 'Tea' }, { type: 'Note', name: '' }, { type: 'Note' }, null, 'Milk', { type: 'Note', name: 'Coffee ☕' }] });
    expect(poll.text).toBe('Tea or coffee?\n\n- Tea\n- Coffee ☕');
    const multiple = await onePost({ type: 'Question', content: '', anyOf: [{ name: 'A' }, { name: 'B' }] });
    expect(multiple.text).toBe('- A\n- B');
    const both = await onePost({ type: 'Question', content: '<p>Q</p>', oneOf: [{ name: 'one' }], anyOf: [{ name: 'any' }] });
    expect(both.text).toBe('Q\n\n- one\n- any');
  });

  test('media without words is a post; neither text nor media is skipped as empty', async () => {
    const photo = await onePost({ content: '', attachment: [{ type: 'Document', mediaType: 'image/png' }, { type: 'Document', mediaType: 'video/mp4' }] });
    expect(photo).toMatchObject({ text: '', mediaCount: 2 });
    expect(await onePost({ content: undefined, attachment: [{ type: 'Document' }] })).toMatchObject({ text: '', mediaCount: 1 });
    expect(await oneOutcome({ content: '<p></p>' })).toBe('skip:empty');
    expect(await oneOutcome({ content: undefined })).toBe('skip:empty');
  });

  test("the date is the status's own, else the activity's; a wrong date is an error item; none is undated", async () => {
    expect(await onePost({ published: '2023-06-01T12:00:00+02:00' }, { published: '2023-06-02T00:00:00Z' })).toMatchObject({ publishedAt: '2023-06-01T10:00:00.000Z' });
    expect(await onePost({ published: undefined }, { published: '2023-06-02T00:00:00Z' })).toMatchObject({ publishedAt: '2023-06-02T00:00:00.000Z' });
    expect(await onePost({ published: undefined }, { published: undefined })).toMatchObject({ publishedAt: null });
    expect(await oneOutcome({ published: 'le 3 juin' })).toBe('error:published "le 3 juin" is not a date');
  });

  test('a reply is marked with the status it answers', async () => {
    expect(await onePost({ inReplyTo: 'https://other.example/users/ann/statuses/77' })).toMatchObject({ isReply: true, replyToExternalId: 'https://other.example/users/ann/statuses/77' });
    expect(await onePost({ inReplyTo: null })).toMatchObject({ isReply: false, replyToExternalId: null });
  });

  test('a content warning is the trimmed summary; an empty or blank one is none', async () => {
    expect(await onePost({ summary: '  CW: food  ' })).toMatchObject({ contentWarning: 'CW: food' });
    expect(await onePost({ summary: '' })).toMatchObject({ contentWarning: null });
    expect(await onePost({ summary: '   ' })).toMatchObject({ contentWarning: null });
    expect(await onePost({ summary: undefined })).toMatchObject({ contentWarning: null });
  });

  test('the language is the first of contentMap; none without one', async () => {
    expect(await onePost({ contentMap: { 'pt-BR': '<p>oi</p>', en: '<p>hi</p>' } })).toMatchObject({ lang: 'pt-BR' });
    expect(await onePost({ contentMap: undefined })).toMatchObject({ lang: null });
    expect(await onePost({ contentMap: {} })).toMatchObject({ lang: null });
  });

  test("the link: a string, a Link object or a list of them; else the status's id", async () => {
    expect(await onePost({ url: { type: 'Link', href: 'https://social.example.org/@kenji/1/link' } })).toMatchObject({ url: 'https://social.example.org/@kenji/1/link' });
    expect(await onePost({ url: [{ type: 'Link', href: 'https://social.example.org/@kenji/1/first' }, { type: 'Link', href: 'https://x.example/2' }] })).toMatchObject({
      url: 'https://social.example.org/@kenji/1/first',
    });
    expect(await onePost({ url: undefined })).toMatchObject({ url: `${actor}/statuses/1` });
    expect(await onePost({ url: { type: 'Link' } })).toMatchObject({ url: `${actor}/statuses/1` });
  });

  test('a status without an id takes the activity id as its id', async () => {
    const [item] = await items(outbox([create(8, { id: undefined, url: undefined })]));
    expect(item?.ref).toMatch(new RegExp(`#1 id=${actor}/statuses/8/activity$`));
    expect(postOf(item)).toMatchObject({ externalId: `${actor}/statuses/8/activity`, url: `${actor}/statuses/8/activity` });
    const [bare] = await items(outbox([create(9, { id: undefined, url: undefined }, { id: undefined })]));
    expect(postOf(bare)).toMatchObject({ externalId: null, url: null });
    expect(bare?.ref).toMatch(/^outbox\.json:\d+ #1$/);
  });
});
