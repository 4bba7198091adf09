import { describe, expect, test } from 'vitest';
import { memoryFile, memorySource, rejectionOf } from '../../../test/fakes/memory-export-source.js';
import { repoCar } from '../../../test/importers/car-writer.js';
import { InvalidInputError, UnsupportedFormatError, type AppError } from '../errors.js';
import { detectFormat, formatFromContent, formatFromName, NOTE_TWEET_FILE, sniffFile } from './detect-format.js';

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

const HINT =
  'smm reads an X archive (data/tweets.js), LinkedIn Shares.csv, Mastodon outbox.json, Bluesky post JSON, Threads/Instagram/Facebook JSON, or your own CSV/JSON/NDJSON with a "text" column; pass --format to choose.';
const names = (detected: { files: { name: string }[] }) => detected.files.map((file) => file.name);

describe('formatFromName', () => {
  test.each([
    ['data/tweets.js', 'x'],
    ['tweet.js', 'x'],
    ['twitter-2019/data/tweets-part12.js', 'x'],
    ['DATA/TWEETS.JS', 'x'],
    ['data/deleted-tweets.js', undefined],
    ['tweets.js.bak', undefined],
    ['tweets.json', 'json'],
    ['mastodon-archive/outbox.json', 'mastodon'],
    ['my-outbox.json', 'json'],
    ['Basic_LinkedInDataExport_05-01-2025/Shares.csv', 'linkedin'],
    ['old-shares.csv', 'csv'],
    ['your_instagram_activity/threads/threads_and_replies.json', 'threads'],
    ['your_instagram_activity/content/posts_1.json', 'instagram'],
    ['posts_.json', 'json'],
    ['your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json', 'facebook'],
    ['your_posts_1.json', 'facebook'],
    ['not_your_posts.json', 'json'],
    ['backup/REPO.CAR', 'bluesky'],
    ['posts.tsv', 'csv'],
    ['posts.CSV', 'csv'],
    ['posts.jsonl', 'ndjson'],
    ['posts.NDJSON', 'ndjson'],
    ['notes.txt', undefined],
    ['old_threads_and_replies.json', 'json'],
    ['myposts_1.json', 'json'],
    ['data/tweets-part.js', undefined],
    ['repo.car.txt', undefined],
    ['posts.csv.bak', undefined],
    ['posts.jsonl.gz', undefined],
    ['posts.json.txt', undefined],
    ['Shares.csv.txt', undefined],
    ['my_Shares.csv', 'csv'],
    ['outbox.json.bak', undefined],
    ['posts_1.json.bak', undefined],
    ['your_posts_1.json.bak', undefined],
    ['outbox.json/readme.txt', undefined],
  ])('%s → %s', (name, format) => {
    expect(formatFromName(name)).toBe(format);
  });

  test("X's note-tweet files, and only those", () => {
    expect(['data/note-tweet.js', 'note-tweet-part2.js', 'DATA/NOTE-TWEET.JS'].every((name) => NOTE_TWEET_FILE.test(name))).toBe(true);
    expect(['data/my-note-tweet.js', 'note-tweets.js', 'note-tweet.json'].some((name) => NOTE_TWEET_FILE.test(name))).toBe(false);
  });
});

