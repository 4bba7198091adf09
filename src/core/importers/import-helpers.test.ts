import { describe, expect, test } from 'vitest';
import { collect, memoryFile } from '../../../test/fakes/memory-export-source.js';
import { asArray, asCount, asObject, asString, fromUnixSeconds, importedPost, isEmptyPost, normaliseNewlines, readJsonRecords, toIsoDate } from './import-helpers.js';

describe('importedPost', () => {
  test('every optional field at its empty value, the given ones kept', () => {
    expect(importedPost('mastodon', { text: 'hallo' })).toEqual({
      platform: 'mastodon',
      text: 'hallo',
      publishedAt: null,
      externalId: null,
      url: null,
      isReply: false,
      replyToExternalId: null,
      lang: null,
      mediaCount: 0,
      contentWarning: null,
      engagement: { likes: null, reposts: null, replies: null, impressions: null },
      tags: [],
    });
    expect(importedPost('x', { text: 't', mediaCount: 3, lang: 'pt', tags: ['a'] })).toMatchObject({ platform: 'x', mediaCount: 3, lang: 'pt', tags: ['a'] });
  });
});

describe('readJsonRecords', () => {
  test('decodes the file (BOM, UTF-16) and streams its records with the options given', async () => {
    const text = '\ufeff{"posts": [{"a": "ü"}, {"a": "😀"}]}';
    const utf16 = new Uint8Array(text.length * 2);
    for (let i = 0; i < text.length; i++) {
      utf16[i * 2] = text.charCodeAt(i) & 0xff;
      utf16[i * 2 + 1] = text.charCodeAt(i) >> 8;
    }
    const described: string[] = [];
    const file = { ...memoryFile('data/posts.json', utf16, { chunkSize: 5 }), onDescribed: (description: string) => described.push(description) };
    const records = await collect(readJsonRecords(file, { arrayKeys: ['posts'] }));
    expect(records.map((record) => record.value)).toEqual([{ a: 'ü' }, { a: '😀' }]);
    expect(described).toHaveLength(1);
    expect(described[0]).toMatch(/"posts" with 2 records/);
  });

  test('errors name the file', async () => {
    await expect(collect(readJsonRecords(memoryFile('dir/cut.json', '[{"a": 1}, {"b"')))).rejects.toThrow(/^dir\/cut\.json: /);
  });
});

describe('narrowing', () => {
  test('asObject: plain objects only', () => {
    expect(asObject({ a: 1 })).toEqual({ a: 1 });
    for (const value of [null, undefined, [], [1], 'x', 3, true]) expect(asObject(value)).toBeUndefined();
  });

  test('asArray: arrays, else empty', () => {
    expect(asArray([1, 'a'])).toEqual([1, 'a']);
    for (const value of [null, undefined, { length: 1, 0: 'a' }, 'ab']) expect(asArray(value)).toEqual([]);
  });

  test('asString: strings only, the empty one too', () => {
    expect(asString('')).toBe('');
    expect(asString('日本')).toBe('日本');
    for (const value of [1, null, undefined, ['a'], {}]) expect(asString(value)).toBeUndefined();
  });

  test('asCount: whole numbers ≥ 0, as numbers or numeric strings', () => {
    expect(asCount(0)).toBe(0);
    expect(asCount(12)).toBe(12);
    expect(asCount('12')).toBe(12);
    expect(asCount(' 7 ')).toBe(7);
    for (const value of [-1, '-1', 1.5, '1.5', '1e3', '', 'abc', '12abc', null, undefined, Number.NaN, 2 ** 53, Infinity, true]) expect(asCount(value)).toBeNull();
  });
});

describe('text and dates', () => {
  test('normaliseNewlines: CRLF and lone CR to LF, the rest as written', () => {
    expect(normaliseNewlines('a\r\nb\rc\nd')).toBe('a\nb\nc\nd');
    expect(normaliseNewlines('a\r\r\nb')).toBe('a\n\nb');
    expect(normaliseNewlines('no breaks  ')).toBe('no breaks  ');
  });

  test('fromUnixSeconds: numbers and numeric strings, fractional seconds rounded to ms', () => {
    expect(fromUnixSeconds(1700000000)).toBe('2023-11-14T22:13:20.000Z');
    expect(fromUnixSeconds('1600000000')).toBe('2020-09-13T12:26:40.000Z');
    expect(fromUnixSeconds('1600000000.2506')).toBe('2020-09-13T12:26:40.251Z');
    expect(fromUnixSeconds(1)).toBe('1970-01-01T00:00:01.000Z');
  });

  test('fromUnixSeconds: nothing else is a date', () => {
    for (const value of [0, -5, '0', '-5', ' 1600000000', '1.', 'soon', '', null, undefined, Number.NaN, Infinity, 9e15, {}]) expect(fromUnixSeconds(value)).toBeNull();
  });

  test('toIsoDate: any date string, normalised to UTC; blanks and non-dates are null', () => {
    expect(toIsoDate('2024-03-05T10:11:12+02:00')).toBe('2024-03-05T08:11:12.000Z');
    expect(toIsoDate('2019-05-01')).toBe('2019-05-01T00:00:00.000Z');
    for (const value of ['', '   ', 'yesterday', 1700000000, null, undefined]) expect(toIsoDate(value)).toBeNull();
  });

  test('isEmptyPost: no words and no media', () => {
    expect(isEmptyPost('', 0)).toBe(true);
    expect(isEmptyPost(' \n\t', 0)).toBe(true);
    expect(isEmptyPost('', 1)).toBe(false);
    expect(isEmptyPost('hi', 0)).toBe(false);
  });
});
