import { describe, expect, test } from 'vitest';
import { collect, memoryFile, rejectionOf } from '../../../test/fakes/memory-export-source.js';
import { InvalidInputError } from '../errors.js';
import type { ImportItem } from './import-item.js';
import { headerKey, importLinkedIn, linkedInUrn, parseLinkedInDate } from './linkedin-importer.js';

const HEADER = 'Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n';
const link = (id: number, kind = 'share') => `https://www.linkedin.com/feed/update/urn%3Ali%3A${kind}%3A${id}`;

async function read(...files: [string, string | Uint8Array][]): Promise<ImportItem[]> {
  return collect(importLinkedIn(files.map(([name, content]) => memoryFile(name, content, { chunkSize: 13 })), {}));
}

/** What each item is, for comparing lists: the post's text and media count, or the skip reason, or the error. */
function summary(items: ImportItem[]): unknown[] {
  return items.map((item) => (item.kind === 'post' ? [item.post.text, item.post.mediaCount] : item.kind === 'skip' ? `skip ${item.reason}` : `error ${item.message}`));
}

describe('headerKey', () => {
  test('compares header names without case, spaces or punctuation', () => {
    expect(headerKey('Share Commentary')).toBe('sharecommentary');
    expect(headerKey('ShareCommentary')).toBe('sharecommentary');
    expect(headerKey(' Media_URL ')).toBe('mediaurl');
    expect(headerKey('Shared-Url2')).toBe('sharedurl2');
  });
});

describe('parseLinkedInDate', () => {
  test.each([
    ['2023-05-10 14:32:10', '2023-05-10T14:32:10.000Z'],
    ['2017/06/08 08:15:44 UTC', '2017-06-08T08:15:44.000Z'],
    ['2024-3-5 9:07:03', '2024-03-05T09:07:03.000Z'],
    ['2020-12-31T23:59:01Z', '2020-12-31T23:59:01.000Z'],
    ['  2019-02-28 00:00:00  ', '2019-02-28T00:00:00.000Z'],
  ])('%s → %s (UTC)', (value, iso) => {
    expect(parseLinkedInDate(value)).toBe(iso);
  });

  // A spreadsheet re-saving Shares.csv drops the seconds and the leading zeros ("2024-3-5 9:07").
  test('a date without seconds (as a spreadsheet re-saves it) is read', () => {
    expect(parseLinkedInDate('2024-3-5 9:07')).toBe('2024-03-05T09:07:00.000Z');
  });

  test('never throws, whatever the digits', () => {
    for (const value of ['2024-03-05 09:07', '2024-13-45 99:99:99', '9999/99/99 99:99']) expect(() => parseLinkedInDate(value)).not.toThrow();
  });

  test.each(['05/03/2024 09:07', '2024-03-05', 'yesterday', '', 'on 2024-03-05 10:00:00'])('%j is not a LinkedIn date', (value) => {
    expect(parseLinkedInDate(value)).toBeNull();
  });
});

describe('linkedInUrn', () => {
  test('the activity, share or ugcPost URN of a feed link, encoded or not', () => {
    expect(linkedInUrn(link(7001, 'activity'))).toBe('urn:li:activity:7001');
    expect(linkedInUrn(link(42))).toBe('urn:li:share:42');
    expect(linkedInUrn('https://www.linkedin.com/feed/update/urn:li:ugcPost:6900123/')).toBe('urn:li:ugcPost:6900123');
  });

  test('a link with a broken escape is read as written', () => {
    expect(linkedInUrn('https://www.linkedin.com/feed/update/urn:li:share:55?utm=%E0%A4%A')).toBe('urn:li:share:55');
  });

  test('no post URN: null', () => {
    expect(linkedInUrn('https://www.linkedin.com/in/ann')).toBeNull();
    expect(linkedInUrn('https://www.linkedin.com/feed/update/urn:li:comment:1')).toBeNull();
    expect(linkedInUrn('')).toBeNull();
  });
});