describe('formatFromContent: more shapes', () => {
  test.each([
    ['\ufeff  \n window.YTD.tweets.part3 = [', 'x'],
    ['window.YTD.tweet.part0=[', 'x'],
    ['\ufeff[ {\n  "tweet" : {', 'x'],
    ['{"@context": ["https://www.w3.org/ns/activitystreams"], "id": "o", "type": "OrderedCollection", "first": "p1"', 'mastodon'],
    ['{"@context": "https://www.w3.org/ns/activitystreams", "orderedItems": [', 'mastodon'],
    ['{"records": [{"uri" :  "at://did:web:ann.example/app.bsky.feed.post/1"', 'bluesky'],
    ['{"ig_posts": [', 'instagram'],
    ['{"status_updates_v2": [', 'facebook'],
    ['[ { "timestamp" : 1500000000', 'facebook'],
    ['{"data": [ {"update_timestamp": 1}]}', 'facebook'],
    ['{"data": [{"post": "hi"}]}', 'facebook'],
    ['{"id": 1}\n  {"id": 2}', 'ndjson'],
    ['{"a": 1}\r\n{"b": 2}', 'ndjson'],
    ['{"Content": "one line of a post"}', 'ndjson'],
    ['{"id": 7, "text": "one line"}', 'ndjson'],
    ['{"feed": [{"post": {"uri" : "at://did:plc:abc/app.bsky.feed.repost/3k"', 'bluesky'],
    ['{"id": 1}\n', 'json'],
    ['{"id": 1}\n[1]', 'json'],
    ['{\n  "posts": [{"text": "a"}]\n}', 'json'],
    ['[{"text": "a"}]\n[{"text": "b"}]', 'json'],
    ['{"@context": "https://www.w3.org/ns/activitystreams", "type": "Person"}', 'json'],
    ['{"orderedItems": []}', 'json'],
    ['[{"tweets": []}]', 'json'],
    ['{"list": [{"tweet": {}}]}', 'json'],
    ['{"items": [{"timestamp": 1}]}', 'json'],
    ['[{"media": [{"uri": "a.jpg"}]}]', 'json'],
    ['[{"title": "t", "creation_timestamp": 1}]', 'json'],
    ['Date;ShareLink;ShareCommentary;SharedUrl;MediaUrl;Visibility\n', 'linkedin'],
    ['date,share_commentary\n', 'linkedin'],
    ['Body;Datum\n', 'csv'],
    ['Full Text\tDate\n', 'csv'],
    ['text\r\nShareCommentary\n', 'csv'],
  ])('%j → %s', (head, format) => {
    expect(formatFromContent(head)).toEqual({ kind: 'format', format });
  });

  test.each(['', '   \n\t', '\ufeff', 'name,email\nann,a@b.c', 'Tweet text,Date\n', 'id,\rtext,date\r', 'window.YTD.tweets = [', 'window.YTD.tweets.part = [', 'x = window.YTD.tweets.part0 = ['])('%j → unknown', (head) => {
    expect(formatFromContent(head)).toEqual({ kind: 'unknown' });
  });
});

describe('sniffFile', () => {
  test('a file of size 0 is empty without being opened; an empty stream of unknown size is empty too', async () => {
    let opened = 0;
    expect(await sniffFile(memoryFile('tweets.js', '', { onOpen: () => opened++ }))).toEqual({ kind: 'empty' });
    expect(opened).toBe(0);
    expect(await sniffFile(memoryFile('tweets.js', '', { unknownSize: true, onOpen: () => opened++ }))).toEqual({ kind: 'empty' });
    expect(opened).toBe(1);
  });

  test('a CAR repository under any name is Bluesky; NUL bytes are binary; UTF-16 text is read', async () => {
    expect(await sniffFile(memoryFile('download.bin', repoCar('did:plc:z', { 'app.bsky.feed.post/1': { text: 'hi' } })))).toEqual({ kind: 'format', format: 'bluesky' });
    expect(await sniffFile(memoryFile('tweets.js', Uint8Array.from([0x77, 0x00, 0x00, 0x00, 0x69, 0x6e, 0x64])))).toEqual({ kind: 'binary' });
    const utf16 = Uint8Array.from(Buffer.from('\ufeffwindow.YTD.tweets.part0 = [', 'utf16le'));
    expect(await sniffFile(memoryFile('tweets.js', utf16, { chunkSize: 5 }))).toEqual({ kind: 'format', format: 'x' });
  });

  test('only the first 4 KB are looked at', async () => {
    const late = `[{"id": 1, "pad": "${'x'.repeat(5000)}", "text_post_app_text_posts": []}]`;
    expect(await sniffFile(memoryFile('export.json', late))).toEqual({ kind: 'format', format: 'json' });
    const early = `[{"id": 1, "pad": "${'x'.repeat(3000)}", "text_post_app_text_posts": []}]`;
    expect(await sniffFile(memoryFile('export.json', early))).toEqual({ kind: 'format', format: 'threads' });
  });
});

