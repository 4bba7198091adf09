import { describe, expect, it, test } from 'vitest';
import { memoryFile } from '../../../test/fakes/memory-export-source.js';
import { NoteTweets } from './x-note-tweets.js';

interface Note {
  id?: string;
  createdAt?: string;
  text?: string;
  urls?: unknown;
}

/** A `note-tweet.js` as X writes it: a `window.YTD.note_tweet` assignment of `{ noteTweet: … }` elements. */
function noteFile(name: string, notes: (Note | Record<string, unknown>)[], part = 0) {
  const elements = notes.map((note) =>
    'noteTweet' in note || !('text' in note || 'createdAt' in note)
      ? note
      : { noteTweet: { noteTweetId: (note as Note).id, createdAt: (note as Note).createdAt, core: { text: (note as Note).text, urls: (note as Note).urls ?? [], mentions: [], hashtags: [] } } },
  );
  return memoryFile(name, `window.YTD.note_tweet.part${part} = ${JSON.stringify(elements, null, 2)}`, { chunkSize: 23 });
}

const essay = 'Pourquoi je torréfie mon café moi-même : une histoire longue, avec des détours, des erreurs et beaucoup de grains brûlés. ';
const long = essay.repeat(4).trimEnd();
/** The cut form tweets.js holds: about 270 characters, "…", then the link to the whole post. */
const cut = (text: string) => `${text.slice(0, 270)}… https://t.co/AbCdEf`;

describe('NoteTweets.read', () => {
  test('reads every note of every file; elements that are not notes, lack text, or lack a valid date are left out', async () => {
    const notes = await NoteTweets.read([
      noteFile('data/note-tweet.js', [
        { id: '1', createdAt: '2023-03-01T08:00:00.000Z', text: long },
        { like: { tweetId: '5' } },
        { noteTweet: { noteTweetId: '2', createdAt: '2023-03-01T08:00:00.000Z', core: {} } },
        { id: '3', createdAt: 'soon', text: 'a note with a broken date' },
        { noteTweet: { noteTweetId: '4', core: { text: 'a note with no date' } } },
      ]),
      noteFile('data/note-tweet-part1.js', [{ id: '6', createdAt: '2021-12-31T23:59:59.999Z', text: 'Happy new year, a long one' }], 1),
    ]);
    expect(notes.size).toBe(2);
    expect(notes.unused().map((note) => note.id)).toEqual(['1', '6']);
  });

  test('no files, or files without notes: no notes, and no tweet is changed', async () => {
    const none = await NoteTweets.read([]);
    expect(none.size).toBe(0);
    expect(none.unused()).toEqual([]);
    expect(none.fullText('anything at all…', '2024-01-01T00:00:00.000Z')).toBeUndefined();
  });

  test('short links are expanded (every occurrence), entities decoded, trailing whitespace dropped, leading kept', async () => {
    const text = '  Read https://t.co/a1 &amp; https://t.co/b2, then https://t.co/a1 again &lt;3 https://t.co/zz\n\n ';
    const notes = await NoteTweets.read([
      noteFile('note-tweet.js', [
        {
          id: '77',
          createdAt: '2024-07-14T12:00:00.250Z',
          text,
          urls: [
            { shortUrl: 'https://t.co/a1', expandedUrl: 'https://example.fr/un' },
            { shortUrl: 'https://t.co/b2', expandedUrl: 'https://example.fr/deux' },
            { shortUrl: 'https://t.co/zz' },
            { expandedUrl: 'https://example.fr/lost' },
            'not a url',
          ],
        },
      ]),
    ]);
    expect(notes.fullText('Read https://example.fr/un & https://example.fr/deux, then…', '2024-07-14T12:00:00.000Z')).toBe(
      '  Read https://example.fr/un & https://example.fr/deux, then https://example.fr/un again <3 https://t.co/zz',
    );
  });

  test('a note without an id is still held, with an empty id', async () => {
    const notes = await NoteTweets.read([noteFile('note-tweet.js', [{ createdAt: '2024-01-01T00:00:00.000Z', text: 'anonymous long thought' }])]);
    expect(notes.unused()).toEqual([expect.objectContaining({ id: '' })]);
  });
});

