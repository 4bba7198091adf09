import { describe, expect, test } from 'vitest';
import { InvalidInputError } from '../errors.js';
import { CborLink, cidKey, decodeCbor } from './cbor-decoder.js';

const cbor = (...bytes: number[]) => Uint8Array.from(bytes);
const utf8 = (text: string) => [...new TextEncoder().encode(text)];

/** The error decodeCbor throws for these bytes (fails the test when it decodes). */
function refusal(bytes: Uint8Array, what?: string): InvalidInputError {
  try {
    decodeCbor(bytes, what);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return error as InvalidInputError;
  }
  throw new Error('expected the bytes to be refused');
}

describe('decodeCbor: integers and lengths', () => {
  test.each([
    [[0x00], 0],
    [[0x17], 23],
    [[0x18, 0x18], 24],
    [[0x18, 0xff], 255],
    [[0x19, 0x01, 0x00], 256],
    [[0x19, 0xff, 0xfe], 65534],
    [[0x1a, 0x00, 0x01, 0x00, 0x00], 65536],
    [[0x1a, 0xde, 0xad, 0xbe, 0xef], 0xdeadbeef],
    [[0x1b, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00], 2 ** 32],
    [[0x1b, 0x00, 0x1f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], Number.MAX_SAFE_INTEGER],
    [[0x20], -1],
    [[0x37], -24],
    [[0x38, 0x63], -100],
    [[0x39, 0x03, 0xe7], -1000],
    [[0x3a, 0x00, 0x0f, 0x42, 0x3f], -1_000_000],
    [[0x3b, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00], -1 - 2 ** 33],
  ])('%j → %d', (bytes, value) => {
    expect(decodeCbor(cbor(...bytes))).toBe(value);
  });

  test('an integer past Number.MAX_SAFE_INTEGER is refused rather than rounded', () => {
    const error = refusal(cbor(0x1b, 0x00, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00));
    expect(error.message).toBe('a CBOR block is not valid DAG-CBOR: an integer too large for JavaScript at byte 9.');
  });

  test('reads from a slice of a larger buffer (a block inside a CAR chunk)', () => {
    const chunk = cbor(0xaa, 0xbb, 0xcc, 0x19, 0x12, 0x34, 0x1a, 0x00, 0x00, 0x00, 0x07, 0xdd);
    expect(decodeCbor(chunk.subarray(3, 6))).toBe(0x1234);
    expect(decodeCbor(chunk.subarray(6, 11))).toBe(7);
  });

  test('each length width cut short says it ends early, at the byte where it stopped', () => {
    expect(refusal(cbor(0x18)).message).toBe('a CBOR block is not valid DAG-CBOR: it ends early at byte 1.');
    expect(refusal(cbor(0x19, 0x01)).message).toMatch(/it ends early at byte 1\.$/);
    expect(refusal(cbor(0x3a, 0x00, 0x00, 0x01)).message).toMatch(/it ends early at byte 1\.$/);
    expect(refusal(cbor(0x1b, 0, 0, 0, 0, 0, 0, 1)).message).toMatch(/it ends early at byte 1\.$/);
    expect(refusal(cbor()).message).toMatch(/it ends early at byte 0\.$/);
  });

  test('indefinite lengths and reserved additional information are refused by name', () => {
    expect(refusal(cbor(0x5f, 0x41, 0x01, 0xff)).message).toBe('a CBOR block is not valid DAG-CBOR: an indefinite length (not allowed in DAG-CBOR) at byte 1.');
    expect(refusal(cbor(0x7f, 0xff)).message).toMatch(/an indefinite length \(not allowed in DAG-CBOR\)/);
    expect(refusal(cbor(0xbf, 0xff)).message).toMatch(/an indefinite length/);
    expect(refusal(cbor(0x1c)).message).toBe('a CBOR block is not valid DAG-CBOR: reserved additional information 28 at byte 1.');
    expect(refusal(cbor(0x5e)).message).toMatch(/reserved additional information 30 at byte 1\.$/);
  });

  test('the message names what was decoded, and the byte is in the details', () => {
    const error = refusal(cbor(0x82, 0x01), 'repo.car: at://did:plc:q/app.bsky.feed.post/3l');
    expect(error.message).toBe('repo.car: at://did:plc:q/app.bsky.feed.post/3l is not valid DAG-CBOR: it ends early at byte 2.');
    expect(error.details).toEqual({ byte: 2 });
  });

  test('bytes after the one value are refused', () => {
    expect(refusal(cbor(0x01, 0x02)).message).toBe('a CBOR block is not valid DAG-CBOR: extra bytes after the value at byte 1.');
    expect(refusal(cbor(0x41, 0x07, 0x00)).message).toMatch(/extra bytes after the value at byte 2\.$/);
  });
});