describe('detectFormat: one file', () => {
  test('content the sniffer names but cannot use is refused, saying what it is', async () => {
    const error = await rejectionOf<AppError>(detectFormat(memorySource({ 'data/like.js': 'window.YTD.like.part0 = []' })));
    expect(error).toBeInstanceOf(UnsupportedFormatError);
    expect(error.message).toBe('Cannot tell what kind of export data/like.js is: it is another part of an X archive (window.YTD.like), not the tweets.');
    expect(error.hint).toBe(HINT);
    expect(error.details).toEqual({ file: 'data/like.js' });
    await expect(detectFormat(memorySource({ 'notes.md': 'just some words' }))).rejects.toThrow('Cannot tell what kind of export notes.md is: it is nothing smm recognises.');
  });

  test('unrecognised content under a plain CSV/JSON name is taken by its name', async () => {
    expect(await detectFormat(memorySource({ 'export/posts.csv': 'hello world' }))).toMatchObject({ format: 'csv', files: [{ name: 'export/posts.csv' }] });
    expect((await detectFormat(memorySource({ 'posts.jsonl': 'hello world' }))).format).toBe('ndjson');
  });

  test('JSON and NDJSON: the extension decides over the guess, which a long first line defeats', async () => {
    const longLine = `{"text": "${'a'.repeat(5000)}"}\n{"text": "b"}\n`;
    expect((await detectFormat(memorySource({ 'posts.jsonl': longLine }))).format).toBe('ndjson');
    expect((await detectFormat(memorySource({ 'posts.json': '{"text": "a"}\n{"text": "b"}\n' }))).format).toBe('json');
    expect((await detectFormat(memorySource({ 'posts.txt': '{"text": "a"}\n{"text": "b"}\n' }))).format).toBe('ndjson');
    expect((await detectFormat(memorySource({ 'posts.ndjson': '[{"text": "a"}]' }))).format).toBe('ndjson');
  });

  test('a .json file holding Bluesky records or CSV is read as what it holds; in a folder a long first line of a .jsonl is still NDJSON', async () => {
    expect((await detectFormat(memorySource({ 'bsky-posts.json': '[{"$type": "app.bsky.feed.post", "text": "hi"}]' }))).format).toBe('bluesky');
    expect((await detectFormat(memorySource({ 'posts.json': 'text,date\nhi,2024-01-01\n' }))).format).toBe('csv');
    const folder = memorySource({ 'export/posts.jsonl': `{"text": "${'a'.repeat(5000)}"}\n{"text": "b"}\n`, 'export/readme.md': '# export' });
    expect(await detectFormat(folder)).toMatchObject({ format: 'ndjson', files: [{ name: 'export/posts.jsonl' }] });
  });

  test('an explicit format is accepted for content it can read: json for ndjson and back, anything for unknown content', async () => {
    expect((await detectFormat(memorySource({ 'a.jsonl': '{"text": "a"}\n{"text": "b"}\n' }), 'json')).format).toBe('json');
    expect((await detectFormat(memorySource({ 'a.json': '[{"text": "a"}]' }), 'ndjson')).format).toBe('ndjson');
    expect(await detectFormat(memorySource({ 'notes.txt': 'words, words' }), 'csv')).toMatchObject({ format: 'csv', files: [{ name: 'notes.txt' }] });
  });

  test('an explicit format the content contradicts names what it looks like', async () => {
    const json = await rejectionOf<AppError>(detectFormat(memorySource({ 'posts.json': '[{"text": "a"}]' }), 'linkedin'));
    expect(json.message).toBe('File posts.json does not look like a LinkedIn Shares.csv: it looks like a JSON file of posts; try --format json or --format auto.');
    expect(json.details).toEqual({ file: 'posts.json', requested: 'linkedin', detected: 'json' });
    expect(json.hint).toBe(HINT);
    await expect(detectFormat(memorySource({ 'outbox.json': outbox }), 'bluesky')).rejects.toThrow('it looks like a Mastodon outbox.json; try --format mastodon or --format auto.');
    const other = await rejectionOf<AppError>(detectFormat(memorySource({ 'data/like.js': 'window.YTD.like.part0 = []' }), 'x'));
    expect(other.message).toBe('File data/like.js does not look like an X archive: it looks like another part of an X archive (window.YTD.like), not the tweets; try --format auto.');
    expect(other.details).toEqual({ file: 'data/like.js', requested: 'x', detected: 'other' });
  });

  test('empty and binary files are refused with the file named, whatever was asked', async () => {
    const empty = await rejectionOf<AppError>(detectFormat(memorySource({ 'Shares.csv': '' }), 'linkedin'));
    expect(empty).toBeInstanceOf(InvalidInputError);
    expect(empty.details).toEqual({ file: 'Shares.csv' });
    expect(empty.hint).toBe('Download the export again; an empty file has no posts to import.');
    const binary = await rejectionOf<AppError>(detectFormat(memorySource({ 'photo.jpg': Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46]) })));
    expect(binary.message).toBe('photo.jpg is binary data, not a text export (line 1).');
    expect(binary.details).toEqual({ file: 'photo.jpg', line: 1 });
    expect(binary.hint).toBe('Point {{smm import|import_posts}} at the export .zip, its extracted folder, or the tweets.js / outbox.json / Shares.csv / posts JSON inside it.');
  });

  test('a note-tweet.js that holds tweets is read once', async () => {
    expect(names(await detectFormat(memorySource({ 'note-tweet.js': tweets })))).toEqual(['note-tweet.js']);
  });
});

