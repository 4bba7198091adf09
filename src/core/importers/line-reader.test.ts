import { describe, expect, test } from 'vitest';
import { collect, textChunks } from '../../../test/fakes/memory-export-source.js';
import { readLines, readNdjson } from './line-reader.js';

async function* pieces(...chunks: string[]): AsyncGenerator<string> {
  for (const chunk of chunks) yield chunk;
}

const lines = async (text: AsyncIterable<string>) => (await collect(readLines(text))).map((line) => [line.line, line.text]);

describe('readLines', () => {
  test('LF and CRLF line ends, numbered from 1, under every chunk size', async () => {
    const text = 'première ligne\r\nzweite Zeile\n第三行 😀\r\n\r\nlast\n';
    for (const size of [1, 2, 3, 7, 100]) {
      expect(await lines(textChunks(text, size))).toEqual([
        [1, 'première ligne'],
        [2, 'zweite Zeile'],
        [3, '第三行 😀'],
        [4, ''],
        [5, 'last'],
      ]);
    }
  });

  test('a CRLF split between two chunks is one line end', async () => {
    expect(await lines(pieces('one\r', '\ntwo\r', '\nthree'))).toEqual([
      [1, 'one'],
      [2, 'two'],
      [3, 'three'],
    ]);
  });

  test('the last line without a line end is read, its stray CR dropped', async () => {
    expect(await lines(pieces('a\nb'))).toEqual([
      [1, 'a'],
      [2, 'b'],
    ]);
    expect(await lines(pieces('a\nlast\r'))).toEqual([
      [1, 'a'],
      [2, 'last'],
    ]);
    // A CR inside a line is kept: only the one before the line end goes.
    expect(await lines(pieces('x\ry\r\n'))).toEqual([[1, 'x\ry']]);
  });

  test('a line that is only CRLF is empty, and a lone LF line at the start too', async () => {
    expect(await lines(pieces('\n', '\r\n\nz'))).toEqual([
      [1, ''],
      [2, ''],
      [3, ''],
      [4, 'z'],
    ]);
  });

  test('a leading BOM is dropped, only at the very start', async () => {
    expect(await lines(pieces('\ufeffhead\n', '\ufeffkept\n'))).toEqual([
      [1, 'head'],
      [2, '\ufeffkept'],
    ]);
    expect(await lines(pieces('\ufeff'))).toEqual([]);
  });

  test('nothing in, nothing out; a trailing newline makes no empty last line', async () => {
    expect(await lines(pieces())).toEqual([]);
    expect(await lines(pieces('', ''))).toEqual([]);
    expect(await lines(pieces('only\n'))).toEqual([[1, 'only']]);
  });
});

describe('readNdjson', () => {
  test('parses each line, skips blank ones, keeps line numbers, reports a bad line and goes on', async () => {
    const text = '{"text":"héllo"}\r\n\n   \n[1,2]\n{"broken": \n"just a string"\n';
    const records = await collect(readNdjson(textChunks(text, 5)));
    expect(records.map((record) => record.line)).toEqual([1, 4, 5, 6]);
    expect(records[0]).toEqual({ line: 1, value: { text: 'héllo' } });
    expect(records[1]).toEqual({ line: 4, value: [1, 2] });
    expect(records[2]?.value).toBeUndefined();
    expect(records[2]?.error).toMatch(/^not valid JSON \(.+\)$/);
    expect(records[3]).toEqual({ line: 6, value: 'just a string' });
  });
});