describe('NoteTweets.fullText', () => {
  async function oneNote(createdAt: string, text = long, id = '900'): Promise<NoteTweets> {
    return NoteTweets.read([noteFile('data/note-tweet.js', [{ id, createdAt, text }])]);
  }

  test('the cut tweet gets the whole text, and the note is then used', async () => {
    const notes = await oneNote('2025-06-02T10:00:00.412Z');
    expect(notes.fullText(cut(long), '2025-06-02T10:00:00.000Z')).toBe(long);
    expect(notes.unused()).toEqual([]);
  });

  test('a tweet with no date, or another text, is not joined and leaves the note unused', async () => {
    const notes = await oneNote('2025-06-02T10:00:00.412Z');
    expect(notes.fullText(cut(long), null)).toBeUndefined();
    expect(notes.fullText('Something else entirely…', '2025-06-02T10:00:00.000Z')).toBeUndefined();
    expect(notes.unused().map((note) => note.id)).toEqual(['900']);
  });

  test('written in the neighbouring second, either side, still joins', async () => {
    expect((await oneNote('2025-06-02T10:00:01.999Z')).fullText(cut(long), '2025-06-02T10:00:00.000Z')).toBe(long);
    expect((await oneNote('2025-06-02T09:59:59.000Z')).fullText(cut(long), '2025-06-02T10:00:00.000Z')).toBe(long);
    expect((await oneNote('2025-06-02T09:59:59.100Z')).fullText(cut(long), '2025-06-02T10:00:00.900Z')).toBe(long);
  });

  test('written two or more seconds apart, or another day, does not join', async () => {
    expect((await oneNote('2025-06-02T10:00:02.000Z')).fullText(cut(long), '2025-06-02T10:00:00.000Z')).toBeUndefined();
    expect((await oneNote('2025-06-02T09:59:57.999Z')).fullText(cut(long), '2025-06-02T10:00:00.000Z')).toBeUndefined();
    expect((await oneNote('2025-06-03T10:00:00.000Z')).fullText(cut(long), '2025-06-02T10:00:00.000Z')).toBeUndefined();
  });

  // X writes the tweet's created_at truncated to the second: a note 1.5 s before that second is still
  // within the two seconds (SAME_TIME_MS), though two whole seconds earlier.
  it('a note 1.5 s before the tweet (within the two seconds) joins', async () => {
    expect((await oneNote('2025-06-02T09:59:58.500Z')).fullText(cut(long), '2025-06-02T10:00:00.000Z')).toBe(long);
  });

  test('whitespace is compared loosely: line breaks in the note, spaces in the tweet', async () => {
    const note = 'Three things I learnt\n\nthis year:\n1. roast lighter\n2. grind finer\n3. wait for the bloom, and the rest of the thread';
    const notes = await oneNote('2024-12-31T18:30:00.000Z', note);
    expect(notes.fullText('Three things I learnt this year:  1. roast lighter 2. grind…', '2024-12-31T18:30:00.000Z')).toBe(note);
  });

  test('words are still compared: the same letters split into other words, or the note merely containing the tweet, do not join', async () => {
    const note = 'Roast at home, ten lessons from a year of burnt beans and happy mornings';
    const notes = await oneNote('2024-12-31T18:30:00.000Z', note);
    expect(notes.fullText('Roastat home, ten less ons…', '2024-12-31T18:30:00.000Z')).toBeUndefined();
    expect(notes.fullText('ten lessons from a year…', '2024-12-31T18:30:00.000Z')).toBeUndefined();
    expect(notes.unused()).toHaveLength(1);
  });

  test('only the first 40 characters before the "…" are compared', async () => {
    const note = `${'x'.repeat(40)} and then the note goes its own way`;
    const notes = await oneNote('2024-02-29T00:00:00.000Z', note);
    expect(notes.fullText(`${'x'.repeat(40)} but the tweet differs after…`, '2024-02-29T00:00:00.000Z')).toBe(note);
    const other = await oneNote('2024-02-29T00:00:00.000Z', note);
    expect(other.fullText(`${'x'.repeat(39)}y and more…`, '2024-02-29T00:00:00.000Z')).toBeUndefined();
  });

  test('the text is cut at the last "…", so an ellipsis the author typed earlier is part of the prefix', async () => {
    const wait = 'Wait… what a day it has been, with a lot to say about it';
    const other = 'Wait… something else happened today, and more besides that';
    const notes = await NoteTweets.read([
      noteFile('note-tweet.js', [
        { id: 'a', createdAt: '2024-03-03T03:03:03.100Z', text: wait },
        { id: 'b', createdAt: '2024-03-03T03:03:03.200Z', text: other },
      ]),
    ]);
    expect(notes.fullText('Wait… something else happened…', '2024-03-03T03:03:03.000Z')).toBe(other);
    expect(notes.unused().map((note) => note.id)).toEqual(['a']);
    expect(notes.fullText('Wait… what a day…', '2024-03-03T03:03:03.000Z')).toBe(wait);
    expect(notes.unused()).toEqual([]);
  });

  test('a tweet without "…" is compared whole; a tweet with nothing before its "…" is never joined', async () => {
    const note = '…and another thing I forgot to say earlier';
    const notes = await oneNote('2024-05-05T05:05:05.000Z', note);
    expect(notes.fullText('…', '2024-05-05T05:05:05.000Z')).toBeUndefined();
    expect(notes.fullText('   … https://t.co/x', '2024-05-05T05:05:05.000Z')).toBeUndefined();
    expect(notes.unused()).toHaveLength(1);
    expect(notes.fullText('…and another thing', '2024-05-05T05:05:05.000Z')).toBeUndefined();
    const plain = await oneNote('2024-05-05T05:05:05.000Z', 'No ellipsis here: the tweet is the start of the note, and more');
    expect(plain.fullText('No ellipsis here: the tweet', '2024-05-05T05:05:05.000Z')).toBe('No ellipsis here: the tweet is the start of the note, and more');
  });

  test('notes of the same second are each found by their own tweet', async () => {
    const notes = await NoteTweets.read([
      noteFile('note-tweet.js', [
        { id: 'first', createdAt: '2022-08-08T08:08:08.001Z', text: 'Alpha: the first long post of a busy second' },
        { id: 'second', createdAt: '2022-08-08T08:08:08.900Z', text: 'Beta: the second long post of the same second' },
      ]),
    ]);
    expect(notes.fullText('Alpha: the first…', '2022-08-08T08:08:08.000Z')).toBe('Alpha: the first long post of a busy second');
    expect(notes.fullText('Beta: the second…', '2022-08-08T08:08:08.000Z')).toBe('Beta: the second long post of the same second');
  });
});
