import { describe, expect, it } from 'vitest';
import { canonicalPostFields } from './canonical-post-fields.js';
import { PostInputSchema, type PostInput } from './post-schema.js';

/** A post as importers build it: every field present, already in final form. */
const base: PostInput = {
  platform: 'x',
  text: 'Cold brew season is here. #coffee',
  status: 'published',
  scheduledAt: null,
  publishedAt: '2024-03-01T09:30:00.000Z',
  engagement: { likes: 3, reposts: 0, replies: null, impressions: 1200 },
  tags: ['launch'],
  source: 'imported',
  externalId: '1764000000000000000',
  url: 'https://x.com/acme/status/1764000000000000000',
  isReply: false,
  replyToExternalId: null,
  lang: 'en',
  mediaCount: 1,
  contentWarning: null,
  sharedUrl: null,
  generationId: null,
  threadParts: null,
};

const long = (length: number) => 'a'.repeat(length);

/** Inputs in final form, from other platforms, languages and years: the fast path must take them. */
const accepted: [string, Partial<PostInput>][] = [
  ['the base post', {}],
  ['a Mastodon post in Japanese with a content warning', { platform: 'mastodon', text: '今日は新しい豆を焙煎しました☕', lang: 'ja', contentWarning: 'コーヒーの話' }],
  ['a Bluesky reply', { platform: 'bluesky', isReply: true, replyToExternalId: 'at://did:plc:abc/app.bsky.feed.post/3k', externalId: 'at://did:plc:abc/app.bsky.feed.post/3l' }],
  ['a LinkedIn post sharing a page', { platform: 'linkedin', sharedUrl: 'https://example.com/article', engagement: { likes: null, reposts: null, replies: null, impressions: null } }],
  ['an unpublished idea', { status: 'idea', publishedAt: null, source: 'written' }],
  ['a scheduled post in 2031', { status: 'scheduled', publishedAt: null, scheduledAt: '2031-12-31T23:59:59.999Z' }],
  ['a post of 1970', { publishedAt: '1970-01-01T00:00:00.000Z' }],
  ['a leap day', { publishedAt: '2024-02-29T12:00:00.000Z' }],
  ['the leap day of 2000', { publishedAt: '2000-02-29T23:59:59.000Z' }],
  ['a thread of two parts', { text: 'one\n\ntwo', threadParts: ['one', 'two'] }],
  ['an empty text (a photo-only post)', { text: '', mediaCount: 4 }],
  ['a text at the limit', { text: long(1_000_000) }],
  ['100 tags of 100 characters', { tags: Array.from({ length: 100 }, (_, index) => `${index}`.padEnd(100, 't')) }],
  ['no tags', { tags: [] }],
  ['a generated draft', { source: 'generated', status: 'draft', publishedAt: null, generationId: 42 }],
];