describe('decodeCbor: bytes, text, arrays, maps', () => {
  test('byte strings are the bytes themselves, at any length width', () => {
    expect(decodeCbor(cbor(0x40))).toEqual(new Uint8Array(0));
    expect(decodeCbor(cbor(0x43, 0x01, 0x02, 0xff))).toEqual(cbor(0x01, 0x02, 0xff));
    const long = Array.from({ length: 300 }, (_, index) => index % 251);
    expect(decodeCbor(cbor(0x59, 0x01, 0x2c, ...long))).toEqual(Uint8Array.from(long));
    // Inside an array: each byte string is its own slice.
    expect(decodeCbor(cbor(0x82, 0x42, 0x0a, 0x0b, 0x41, 0x0c))).toEqual([cbor(0x0a, 0x0b), cbor(0x0c)]);
  });

  test('text is UTF-8: accents, CJK, emoji, and lengths over 23 bytes', () => {
    expect(decodeCbor(cbor(0x60))).toBe('');
    const text = 'café 👋🏽 中文';
    const bytes = utf8(text);
    expect(decodeCbor(cbor(0x78, bytes.length, ...bytes))).toBe(text);
    expect(decodeCbor(cbor(0x82, 0x61, ...utf8('a'), 0x62, ...utf8('bc')))).toEqual(['a', 'bc']);
  });

  test('a byte or text string longer than what is left ends early', () => {
    expect(refusal(cbor(0x43, 0x01, 0x02)).message).toMatch(/it ends early at byte 1\.$/);
    expect(refusal(cbor(0x65, ...utf8('abc'))).message).toMatch(/it ends early at byte 1\.$/);
  });

  test('arrays, nested, of mixed items', () => {
    expect(decodeCbor(cbor(0x80))).toEqual([]);
    expect(decodeCbor(cbor(0x83, 0x01, 0x82, 0x02, 0x03, 0x61, ...utf8('z')))).toEqual([1, [2, 3], 'z']);
    const many = Array.from({ length: 25 }, (_, index) => index % 24);
    expect(decodeCbor(cbor(0x98, 25, ...many))).toEqual(many);
    expect(refusal(cbor(0x83, 0x01, 0x02)).message).toMatch(/it ends early at byte 3\.$/);
  });

  test('maps are plain objects; non-text keys become their string form', () => {
    expect(decodeCbor(cbor(0xa0))).toEqual({});
    const map = decodeCbor(cbor(0xa3, 0x61, ...utf8('a'), 0x01, 0x01, 0x61, ...utf8('b'), 0x20, 0xf6)) as Record<string, unknown>;
    expect(map).toEqual({ a: 1, '1': 'b', '-1': null });
    expect(Object.keys(map)).toEqual(['1', 'a', '-1']);
    expect(refusal(cbor(0xa1, 0x61, ...utf8('a'))).message).toMatch(/it ends early at byte 3\.$/);
  });

  test('a "__proto__" key from the data is a plain property, and the map can be changed like any object', () => {
    const map = decodeCbor(cbor(0xa2, 0x69, ...utf8('__proto__'), 0xa1, 0x61, ...utf8('x'), 0x01, 0x61, ...utf8('y'), 0x02)) as Record<string, unknown>;
    expect(Object.getPrototypeOf(map)).toBe(Object.prototype);
    expect(Object.keys(map)).toEqual(['__proto__', 'y']);
    expect(Object.getOwnPropertyDescriptor(map, '__proto__')?.value).toEqual({ x: 1 });
    expect((map as { x?: unknown }).x).toBeUndefined();
    map['y'] = 3;
    expect(map['y']).toBe(3);
    delete map['y'];
    expect('y' in map).toBe(false);
  });
});

