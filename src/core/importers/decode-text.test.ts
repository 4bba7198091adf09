import { describe, expect, test } from 'vitest';
import { collect } from '../../../test/fakes/memory-export-source.js';
import { decodeHead, decodeText, detectEncoding, looksBinary } from './decode-text.js';

async function* bytes(data: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let start = 0; start < data.length; start += size) yield data.subarray(start, start + size);
}

function utf16le(text: string, bom = true): Uint8Array {
  const out = new Uint8Array((bom ? 2 : 0) + text.length * 2);
  if (bom) out.set([0xff, 0xfe]);
  for (let i = 0; i < text.length; i++) {
    out[(bom ? 2 : 0) + i * 2] = text.charCodeAt(i) & 0xff;
    out[(bom ? 2 : 0) + i * 2 + 1] = text.charCodeAt(i) >> 8;
  }
  return out;
}

const sample = 'Date\tShare Commentary\n"2018"\t"héllo 👋🏽 中文"\n';

describe('decodeText', () => {
  test('UTF-8 with and without BOM, multi-byte characters split at every chunk size', async () => {
    const encoded = new TextEncoder().encode(sample);
    for (const size of [1, 2, 3, 5, 64]) {
      expect((await collect(decodeText(bytes(encoded, size)))).join('')).toBe(sample);
      expect((await collect(decodeText(bytes(new Uint8Array([0xef, 0xbb, 0xbf, ...encoded]), size)))).join('')).toBe(sample);
    }
  });

  test('UTF-16LE with BOM (the 2018 LinkedIn export), surrogate pairs split across chunks', async () => {
    for (const size of [1, 3, 7]) expect((await collect(decodeText(bytes(utf16le(sample), size)))).join('')).toBe(sample);
  });

  test('UTF-16BE with BOM and UTF-16LE without one', async () => {
    const le = utf16le('ab', false);
    const be = new Uint8Array([0xfe, 0xff, 0, 0x61, 0, 0x62]);
    expect(detectEncoding(le)).toBe('utf-16le');
    expect((await collect(decodeText(bytes(be, 1)))).join('')).toBe('ab');
    expect((await collect(decodeText(bytes(le, 1)))).join('')).toBe('ab');
  });

  test('no BOM and not UTF-8 (an Excel CSV on Windows): read as Windows-1252', async () => {
    const latin = Uint8Array.from([...new TextEncoder().encode('text\ncaf'), 0xe9, 0x20, 0x80, 0x0a]);
    expect((await collect(decodeText(bytes(latin, 64)))).join('')).toBe('text\ncafé €\n');
    // Valid UTF-8 cut mid-character at the chunk edge is still UTF-8.
    const utf8 = new TextEncoder().encode('ab😀cd');
    expect((await collect(decodeText(bytes(utf8, 4)))).join('')).toBe('ab😀cd');
  });

  test('tiny and empty inputs', async () => {
    expect(await collect(decodeText(bytes(new Uint8Array(0), 1)))).toEqual([]);
    expect((await collect(decodeText(bytes(new TextEncoder().encode('[]'), 1)))).join('')).toBe('[]');
  });

  test('decodeHead drops a character cut at the end of the sniffed bytes', () => {
    const encoded = new TextEncoder().encode('ab😀');
    expect(decodeHead(encoded.subarray(0, 4))).toBe('ab');
  });

  test('looksBinary: NUL bytes or many control bytes, but not UTF-16 text', () => {
    expect(looksBinary(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]))).toBe(true);
    expect(looksBinary(new TextEncoder().encode('{"a": "text"}\n'))).toBe(false);
    expect(looksBinary(utf16le('text'))).toBe(false);
  });
});
