import { describe, expect, test } from 'vitest';
import { collect, rejectionOf } from '../../../test/fakes/memory-export-source.js';
import { carFile, cidOf, encodeCbor, varint } from '../../../test/importers/car-writer.js';
import { InvalidInputError } from '../errors.js';
import { looksLikeCar, readCar, type CarBlock } from './car-reader.js';
import { CborLink } from './cbor-decoder.js';

async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let start = 0; start < bytes.length; start += size) yield bytes.subarray(start, start + size);
}

async function* pieces(...parts: number[][]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield Uint8Array.from(part);
}

/** A CAR file with the given header (any CBOR value) followed by raw block sections. */
function rawCar(header: unknown, sections: number[][] = []): Uint8Array {
  const head = encodeCbor(header);
  return Uint8Array.from([...varint(head.length), ...head, ...sections.flatMap((section) => [...varint(section.length), ...section])]);
}

const post = encodeCbor({ $type: 'app.bsky.feed.post', text: 'Olá 👋', createdAt: '2024-01-01T00:00:00.000Z' });
const like = encodeCbor({ $type: 'app.bsky.feed.like' });
const postCid = cidOf(post);
const likeCid = cidOf(like);
const car = carFile([postCid], [
  { cid: postCid, data: post },
  { cid: likeCid, data: like },
]);

async function failure(bytes: Uint8Array, size = 64): Promise<InvalidInputError> {
  const error = await rejectionOf<InvalidInputError>(collect(readCar(chunked(bytes, size), 'repo.car')));
  expect(error).toBeInstanceOf(InvalidInputError);
  return error;
}

describe('looksLikeCar', () => {
  test('a CARv1 header: a varint length, then a CBOR map naming roots and version', () => {
    expect(looksLikeCar(car)).toBe(true);
    expect(looksLikeCar(car.subarray(0, 12))).toBe(false); // too short to hold both names
  });

  test('not a CAR: short, a long first varint, no map, or a map without both names', () => {
    expect(looksLikeCar(car.subarray(0, 11))).toBe(false);
    expect(looksLikeCar(Uint8Array.from([0x80, ...car.subarray(1)]))).toBe(false);
    expect(looksLikeCar(Uint8Array.from([car[0]!, 0x80, ...car.subarray(2)]))).toBe(false);
    expect(looksLikeCar(rawCar({ roots: [], versio: 1 }))).toBe(false);
    expect(looksLikeCar(rawCar({ root: [], version: 1 }))).toBe(false);
    expect(looksLikeCar(new TextEncoder().encode('{"roots": [], "version": 1}'))).toBe(false);
  });

  test('the names are looked for in the first 64 bytes only', () => {
    // Keys sort by length: "a" and its padding first, so "version" ends at byte 20 + padding: 63 is in, 64 out.
    expect(looksLikeCar(rawCar({ a: 'x'.repeat(43), roots: [], version: 1 }))).toBe(true);
    expect(looksLikeCar(rawCar({ a: 'x'.repeat(44), roots: [], version: 1 }))).toBe(false);
  });

  test('a header of 127 bytes still has a one-byte length', () => {
    const header = rawCar({ roots: [], version: 1, zzzzzzzz: 'y'.repeat(99) });
    expect(header[0]).toBe(0x7f);
    expect(looksLikeCar(header)).toBe(true);
  });
});

