import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { collect, rejectionOf, textChunks } from '../../../test/fakes/memory-export-source.js';
import { InvalidInputError } from '../errors.js';
import { detectDelimiter, readCsvRows } from './csv-reader.js';
import { formatCsvLine } from './export-row.js';

const rows = async (text: string, chunk = 3) => (await collect(readCsvRows(textChunks(text, chunk), { file: 'f.csv' }))).map((row) => row.fields);

describe('readCsvRows', () => {
  test('quoted fields span lines and hold doubled quotes and delimiters', async () => {
    const text = 'Date,ShareCommentary,Visibility\r\n2024-01-01,"Line one\nline ""two"", still",PUBLIC\r\n2024-01-02,plain,CONNECTIONS\r\n';
    expect(await rows(text)).toEqual([
      ['Date', 'ShareCommentary', 'Visibility'],
      ['2024-01-01', 'Line one\nline "two", still', 'PUBLIC'],
      ['2024-01-02', 'plain', 'CONNECTIONS'],
    ]);
  });

  test('reports the line each record starts on', async () => {
    const records = await collect(readCsvRows(textChunks('a,b\n"x\ny\nz",1\n\nq,2', 2), { file: 'f.csv' }));
    expect(records.map((row) => row.line)).toEqual([1, 2, 6]);
  });

  test('detects tab and semicolon delimiters from the header', async () => {
    expect(await rows('"a"\t"b"\n"1,2"\t"3"\n')).toEqual([['a', 'b'], ['1,2', '3']]);
    expect(await rows('a;b\n1,5;2\n')).toEqual([['a', 'b'], ['1,5', '2']]);
    expect(detectDelimiter('text,"a\tb"')).toBe(',');
  });

  test('drops a BOM, keeps empty fields, skips blank lines, reads a last line without a line end', async () => {
    expect(await rows('\ufefftext,likes\n\n"",\nlast,1')).toEqual([['text', 'likes'], ['', ''], ['last', '1']]);
  });

  test('keeps a stray quote inside an unquoted field as a character', async () => {
    expect(await rows('a,b\n5" screen,x\n')).toEqual([['a', 'b'], ['5" screen', 'x']]);
  });

  test('an unclosed quote throws after yielding the rows before it, naming the line', async () => {
    const got: string[][] = [];
    let error: unknown;
    try {
      for await (const row of readCsvRows(textChunks('text\nok\n"never closed\nmore', 4), { file: 'f.csv' })) got.push(row.fields);
    } catch (caught) {
      error = caught;
    }
    expect(got).toEqual([['text'], ['ok']]);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toBe('f.csv: a quoted field opened on line 3 is never closed: the file is truncated or malformed.');
  });

  test('CRLF and CR inside a quoted field read as \\n, also when a chunk ends between \\r and \\n', async () => {
    for (const chunk of [1, 2, 3, 5, 64]) {
      expect(await rows('a,b\r\n"one\r\ntwo\rthree",x\r\n', chunk)).toEqual([['a', 'b'], ['one\ntwo\nthree', 'x']]);
    }
  });

  test('whatever formatCsvLine writes reads back the same, under any chunking (property)', async () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', ',', '"', '\n', '\r\n', '\t', 'é', '😀', '中') });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { maxLength: 6 }), fc.integer({ min: 1, max: 30 }), async (table, chunk) => {
        const all = [['h1', 'h2', 'h3'], ...table];
        const text = all.map((fields) => formatCsvLine(fields)).join('');
        // A row of three empty cells is written as ",,", which is not blank: it reads back. A line break inside a cell reads as \n.
        expect(await rows(text, chunk)).toEqual(all.map((fields) => fields.map((field) => field.replace(/\r\n/g, '\n'))));
      }),
      { numRuns: 200 },
    );
  });

  test('CRLF line ends count one line each, also when a chunk ends between CR and LF', async () => {
    for (const chunk of [1, 2, 4, 64]) {
      const records = await collect(readCsvRows(textChunks('Name,Ville\r\nZoë,Zürich\r\n"a\r\nb",Köln\r\nlast,Wien\r\n', chunk), { file: 'f.csv' }));
      expect(records.map((row) => [row.line, ...row.fields])).toEqual([
        [1, 'Name', 'Ville'],
        [2, 'Zoë', 'Zürich'],
        [3, 'a\nb', 'Köln'],
        [5, 'last', 'Wien'],
      ]);
    }
  });

  test('old Mac line ends (CR only): the delimiter is chosen from the first line alone', async () => {
    expect(await rows('a;b\r1,2,3;4\r', 64)).toEqual([['a', 'b'], ['1,2,3', '4']]);
    // Mixed: the first line ends in CR, a later one in LF.
    expect(await rows('a;b\r1,2,3;4\n', 64)).toEqual([['a', 'b'], ['1,2,3', '4']]);
  });

  test('a CR closing a quoted field does not eat a line break opening the next one', async () => {
    expect(await rows('a,b\n"x\r","\ny"\n', 64)).toEqual([['a', 'b'], ['x\n', '\ny']]);
  });

  test('a file of one line without a line end is read', async () => {
    expect(await rows('title;body', 64)).toEqual([['title', 'body']]);
    expect(await rows('solo', 2)).toEqual([['solo']]);
  });

  test('a last line ending in an empty field keeps it', async () => {
    expect(await rows('h1,h2\na,', 64)).toEqual([['h1', 'h2'], ['a', '']]);
  });

  test('the unclosed-quote error carries its file, line and what to do', async () => {
    const error = await rejectionOf<InvalidInputError>(collect(readCsvRows(textChunks('text\nok\n\n"open', 3), { file: 'posts.csv' })));
    expect(error.details).toEqual({ file: 'posts.csv', line: 4 });
    expect(error.hint).toBe('Records before it were read. Export the file again (or close the quote) and re-run the import; nothing is added twice.');
  });
});

describe('detectDelimiter', () => {
  test('delimiters inside quotes do not count', () => {
    expect(detectDelimiter('"a,b";"c,d"')).toBe(';');
    expect(detectDelimiter('"x;y;z",w,v')).toBe(',');
  });

  test('ties go to the comma; tab wins a tie with the semicolon', () => {
    expect(detectDelimiter('a\tb,c')).toBe(',');
    expect(detectDelimiter('a;b,c')).toBe(',');
    expect(detectDelimiter('a\tb;c')).toBe('\t');
    expect(detectDelimiter('a\tb;c;d')).toBe(';');
    expect(detectDelimiter('no delimiter')).toBe(',');
  });
});