describe('detectFormat: folders', () => {
  test('hidden files and macOS forks are not part of the export; a folder of only those holds no files', async () => {
    const source = memorySource({ '.hidden/tweets.js': tweets, 'data/.tweets.js': tweets, '__MACOSX/data/tweets.js': tweets, 'data/tweets.js': tweets });
    expect(names(await detectFormat(source))).toEqual(['data/tweets.js']);
    const junk = await rejectionOf<AppError>(detectFormat(memorySource({ '.DS_Store': 'x', '__MACOSX/._a': 'y' }, { label: 'junk.zip' })));
    expect(junk.message).toBe('junk.zip holds no files.');
    expect(junk.details).toEqual({ source: 'junk.zip' });
    expect(junk.hint).toBe('Point {{smm import|import_posts}} at the export .zip, its extracted folder, or one file of it.');
  });

  test('parts are read in order: numbers as numbers, the unnumbered file first', async () => {
    const post = '[{"title": "t", "creation_timestamp": 1, "media": [{"uri": "a.jpg"}]}]';
    const instagram = memorySource({ 'content/posts_10.json': post, 'content/posts_2.json': post, 'content/posts_1.json': post });
    expect(names(await detectFormat(instagram))).toEqual(['content/posts_1.json', 'content/posts_2.json', 'content/posts_10.json']);
    const x = memorySource({ 'data/tweets-part10.js': tweets, 'data/tweets-part2.js': tweets, 'data/tweets.js': tweets, 'data/tweets-part1.js': tweets });
    expect(names(await detectFormat(x))).toEqual(['data/tweets.js', 'data/tweets-part1.js', 'data/tweets-part2.js', 'data/tweets-part10.js']);
    // "-part" in a folder name is not a part number: the folders sort by name, numbers as numbers.
    const folders = memorySource({ 'export-part10/data/tweets.js': tweets, 'export-part2/data/tweets.js': tweets });
    expect(names(await detectFormat(folders))).toEqual(['export-part2/data/tweets.js', 'export-part10/data/tweets.js']);
  });

  test("a platform's file name is trusted only when its content agrees; platform files win over plain CSV", async () => {
    for (const content of ['window.YTD.like.part0 = []', '[{"text": "plain JSON"}]']) {
      const mislabelled = memorySource({ 'data/tweets.js': content, 'posts.csv': 'text\nhi\n' });
      expect(await detectFormat(mislabelled)).toMatchObject({ format: 'csv', files: [{ name: 'posts.csv' }] });
      // Sniffed once, though both passes look at it.
      expect(mislabelled.opened.get('data/tweets.js')).toBe(1);
    }
    const linkedin = memorySource({ 'Shares.csv': 'Date,ShareLink,ShareCommentary\n', 'drafts.csv': 'text\nhi\n' });
    expect(await detectFormat(linkedin)).toMatchObject({ format: 'linkedin', files: [{ name: 'Shares.csv' }] });
    const facebook = memorySource({ 'posts/your_posts_1.json': '[{"timestamp": 1600000000}]', 'drafts.json': '[{"text": "hi"}]' });
    expect(await detectFormat(facebook)).toMatchObject({ format: 'facebook', files: [{ name: 'posts/your_posts_1.json' }] });
    // Found by content: the platform's export still wins over plain CSV.
    expect(await detectFormat(memorySource({ 'download.txt': tweets, 'drafts.csv': 'text\nhi\n' }))).toMatchObject({ format: 'x', files: [{ name: 'download.txt' }] });
    const both = memorySource({ 'data/tweets.js': tweets, 'mine.csv': 'text\nhi\n' });
    expect(await detectFormat(both)).toMatchObject({ format: 'x', files: [{ name: 'data/tweets.js' }] });
    expect(both.opened.has('mine.csv')).toBe(false);
  });

  test('an export under another name is found by its content; plain JSON needs a JSON name; only text files are opened', async () => {
    const source = memorySource({ 'download (2).TXT': tweets, 'data.txt': '[{"text": "a"}]', 'page.html': tweets });
    expect(await detectFormat(source)).toMatchObject({ format: 'x', files: [{ name: 'download (2).TXT' }] });
    expect(source.opened.has('page.html')).toBe(false);
    await expect(detectFormat(memorySource({ 'data.txt': '[{"text": "a"}]', 'page.html': tweets }, { label: 'dl' }))).rejects.toThrow('Found no export of posts in dl.');
  });

  test('files of private messages are never taken for posts, whatever their format', async () => {
    const source = memorySource({
      'messages/inbox/bob_1/message_1.json': '[{"text": "hi"}]',
      'chat_history.csv': 'text\nhi\n',
      'Conversations.ndjson': '{"text": "hi"}\n',
      'direct.json': '[{"text": "hi"}]',
      'INBOX.json': '[{"text": "hi"}]',
      'archive/posts.json': '[{"text": "mine"}]',
    });
    expect(await detectFormat(source)).toMatchObject({ format: 'json', files: [{ name: 'archive/posts.json' }] });
  });

  test('no more than 300 text files are sniffed', async () => {
    const filler = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, index) => [`a/${String(index).padStart(3, '0')}.txt`, 'nothing here']));
    expect((await detectFormat(memorySource({ ...filler(299), 'z/posts.csv': 'text\nhi\n' }))).format).toBe('csv');
    await expect(detectFormat(memorySource({ ...filler(300), 'z/posts.csv': 'text\nhi\n' }, { label: 'big' }))).rejects.toThrow('Found no export of posts in big.');
  });

  test('plain CSV and JSON side by side: several exports, choose one', async () => {
    const error = await rejectionOf<AppError>(detectFormat(memorySource({ 'posts.csv': 'text\nhi\n', 'posts.json': '[{"text": "hi"}]' }, { label: 'mine' })));
    expect(error).toBeInstanceOf(UnsupportedFormatError);
    expect(error.message).toBe('mine holds several exports: a CSV file of posts (posts.csv); a JSON file of posts (posts.json).');
    expect(error.hint).toBe('Pass --format csv or --format json to choose one.');
    expect(error.details).toEqual({ formats: ['csv', 'json'] });
  });

  test('several plain files list the first five and say there are more', async () => {
    const files = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, index) => [`p${index + 1}.jsonl`, '{"text": "a"}\n']));
    const six = await rejectionOf<AppError>(detectFormat(memorySource(files(6), { label: 'six' })));
    expect(six.message).toBe('six holds 6 ndjson files that could be posts (p1.jsonl, p2.jsonl, p3.jsonl, p4.jsonl, p5.jsonl, …).');
    expect(six.hint).toBe('Point smm import at the one file of posts, or pass --format ndjson to import them all.');
    expect(six.details).toEqual({ files: ['p1.jsonl', 'p2.jsonl', 'p3.jsonl', 'p4.jsonl', 'p5.jsonl', 'p6.jsonl'] });
    await expect(detectFormat(memorySource(files(5), { label: 'five' }))).rejects.toThrow('five holds 5 ndjson files that could be posts (p1.jsonl, p2.jsonl, p3.jsonl, p4.jsonl, p5.jsonl).');
  });

  test('nothing found: the message names the folder and the hint lists what smm reads', async () => {
    const error = await rejectionOf<AppError>(detectFormat(memorySource({ 'a.txt': 'x', 'b.txt': 'y' }, { label: 'stuff' })));
    expect(error).toBeInstanceOf(UnsupportedFormatError);
    expect(error.hint).toBe(HINT);
    expect(error.details).toEqual({ source: 'stuff' });
  });
});

