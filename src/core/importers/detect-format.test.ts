import { describe, expect, test } from 'vitest';
import { memorySource, rejectionOf } from '../../../test/fakes/memory-export-source.js';
import { InvalidInputError, UnsupportedFormatError } from '../errors.js';
import { detectFormat, formatFromContent } from './detect-format.js';

const tweets = 'window.YTD.tweets.part0 = [ {"tweet": {"id_str": "1", "full_text": "hi"}} ]';
const outbox = '{"@context": "https://www.w3.org/ns/activitystreams", "type": "OrderedCollection", "orderedItems": []}';

describe('formatFromContent', () => {
  test.each([
    [tweets, 'x'],
    ['[{"tweet": {}}]', 'x'],
    [outbox, 'mastodon'],
    ['{"text_post_app_text_posts": [', 'threads'],
    ['[{"$type": "app.bsky.feed.post", "text": "hi"}]', 'bluesky'],
    ['{"feed": [{"post": {"uri": "at://did:plc:a/app.bsky.feed.post/1"', 'bluesky'],
    ['[{"media": [{"uri": "a.jpg", "creation_timestamp": 1}]}]', 'instagram'],
    ['[{"timestamp": 1600000000, "data": [{"post": "hi"}]}]', 'facebook'],
    ['"Date"\t"Share Commentary"\n', 'linkedin'],
    ['Date,ShareLink,ShareCommentary,SharedUrl\n', 'linkedin'],
    ['platform,text,published_at\nx,hi,\n', 'csv'],
    ['{"text": "a"}\n{"text": "b"}\n', 'ndjson'],
    ['[{"text": "a"}]', 'json'],
    ['{"posts": [{"text": "a"}]}', 'json'],
  ])('%s → %s', (head, format) => {
    expect(formatFromContent(head)).toEqual({ kind: 'format', format });
  });

  test('other parts of an X archive are named, not guessed', () => {
    expect(formatFromContent('window.YTD.like.part0 = [')).toEqual({ kind: 'other', looksLike: 'another part of an X archive (window.YTD.like), not the tweets' });
  });
});