describe('importLinkedIn', () => {
  test('a post: text, date, URN, link, shared URL and media', async () => {
    const [item] = await read(['Shares.csv', `${HEADER}2024-03-05 10:11:12,${link(7001)},"Nouveau projet 🚀",  https://example.fr/a  ,https://media.licdn.com/1.jpg,PUBLIC\n`]);
    expect(item).toEqual({
      kind: 'post',
      ref: 'Shares.csv:2 #1 id=urn:li:share:7001',
      post: expect.objectContaining({
        platform: 'linkedin',
        text: 'Nouveau projet 🚀',
        publishedAt: '2024-03-05T10:11:12.000Z',
        externalId: 'urn:li:share:7001',
        url: link(7001),
        mediaCount: 1,
        sharedUrl: 'https://example.fr/a',
      }),
    });
  });

  test('the 2018 export: UTF-16 with a BOM, tab-separated, headers with spaces, dates ending in UTC', async () => {
    const text = '\ufeffDate\tShare Link\tShare Commentary\tShared Url\tMedia Url\tVisibility\r\n' + `2017/06/08 08:15:44 UTC\t${link(9, 'activity')}\t"Grüße aus Köln"\t\t\tCONNECTIONS\r\n`;
    const items = await read(['Shares.csv', Uint8Array.from(Buffer.from(text, 'utf16le'))]);
    expect(items).toEqual([
      {
        kind: 'post',
        ref: 'Shares.csv:2 #1 id=urn:li:activity:9',
        post: expect.objectContaining({ text: 'Grüße aus Köln', publishedAt: '2017-06-08T08:15:44.000Z', mediaCount: 0, sharedUrl: null, externalId: 'urn:li:activity:9' }),
      },
    ]);
  });

  test('columns in another order, and only Date and ShareCommentary: the rest is empty', async () => {
    const items = await read(['Shares.csv', 'ShareCommentary,Date\n"Just words",2021-01-02 03:04:05\n']);
    expect(items).toEqual([
      {
        kind: 'post',
        ref: 'Shares.csv:2 #1',
        post: expect.objectContaining({ text: 'Just words', publishedAt: '2021-01-02T03:04:05.000Z', externalId: null, url: null, mediaCount: 0, sharedUrl: null }),
      },
    ]);
  });

  test('the 2024 commentary layout is unwrapped and the text trimmed', async () => {
    const items = await read(['Shares.csv', `${HEADER}2024-06-01 08:00:00,${link(3)},"  Line one""\n""""\n""Line two  ",,,PUBLIC\n`]);
    expect(summary(items)).toEqual([['Line one\n\nLine two', 0]]);
  });

  test('an empty date is no date; a date LinkedIn never writes is an error item, and the rows after it are read', async () => {
    const items = await read(['Shares.csv', `${HEADER},${link(1)},undated,,,PUBLIC\n03/05/2024 10:00,${link(2)},day first,,,PUBLIC\n2024-05-03 10:00:00,${link(3)},fine,,,PUBLIC\n`]);
    expect(items[0]).toMatchObject({ kind: 'post', post: { text: 'undated', publishedAt: null } });
    expect(items[1]).toEqual({ kind: 'error', ref: 'Shares.csv:3 #2 id=urn:li:share:2', message: 'Date "03/05/2024 10:00" is not a date' });
    expect(items[2]).toMatchObject({ kind: 'post', post: { text: 'fine' } });
  });

  test('a row with more fields than the header is an error item; a row with fewer reads the missing cells as empty', async () => {
    const items = await read(['Shares.csv', `${HEADER}2024-01-01 00:00:00,${link(1)},one,two,,,PUBLIC,extra\n2024-01-02 00:00:00,${link(2)},short row\n`]);
    expect(items[0]).toEqual({ kind: 'error', ref: 'Shares.csv:2 #1 id=urn:li:share:1', message: 'the row has 8 fields but the header has 6' });
    expect(items[1]).toMatchObject({ kind: 'post', post: { text: 'short row', mediaCount: 0, sharedUrl: null } });
  });

  test('a reshare with nothing written and no media is skipped as empty; media alone is a post', async () => {
    const items = await read(['Shares.csv', `${HEADER}2024-01-01 00:00:00,${link(1)},   ,https://example.com,,PUBLIC\n2024-01-02 00:00:00,${link(2)},,,  https://media.licdn.com/p.jpg ,PUBLIC\n2024-01-03 00:00:00,${link(3)},,,  ,PUBLIC\n`]);
    expect(summary(items)).toEqual(['skip empty', ['', 1], 'skip empty']);
  });

  describe('one share over several rows', () => {
    const row = (id: number | string, text: string, media = '') => `2025-01-02 09:00:00,${typeof id === 'number' ? link(id) : id},"${text}",,${media},PUBLIC\n`;

    test('consecutive rows of one link and text are one post with one media item per row; a later row of another text is another post', async () => {
      const csv = HEADER + row(1, 'Album', 'a.jpg') + row(1, ' Album  ', 'b.jpg') + row(1, '', 'c.jpg') + row(1, '') + row(1, '', '   ') + row(1, 'Another text', 'd.jpg');
      expect(summary(await read(['Shares.csv', csv]))).toEqual([
        ['Album', 3],
        ['Another text', 1],
      ]);
    });

    test('links compared trimmed; rows without a link never merge; the same link later on is another post', async () => {
      const csv = HEADER + row(1, 'Spaced', 'a.jpg') + row(` ${link(1)} `, 'Spaced', 'b.jpg') + row('', 'No link', 'c.jpg') + row('', 'No link', 'd.jpg') + row(2, 'Between') + row(1, 'Spaced', 'e.jpg');
      expect(summary(await read(['Shares.csv', csv]))).toEqual([
        ['Spaced', 2],
        ['No link', 1],
        ['No link', 1],
        ['Between', 0],
        ['Spaced', 1],
      ]);
    });

    test('an empty share takes further empty rows, not one with words; an error row takes none', async () => {
      const csv =
        HEADER +
        row(1, '') +
        row(1, '') +
        row(1, 'Now with words') +
        `not a date,${link(2)},"Broken",,,PUBLIC\n` +
        row(2, 'Broken') +
        row(3, 'Wide', 'a.jpg') +
        `2025-01-02 09:00:00,${link(3)},"Wide",,b.jpg,PUBLIC,extra\n`;
      const items = await read(['Shares.csv', csv]);
      expect(summary(items)).toEqual(['skip empty', ['Now with words', 0], 'error Date "not a date" is not a date', ['Broken', 0], ['Wide', 1], 'error the row has 7 fields but the header has 6']);
      expect(items.map((item) => item.ref)).toEqual([
        'Shares.csv:2 #1 id=urn:li:share:1',
        'Shares.csv:4 #2 id=urn:li:share:1',
        'Shares.csv:5 #3 id=urn:li:share:2',
        'Shares.csv:6 #4 id=urn:li:share:2',
        'Shares.csv:7 #5 id=urn:li:share:3',
        'Shares.csv:8 #6 id=urn:li:share:3',
      ]);
    });

    test('each file is read on its own: its own header, its own count, and a share never continues into the next file', async () => {
      const items = await read(['a/Shares.csv', HEADER + row(1, 'Same', 'a.jpg')], ['b/Shares.csv', 'Visibility,ShareCommentary,Date,ShareLink\n' + `PUBLIC,Same,2025-01-02 09:00:00,${link(1)}\n`]);
      expect(summary(items)).toEqual([
        ['Same', 1],
        ['Same', 0],
      ]);
      expect(items.map((item) => item.ref)).toEqual(['a/Shares.csv:2 #1 id=urn:li:share:1', 'b/Shares.csv:2 #1 id=urn:li:share:1']);
    });
  });

  describe('files that are not Shares.csv', () => {
    test('a header without Date or without ShareCommentary names the file, the line and what it found', async () => {
      const noCommentary = await rejectionOf<InvalidInputError>(read(['Shares.csv', 'Date,ShareLink,Text\n2024-01-01 00:00:00,x,hi\n']));
      expect(noCommentary).toBeInstanceOf(InvalidInputError);
      expect(noCommentary.message).toBe('Shares.csv line 1: this is not a LinkedIn Shares.csv header (expected Date and ShareCommentary columns, found: Date, ShareLink, Text).');
      expect(noCommentary.details).toEqual({ file: 'Shares.csv', line: 1 });
      expect(noCommentary.hint).toBe('Pick Shares.csv from the LinkedIn export, or use {{--format csv|"format": "csv"}} for your own CSV.');
      await expect(read(['Comments.csv', 'ShareCommentary,Link\nhi,x\n'])).rejects.toThrow(/^Comments\.csv line 1: this is not a LinkedIn Shares\.csv header/);
    });

    test('a header of many columns lists the first 12', async () => {
      const columns = Array.from({ length: 14 }, (_, index) => `C${index + 1}`);
      await expect(read(['wide.csv', `${columns.join(',')}\n`])).rejects.toThrow(`found: ${columns.slice(0, 12).join(', ')}).`);
    });

    test('an empty file, or one of blank lines, has no header line', async () => {
      for (const content of ['', '\n\n']) {
        const error = await rejectionOf<InvalidInputError>(read(['Shares.csv', content]));
        expect(error).toBeInstanceOf(InvalidInputError);
        expect(error.message).toBe('Shares.csv is empty: it has no header line.');
        expect(error.details).toEqual({ file: 'Shares.csv' });
        expect(error.hint).toBe('Download the LinkedIn export again; Shares.csv starts with a "Date,ShareLink,ShareCommentary,…" header.');
      }
    });

    test('a header alone is no posts and no error', async () => {
      expect(await read(['Shares.csv', HEADER])).toEqual([]);
    });
  });
});