describe('detectFormat: folders with an explicit format', () => {
  test('the files found for it, and note tweets with --format x', async () => {
    const source = memorySource({ 'data/tweets.js': tweets, 'data/note-tweet.js': 'window.YTD.note_tweet.part0 = []', 'outbox.json': outbox });
    expect(names(await detectFormat(source, 'x'))).toEqual(['data/tweets.js', 'data/note-tweet.js']);
    expect(names(await detectFormat(source, 'mastodon'))).toEqual(['outbox.json']);
  });

  test('the files found by content, whatever their names', async () => {
    const source = memorySource({ 'download.txt': tweets, 'drafts.csv': 'text\nhi\n' });
    expect(names(await detectFormat(source, 'x'))).toEqual(['download.txt']);
  });

  test('a file named for the format whose content the sniffer cannot place is taken', async () => {
    const source = memorySource({ 'Shares.csv': 'some words that are no header', 'Profile.csv': 'First Name,Last Name\n' });
    expect(await detectFormat(source, 'linkedin')).toMatchObject({ format: 'linkedin', files: [{ name: 'Shares.csv' }] });
  });

  test('files named for the format but empty, binary or of another kind are refused, naming the file', async () => {
    const other = { 'Profile.csv': 'First Name,Last Name\n' };
    await expect(detectFormat(memorySource({ ...other, 'Shares.csv': '' }), 'linkedin')).rejects.toThrow('Shares.csv is empty (0 bytes).');
    await expect(detectFormat(memorySource({ ...other, 'Shares.csv': Uint8Array.from([1, 2, 0, 0, 3]) }), 'linkedin')).rejects.toThrow('Shares.csv is binary data, not a text export (line 1).');
    const mixed = memorySource({ ...other, 'a/Shares.csv': 'words', 'b/Shares.csv': 'window.YTD.like.part0 = []' });
    await expect(detectFormat(mixed, 'linkedin')).rejects.toThrow('File b/Shares.csv does not look like a LinkedIn Shares.csv: it looks like another part of an X archive (window.YTD.like), not the tweets; try --format auto.');
  });

  test('nothing of that format and nothing else either', async () => {
    const error = await rejectionOf<AppError>(detectFormat(memorySource({ 'a.txt': 'x', 'b.md': 'y' }, { label: 'misc' }), 'threads'));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.message).toBe('misc does not hold a Threads export: nor any other export smm reads.');
    expect(error.details).toEqual({ source: 'misc', requested: 'threads' });
    expect(error.hint).toBe(HINT);
  });

  test('note-tweet.js is not added to other formats', async () => {
    const detected = await detectFormat(memorySource({ 'outbox.json': outbox, 'note-tweet.js': 'window.YTD.note_tweet.part0 = []', 'actor.json': '{}' }));
    expect(names(detected)).toEqual(['outbox.json']);
  });
});