describe('detectFormat', () => {
  test('an X archive folder: tweets.js and its parts, not deleted-tweets.js or other data files', async () => {
    const source = memorySource({
      'twitter-2024/data/tweets-part1.js': tweets.replace('part0', 'part1'),
      'twitter-2024/data/tweets.js': tweets,
      'twitter-2024/data/deleted-tweets.js': 'window.YTD.deleted_tweets.part0 = []',
      'twitter-2024/data/like.js': 'window.YTD.like.part0 = []',
      'twitter-2024/data/manifest.js': 'window.__THAR_CONFIG = {}',
      '__MACOSX/twitter-2024/data/._tweets.js': new Uint8Array([0, 5, 22, 7, 0, 2]),
      'twitter-2024/Your archive.html': '<html></html>',
    });
    const detected = await detectFormat(source);
    expect(detected.format).toBe('x');
    expect(detected.files.map((file) => file.name)).toEqual(['twitter-2024/data/tweets.js', 'twitter-2024/data/tweets-part1.js']);
    // Only the candidate files were opened, and each once.
    expect([...source.opened.keys()].sort()).toEqual(['twitter-2024/data/tweets-part1.js', 'twitter-2024/data/tweets.js']);
  });

  test("an X archive's note-tweet.js files (long posts) come with the tweets, after them", async () => {
    const source = memorySource({
      'data/tweets.js': tweets,
      'data/note-tweet.js': 'window.YTD.note_tweet.part0 = []',
      'data/note-tweet-part1.js': 'window.YTD.note_tweet.part1 = []',
      'data/like.js': 'window.YTD.like.part0 = []',
    });
    const detected = await detectFormat(source);
    expect(detected.files.map((file) => file.name)).toEqual(['data/tweets.js', 'data/note-tweet.js', 'data/note-tweet-part1.js']);
  });

  test('a Mastodon archive folder picks outbox.json over actor.json and likes.json', async () => {
    const detected = await detectFormat(memorySource({ 'actor.json': '{"type": "Person"}', 'likes.json': '{"orderedItems": []}', 'outbox.json': outbox }));
    expect(detected).toMatchObject({ format: 'mastodon', files: [{ name: 'outbox.json' }] });
  });

  test('a single file of any name is recognised by content', async () => {
    expect((await detectFormat(memorySource({ 'download (3).txt': tweets }))).format).toBe('x');
    expect((await detectFormat(memorySource({ 'my posts.csv': 'content,date\nhello,2024-01-01\n' }))).format).toBe('csv');
  });

  test('a wrong explicit format names what the file looks like and how to fix it', async () => {
    const error = await rejectionOf(detectFormat(memorySource({ 'tweets.js': tweets }), 'mastodon'));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toBe(
      'File tweets.js does not look like a Mastodon outbox.json: it looks like an X archive; try --format x or --format auto.',
    );
  });

  test('a wrong explicit format on a folder says what the folder holds instead', async () => {
    const error = await rejectionOf(detectFormat(memorySource({ 'data/tweets.js': tweets, 'data/account.js': 'window.YTD.account.part0 = []' }, { label: 'archive.zip' }), 'linkedin'));
    expect((error as Error).message).toBe('archive.zip does not hold a LinkedIn Shares.csv: it holds an X archive (data/tweets.js); try --format x or --format auto.');
  });

  test('an explicit format that matches is accepted, also for content the sniffer cannot place', async () => {
    expect((await detectFormat(memorySource({ 'outbox.json': outbox }), 'mastodon')).format).toBe('mastodon');
    expect((await detectFormat(memorySource({ 'records.json': '[{"text": "hi", "createdAt": "2024-01-01"}]' }), 'bluesky')).format).toBe('bluesky');
  });

  test('an empty file and binary data are refused, naming the file', async () => {
    await expect(detectFormat(memorySource({ 'tweets.js': '' }))).rejects.toThrow('tweets.js is empty (0 bytes).');
    const garbage = Uint8Array.from({ length: 2048 }, (_, index) => (index * 7919) % 256);
    await expect(detectFormat(memorySource({ 'outbox.json': garbage }), 'mastodon')).rejects.toThrow('outbox.json is binary data, not a text export (line 1).');
  });

  test('plain CSV/JSON inside an export: private messages are never taken for posts; several files need a choice', async () => {
    const linkedinWithoutShares = memorySource({ 'Connections.csv': 'First Name,Last Name\n', 'messages.csv': 'FROM,TO,CONTENT\nann,bob,hi\n' }, { label: 'linkedin.zip' });
    await expect(detectFormat(linkedinWithoutShares)).rejects.toThrow('Found no export of posts in linkedin.zip.');
    const mine = memorySource({ 'posts-1.csv': 'text\na\n', 'posts-2.csv': 'text\nb\n' }, { label: 'mine' });
    await expect(detectFormat(mine)).rejects.toThrow('mine holds 2 csv files that could be posts (posts-1.csv, posts-2.csv).');
    expect((await detectFormat(mine, 'csv')).files.map((file) => file.name)).toEqual(['posts-1.csv', 'posts-2.csv']);
    expect((await detectFormat(memorySource({ 'README.md': '# hi', 'posts.csv': 'text\na\n' }))).format).toBe('csv');
  });

  test('nothing recognisable, or two exports at once, asks for --format', async () => {
    await expect(detectFormat(memorySource({ 'notes.txt': 'just some words' }))).rejects.toBeInstanceOf(UnsupportedFormatError);
    await expect(detectFormat(memorySource({ 'a/tweets.js': tweets, 'b/outbox.json': outbox }, { label: 'mixed' }))).rejects.toThrow(
      'mixed holds several exports: an X archive (a/tweets.js); a Mastodon outbox.json (b/outbox.json).',
    );
    await expect(detectFormat(memorySource({}, { label: 'empty-folder' }))).rejects.toThrow('empty-folder holds no files.');
  });
});