/** Inputs the schema must see: refused, or changed by it (trimmed, normalised, defaulted). */
const deferred: [string, Record<string, unknown>][] = [
  ['an unknown platform', { platform: 'myspace' }],
  ['a text over the limit', { text: long(1_000_001) }],
  ['an unknown status', { status: 'posted' }],
  ['an unknown source', { source: 'scraped' }],
  ['a date that is not a date', { publishedAt: 'last Tuesday' }],
  ['a date without milliseconds', { publishedAt: '2024-03-01T09:30:00Z' }],
  ['a date with an offset', { publishedAt: '2024-03-01T10:30:00.000+01:00' }],
  ['an impossible day', { publishedAt: '2024-02-30T00:00:00.000Z' }],
  ['a leap day of a year without one', { publishedAt: '2023-02-29T00:00:00.000Z' }],
  ['the leap day of 1900', { publishedAt: '1900-02-29T00:00:00.000Z' }],
  ['the 31st of April', { publishedAt: '2024-04-31T00:00:00.000Z' }],
  ['month 13', { publishedAt: '2024-13-01T00:00:00.000Z' }],
  ['month 00', { publishedAt: '2024-00-10T00:00:00.000Z' }],
  ['day 00', { publishedAt: '2024-01-00T00:00:00.000Z' }],
  ['hour 24', { publishedAt: '2024-01-01T24:00:00.000Z' }],
  ['minute 60', { scheduledAt: '2031-01-01T10:60:00.000Z', status: 'scheduled' }],
  ['second 60', { publishedAt: '2024-06-30T23:59:60.000Z' }],
  ['a date as a number', { publishedAt: 1709285400000 }],
  ['a negative like count', { engagement: { likes: -1, reposts: 0, replies: 0, impressions: 0 } }],
  ['a fractional repost count', { engagement: { likes: 1, reposts: 1.5, replies: 0, impressions: 0 } }],
  ['impressions as text', { engagement: { likes: 1, reposts: 1, replies: 0, impressions: '12' } }],
  ['engagement without replies', { engagement: { likes: 1, reposts: 1, impressions: 0 } }],
  ['no engagement', { engagement: undefined }],
  ['a tag with spaces around it', { tags: [' launch '] }],
  ['an empty tag', { tags: [''] }],
  ['a tag of 101 characters', { tags: [long(101)] }],
  ['101 tags', { tags: Array.from({ length: 101 }, (_, index) => `t${index}`) }],
  ['an external id of 201 characters', { externalId: long(201) }],
  ['a url of 2001 characters', { url: long(2001) }],
  ['a language tag of 36 characters', { lang: long(36) }],
  ['a content warning of 2001 characters', { contentWarning: long(2001) }],
  ['a shared url left out', { sharedUrl: undefined }],
  ['isReply as text', { isReply: 'false' }],
  ['a negative media count', { mediaCount: -1 }],
  ['a fractional media count', { mediaCount: 0.5 }],
  ['a generation id as text', { generationId: '42' }],
  ['a thread of one part', { threadParts: ['only'] }],
  ['a thread with an empty part', { threadParts: ['one', ''] }],
  ['a thread part with trailing spaces', { threadParts: ['one ', 'two'] }],
  ['a thread of 201 parts', { threadParts: Array.from({ length: 201 }, (_, index) => `part ${index}`) }],
  ['a status left out', { status: undefined }],
  ['a scheduledAt left out', { scheduledAt: undefined }],
];

describe('canonicalPostFields', () => {
  it.each(accepted)('takes %s and returns exactly what PostInputSchema returns', (_name, change) => {
    const input = { ...base, ...change };
    const fast = canonicalPostFields(input);
    expect(fast).toBeDefined();
    expect(fast).toStrictEqual(PostInputSchema.parse(input));
  });

  it.each(deferred)('leaves %s to PostInputSchema', (_name, change) => {
    expect(canonicalPostFields({ ...base, ...change } as PostInput)).toBeUndefined();
  });

  it('takes a timestamp of the canonical shape exactly when it names a real instant (the Date round trip)', () => {
    let state = 7;
    const next = (limit: number) => {
      state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
      return state % limit;
    };
    const pad = (number: number, width: number) => String(number).padStart(width, '0');
    let accepted = 0;
    for (let index = 0; index < 20_000; index++) {
      // Every field a little past its range now and then, years from 0000 to 9999 with the century leap rules.
      const value = `${pad(next(10_000), 4)}-${pad(next(14), 2)}-${pad(next(33), 2)}T${pad(next(26), 2)}:${pad(next(62), 2)}:${pad(next(62), 2)}.${pad(next(1000), 3)}Z`;
      const time = Date.parse(value);
      const real = !Number.isNaN(time) && new Date(time).toISOString() === value;
      expect(canonicalPostFields({ ...base, publishedAt: value }) !== undefined, value).toBe(real);
      if (real) accepted++;
    }
    expect(accepted).toBeGreaterThan(10_000);
  });

  it('drops fields the schema does not know, as the schema does', () => {
    const input = { ...base, favoriteCount: 3, raw: { id: 1 } } as PostInput;
    expect(canonicalPostFields(input)).toStrictEqual(PostInputSchema.parse(input));
    expect(canonicalPostFields(input)).not.toHaveProperty('favoriteCount');
  });

  it('shares no array with its input', () => {
    const input = { ...base, tags: ['a'], threadParts: ['one', 'two'] };
    const fields = canonicalPostFields(input)!;
    expect(fields.tags).not.toBe(input.tags);
    expect(fields.threadParts).not.toBe(input.threadParts);
  });
});