describe('readCar', () => {
  test('the roots first, then every block with its CID, codec and data, under any chunking', async () => {
    for (const size of [1, 2, 3, 7, 40, 4096]) {
      const [header, ...blocks] = await collect(readCar(chunked(car, size), 'repo.car'));
      expect((header as { roots: CborLink[] }).roots.map((root) => [...root.bytes])).toEqual([[...postCid.bytes]]);
      expect(blocks).toHaveLength(2);
      const [first, second] = blocks as CarBlock[];
      expect([...first!.cid]).toEqual([...postCid.bytes]);
      expect(first!.codec).toBe(0x71);
      expect([...first!.data]).toEqual([...post]);
      expect([...second!.cid]).toEqual([...likeCid.bytes]);
      expect([...second!.data]).toEqual([...like]);
    }
  });

  test('empty chunks are passed over', async () => {
    const items = await collect(readCar(pieces([], [...car.subarray(0, 5)], [], [...car.subarray(5)], []), 'repo.car'));
    expect(items).toHaveLength(3);
  });

  test('a CIDv0 block (bare sha-256 multihash) and a raw-codec CIDv1 block', async () => {
    const digest = Array.from({ length: 32 }, (_, index) => index);
    const v0 = [0x12, 0x20, ...digest, 0xa0];
    const raw = [0x01, 0x55, 0x12, 0x20, ...digest, 0x68, 0x69];
    const [, first, second] = (await collect(readCar(chunked(rawCar({ roots: [], version: 1 }, [v0, raw]), 3), 'repo.car'))) as CarBlock[];
    expect(first).toEqual({ cid: Uint8Array.from(v0.slice(0, 34)), codec: 0x70, data: Uint8Array.from([0xa0]) });
    expect(second).toEqual({ cid: Uint8Array.from(raw.slice(0, 36)), codec: 0x55, data: Uint8Array.from([0x68, 0x69]) });
  });

  test('roots that are not a list give none; entries that are not links are dropped', async () => {
    const link = new CborLink(postCid.bytes);
    const [listed] = await collect(readCar(chunked(rawCar({ roots: [link, 'text', 3], version: 1 }), 64), 'repo.car'));
    expect((listed as { roots: CborLink[] }).roots).toHaveLength(1);
    expect((listed as { roots: CborLink[] }).roots[0]).toBeInstanceOf(CborLink);
    const [none] = await collect(readCar(chunked(rawCar({ roots: 'nope', version: 1 }), 64), 'repo.car'));
    expect(none).toEqual({ roots: [] });
  });

  test('a file without a header is not a CAR file', async () => {
    for (const bytes of [new Uint8Array(0), Uint8Array.from([0x00, 0xa0]), Uint8Array.from([...varint((1 << 20) + 1), 0xa0])]) {
      expect((await failure(bytes)).message).toBe('repo.car is not a CAR file (no header).');
    }
    // The largest header allowed is read (and here found short).
    expect((await failure(Uint8Array.from([...varint(1 << 20), 0xa2]))).message).toBe('repo.car ends in the middle of a block at byte 3: the CAR file is truncated.');
  });

  test('a CAR file of another version is refused, naming it', async () => {
    expect((await failure(rawCar({ roots: [], version: 2 }))).message).toBe('repo.car is a CAR file of version 2; only version 1 (what atproto exports) is read.');
    expect((await failure(rawCar({ roots: [] }))).message).toMatch(/^repo\.car is a CAR file of version undefined;/);
  });

  test('a file cut in the middle of a block is refused clearly, with the byte and what to do', async () => {
    const cut = car.subarray(0, car.length - 5);
    const error = await failure(cut, 4);
    // The last block's length was read; its CID and data were not all there.
    expect(error.message).toBe(`repo.car ends in the middle of a block at byte ${car.length - likeCid.bytes.length - like.length}: the CAR file is truncated.`);
    expect(error.details).toEqual({ file: 'repo.car', byte: car.length - likeCid.bytes.length - like.length });
    expect(error.hint).toBe('Export the repository again (Bluesky: Settings → Account → Export my data).');
  });

  test('a file cut inside a varint is truncated too', async () => {
    const bytes = Uint8Array.from([...rawCar({ roots: [], version: 1 }), 0x80]);
    expect((await failure(bytes)).message).toBe(`repo.car ends in the middle of a block at byte ${bytes.length}: the CAR file is truncated.`);
  });

  test('a varint of more than 9 bytes is not a CAR file', async () => {
    const header = rawCar({ roots: [], version: 1 });
    const error = await failure(Uint8Array.from([...header, ...Array.from({ length: 9 }, () => 0xff), 0x01]));
    expect(error.message).toBe(`repo.car: a varint longer than 9 bytes at byte ${header.length + 9}: this is not a CAR file.`);
    // Nine bytes is still a varint (here a length larger than any block).
    const nine = await failure(Uint8Array.from([...header, ...Array.from({ length: 8 }, () => 0x80), 0x01]));
    expect(nine.message).toBe(`repo.car: a block of ${128 ** 8} bytes at byte ${header.length} is larger than any repository block.`);
  });

  test('a block larger than 8 MiB is refused before it is read', async () => {
    const header = rawCar({ roots: [], version: 1 });
    const error = await failure(Uint8Array.from([...header, ...varint((8 << 20) + 1)]));
    expect(error.message).toBe(`repo.car: a block of 8,388,609 bytes at byte ${header.length} is larger than any repository block.`.replace('8,388,609', '8388609'));
    expect(error.details).toEqual({ file: 'repo.car', byte: header.length });
    // Exactly 8 MiB is allowed (and here found truncated).
    expect((await failure(Uint8Array.from([...header, ...varint(8 << 20)]))).message).toMatch(/the CAR file is truncated\.$/);
  });

  test('a block without a valid CID: the file is damaged', async () => {
    const digest = Array.from({ length: 32 }, () => 7);
    const header = rawCar({ roots: [], version: 1 });
    const damaged = [
      [0x02, 0x71, 0x12, 0x20, ...digest], // CID version 2
      [0x01, 0x71, 0x12, 0x21, ...digest], // digest longer than the block
      [0x12, 0x20, ...digest.slice(0, 31)], // CIDv0 cut short
      [0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], // codec varint never ends
      [0x01], // nothing after the version
      [0x01, 0x71, 0x12], // no digest length
      [0x12, 0x21, ...digest, 0x00], // not a sha-256 CIDv0 (and version 18 as a CIDv1)
      [0x01, ...Array.from({ length: 9 }, () => 0xff), 0x01, 0x12, 0x01, 0x09], // a codec varint of 10 bytes
    ];
    for (const section of damaged) {
      const error = await failure(rawCar({ roots: [], version: 1 }, [section]));
      expect(error.message).toBe(`repo.car: the block at byte ${header.length} has no valid CID: the CAR file is damaged.`);
      expect(error.details).toEqual({ file: 'repo.car', byte: header.length });
    }
  });

  test('a CID whose digest fills the block exactly is valid, with empty data', async () => {
    const section = [0x01, 0x71, 0x12, 0x02, 0xaa, 0xbb];
    const [, block] = (await collect(readCar(chunked(rawCar({ roots: [], version: 1 }, [section]), 64), 'repo.car'))) as CarBlock[];
    expect(block).toEqual({ cid: Uint8Array.from(section), codec: 0x71, data: new Uint8Array(0) });
  });

  test('a multi-byte codec varint is read whole', async () => {
    const section = [0x01, ...varint(0x0129), 0x12, 0x01, 0x09, 0x42];
    const [, block] = (await collect(readCar(chunked(rawCar({ roots: [], version: 1 }, [section]), 64), 'repo.car'))) as CarBlock[];
    expect(block).toEqual({ cid: Uint8Array.from(section.slice(0, 6)), codec: 0x0129, data: Uint8Array.from([0x42]) });
  });

  test('the source is closed when the reader stops early or fails', async () => {
    let closed = 0;
    async function* source(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
      try {
        yield* chunked(bytes, 8);
      } finally {
        closed++;
      }
    }
    for await (const item of readCar(source(car), 'repo.car')) {
      expect(item).toHaveProperty('roots');
      break;
    }
    expect(closed).toBe(1);
    await rejectionOf(collect(readCar(source(rawCar({ roots: [], version: 3 }, [[1, 2, 3]])), 'repo.car')));
    expect(closed).toBe(2);
  });

  // A block length of 0 as the file's last byte: the queue of buffered bytes is empty when it is taken.
test('a zero-length block at the end of the file is a damaged block, not a crash', async () => {
    const header = rawCar({ roots: [], version: 1 });
    const error = await rejectionOf(collect(readCar(pieces([...header, 0x00]), 'repo.car')));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toBe(`repo.car: the block at byte ${header.length} has no valid CID: the CAR file is damaged.`);
  });

  test('a zero-length block in the middle of the buffered bytes is a damaged block', async () => {
    const header = rawCar({ roots: [], version: 1 });
    const error = await failure(Uint8Array.from([...header, 0x00, 0x05]));
    expect(error.message).toBe(`repo.car: the block at byte ${header.length} has no valid CID: the CAR file is damaged.`);
  });
});
