import { describe, expect, test } from 'vitest';
import { collect } from '../../../test/fakes/memory-export-source.js';
import { decodeHead, decodeText, detectEncoding, looksBinary, readHead } from './decode-text.js';

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

describe('detectEncoding without a byte-order mark', () => {
  test('a first byte like a BOM is not one without its partner (Latin-1 ÿ and þ)', () => {
    expect(detectEncoding(Uint8Array.from([0xff, 0x61, 0x62, 0x63]))).toBe('utf-8');
    expect(detectEncoding(Uint8Array.from([0xfe, 0x61, 0x62, 0x63]))).toBe('utf-8');
  });

  test('the NUL pattern of UTF-16 text, in either byte order; other NUL patterns are not UTF-16', () => {
    expect(detectEncoding(Uint8Array.from([0, 0x61, 0, 0x62]))).toBe('utf-16be');
    expect(detectEncoding(Uint8Array.from([0x61, 0, 0x62, 0]))).toBe('utf-16le');
    for (const head of [[0x61, 0, 0, 0], [0, 0, 0x61, 0], [0, 0, 0, 0x61], [0, 0x61, 0, 0], [0, 0x61, 0x62, 0x63]]) expect(detectEncoding(Uint8Array.from(head))).toBe('utf-8');
  });
});

describe('decodeText edges', () => {
  test('a UTF-8 BOM is trusted: invalid bytes after it become U+FFFD, not Windows-1252', async () => {
    const bytes = Uint8Array.from([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('caf'), 0xe9, 0x0a]);
    expect((await collect(decodeText(bytes64(bytes)))).join('')).toBe('caf\ufffd\n');
  });

  test('UTF-16BE without a BOM', async () => {
    expect((await collect(decodeText(bytes(Uint8Array.from([0, 0x68, 0, 0xe9, 0, 0x21]), 1)))).join('')).toBe('hé!');
  });

  test('no empty chunks are handed on, and a character cut at the very end is U+FFFD', async () => {
    const chunks = await collect(decodeText(bytes(new TextEncoder().encode('ab😀cd€'), 1)));
    expect(chunks.join('')).toBe('ab😀cd€');
    expect(chunks.every((chunk) => chunk.length > 0)).toBe(true);
    expect(await collect(decodeText(bytes(Uint8Array.from([0xef, 0xbb, 0xbf]), 1)))).toEqual([]);
    // The first four bytes are the BOM and half a euro sign: nothing to hand on yet.
    expect(await collect(decodeText(bytes(Uint8Array.from([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('€x')]), 4)))).toEqual(['€x']);
    const cut = new TextEncoder().encode('3,50€').subarray(0, 6);
    expect((await collect(decodeText(bytes64(cut)))).join('')).toBe('3,50\ufffd');
  });
});

describe('readHead and decodeHead', () => {
  async function* counted(data: Uint8Array, size: number, pulls: { count: number }): AsyncGenerator<Uint8Array> {
    for (let start = 0; start < data.length; start += size) {
      pulls.count++;
      yield data.subarray(start, start + size);
    }
  }

  test('reads only as many chunks as it needs and returns at most the limit', async () => {
    const data = new TextEncoder().encode('0123456789abcdef');
    const exact = { count: 0 };
    expect(new TextDecoder().decode(await readHead(counted(data, 4, exact), 8))).toBe('01234567');
    expect(exact.count).toBe(2);
    const partial = { count: 0 };
    expect(new TextDecoder().decode(await readHead(counted(data, 4, partial), 6))).toBe('012345');
    expect(partial.count).toBe(2);
    expect(new TextDecoder().decode(await readHead(counted(data, 64, { count: 0 }), 5))).toBe('01234');
    expect(new TextDecoder().decode(await readHead(counted(data, 5, { count: 0 }), 100))).toBe('0123456789abcdef');
  });

  test('decodeHead reads UTF-16 heads in their encoding', () => {
    expect(decodeHead(utf16le('{"a"'))).toBe('{"a"');
  });
});

describe('looksBinary thresholds', () => {
  const text = (length: number) => new TextEncoder().encode('a'.repeat(length));
  const withBytes = (length: number, byte: number, count: number) => Uint8Array.from([...text(length), ...Array.from({ length: count }, () => byte)]);

  test('one NUL anywhere is binary', () => {
    expect(looksBinary(withBytes(300, 0, 1))).toBe(true);
  });

  test('more than one control byte in 50 is binary; exactly one in 50 is not', () => {
    expect(looksBinary(withBytes(49, 0x01, 1))).toBe(false);
    expect(looksBinary(withBytes(48, 0x01, 2))).toBe(true);
    expect(looksBinary(withBytes(97, 0x01, 3))).toBe(true);
    expect(looksBinary(withBytes(20, 0x08, 2))).toBe(true);
  });

  test('tabs, line ends, form feeds and terminal colour codes are text', () => {
    expect(looksBinary(new TextEncoder().encode('a\tb\r\nc\r\n\fd\v'.repeat(10)))).toBe(false);
    expect(looksBinary(new TextEncoder().encode('\u001b[31mred\u001b[0m plain\n'.repeat(10)))).toBe(false);
  });
});

async function* bytes64(data: Uint8Array): AsyncGenerator<Uint8Array> {
  yield* bytes(data, 64);
}