describe('decodeCbor: tags, CID links, simple values and floats', () => {
  test('tag 42 is a CID link without its multibase prefix byte', () => {
    const cid = [0x01, 0x71, 0x12, 0x20, 0xab, 0xcd];
    const link = decodeCbor(cbor(0xd8, 0x2a, 0x47, 0x00, ...cid));
    expect(link).toBeInstanceOf(CborLink);
    expect((link as CborLink).bytes).toEqual(Uint8Array.from(cid));
    expect((link as CborLink).key).toBe(String.fromCharCode(...cid));
  });

  test('a tag 42 that is not prefixed bytes is refused', () => {
    expect(refusal(cbor(0xd8, 0x2a, 0x42, 0x01, 0x71)).message).toBe('a CBOR block is not valid DAG-CBOR: a CID link that is not multibase-prefixed bytes at byte 5.');
    expect(refusal(cbor(0xd8, 0x2a, 0x62, ...utf8('hi'))).message).toMatch(/a CID link that is not multibase-prefixed bytes/);
    expect(refusal(cbor(0xd8, 0x2a, 0x40)).message).toMatch(/a CID link that is not multibase-prefixed bytes/);
    // An array that starts with 0 is not bytes either.
    expect(refusal(cbor(0xd8, 0x2a, 0x82, 0x00, 0x01)).message).toMatch(/a CID link that is not multibase-prefixed bytes at byte 5\.$/);
  });

  test('other tags are read through to their value', () => {
    expect(decodeCbor(cbor(0xc1, 0x1a, 0x65, 0x92, 0x00, 0x00))).toBe(0x65920000);
    expect(decodeCbor(cbor(0xd8, 0x20, 0x63, ...utf8('a:b')))).toBe('a:b');
    expect(decodeCbor(cbor(0xd8, 0x29, 0x42, 0x00, 0x01))).toEqual(cbor(0x00, 0x01));
  });

  test('false, true, null and undefined', () => {
    expect(decodeCbor(cbor(0xf4))).toBe(false);
    expect(decodeCbor(cbor(0xf5))).toBe(true);
    expect(decodeCbor(cbor(0xf6))).toBeNull();
    expect(decodeCbor(cbor(0x81, 0xf7))).toEqual([undefined]);
    expect(decodeCbor(cbor(0x84, 0xf4, 0xf5, 0xf6, 0xf7))).toEqual([false, true, null, undefined]);
  });

  test('other simple values are refused by number', () => {
    expect(refusal(cbor(0xe0)).message).toBe('a CBOR block is not valid DAG-CBOR: unsupported simple value 0 at byte 1.');
    expect(refusal(cbor(0xf3)).message).toMatch(/unsupported simple value 19 at byte 1\.$/);
    expect(refusal(cbor(0xf8, 0x20)).message).toMatch(/unsupported simple value 24 at byte 1\.$/);
    expect(refusal(cbor(0xff)).message).toMatch(/unsupported simple value 31 at byte 1\.$/);
  });

  test.each([
    [0x3c00, 1],
    [0xc000, -2],
    [0x3555, 0.333251953125],
    [0x7bff, 65504],
    [0x0400, 2 ** -14],
    [0x0001, 2 ** -24],
    [0x83ff, -(1023 / 1024) * 2 ** -14],
    [0x0000, 0],
    [0x7c00, Number.POSITIVE_INFINITY],
    [0xfc00, Number.NEGATIVE_INFINITY],
  ])('half float %s → %d', (half, value) => {
    expect(decodeCbor(cbor(0xf9, half >> 8, half & 0xff))).toBe(value);
  });

  test('half-float negative zero and NaN', () => {
    expect(Object.is(decodeCbor(cbor(0xf9, 0x80, 0x00)), -0)).toBe(true);
    expect(decodeCbor(cbor(0xf9, 0x7e, 0x00))).toBeNaN();
    expect(decodeCbor(cbor(0xf9, 0x7c, 0x01))).toBeNaN();
  });

  test('single and double floats', () => {
    expect(decodeCbor(cbor(0xfa, 0x3f, 0xc0, 0x00, 0x00))).toBe(1.5);
    expect(decodeCbor(cbor(0xfa, 0xc7, 0x7f, 0xe0, 0x00))).toBe(-65504);
    expect(decodeCbor(cbor(0xfb, 0x3f, 0xf1, 0x99, 0x99, 0x99, 0x99, 0x99, 0x9a))).toBe(1.1);
    expect(decodeCbor(cbor(0x82, 0xfb, 0xc0, 0x09, 0x21, 0xfb, 0x54, 0x44, 0x2d, 0x18, 0x01))).toEqual([-3.141592653589793, 1]);
  });

  test('floats cut short end early', () => {
    expect(refusal(cbor(0xf9, 0x3c)).message).toMatch(/it ends early at byte 1\.$/);
    expect(refusal(cbor(0xfa, 0x3f, 0xc0, 0x00)).message).toMatch(/it ends early at byte 1\.$/);
    expect(refusal(cbor(0xfb, 0x3f, 0xf1, 0x99, 0x99, 0x99, 0x99, 0x99)).message).toMatch(/it ends early at byte 1\.$/);
  });
});

describe('decodeCbor: nesting depth', () => {
  const nested = (depth: number) => cbor(...Array.from({ length: depth }, () => 0x81), 0x00);

  test('256 levels decode; one more is refused as too deep', () => {
    let value = decodeCbor(nested(256));
    for (let level = 0; level < 256; level++) value = (value as unknown[])[0];
    expect(value).toBe(0);
    expect(refusal(nested(257)).message).toBe('a CBOR block is not valid DAG-CBOR: nesting too deep at byte 257.');
  });

  test('maps and tags count as levels too', () => {
    const maps = cbor(...Array.from({ length: 257 }, () => [0xa1, 0x61, 0x6b]).flat(), 0x00);
    expect(refusal(maps).message).toMatch(/nesting too deep/);
    const tags = cbor(...Array.from({ length: 257 }, () => 0xc1), 0x00);
    expect(refusal(tags).message).toMatch(/nesting too deep/);
    expect(decodeCbor(cbor(...Array.from({ length: 256 }, () => 0xc1), 0x05))).toBe(5);
  });
});

describe('cidKey', () => {
  test('one character per byte: equal bytes give equal keys, any difference a different key', () => {
    expect(cidKey(new Uint8Array(0))).toBe('');
    expect(cidKey(cbor(0x41, 0x42))).toBe('AB');
    expect(cidKey(cbor(0x00, 0xff, 0x80))).toBe('\u0000\u00ff\u0080');
    expect(cidKey(cbor(1, 2, 3))).toBe(cidKey(Uint8Array.from([1, 2, 3])));
    expect(cidKey(cbor(1, 2, 3))).not.toBe(cidKey(cbor(1, 2, 4)));
    expect(new CborLink(cbor(0x01, 0x71)).key).toBe('\u0001q');
  });
});
