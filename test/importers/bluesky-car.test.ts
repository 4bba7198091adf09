import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { readCar } from '../../src/core/importers/car-reader.js';
import { CborLink, decodeCbor } from '../../src/core/importers/cbor-decoder.js';
import { detectFormat } from '../../src/core/importers/detect-format.js';
import type { ImportItem } from '../../src/core/importers/import-item.js';
import { IMPORTERS } from '../../src/core/importers/importer-registry.js';
import { collect, memoryFile, memorySource, rejectionOf } from '../fakes/memory-export-source.js';
import { carFile, cidOf, encodeCbor, repoCar } from './car-writer.js';

const did = 'did:plc:abc123';
const post = (text: string, extra: Record<string, unknown> = {}) => ({ $type: 'app.bsky.feed.post', text, createdAt: '2024-05-01T10:00:00.000Z', langs: ['en'], ...extra });

function sampleRepo(): Uint8Array {
  const image = { $type: 'blob', ref: cidOf(new Uint8Array([1])), mimeType: 'image/jpeg', size: 1234 };
  return repoCar(did, {
    'app.bsky.actor.profile/self': { $type: 'app.bsky.actor.profile', displayName: 'Ann' },
    'app.bsky.feed.like/3k1': { $type: 'app.bsky.feed.like', subject: { uri: 'at://x/app.bsky.feed.post/1', cid: 'c' }, createdAt: '2024-05-01T00:00:00Z' },
    'app.bsky.feed.post/3k2aaa': post('first 👋🏽 post, 中文'),
    'app.bsky.feed.post/3k2aab': post('a reply', {
      reply: { root: { uri: 'at://did:plc:q/app.bsky.feed.post/r', cid: 'c' }, parent: { uri: 'at://did:plc:q/app.bsky.feed.post/p', cid: 'c' } },
      embed: { $type: 'app.bsky.embed.images', images: [{ image, alt: '' }, { image, alt: '' }] },
    }),
    'app.bsky.feed.post/3k2aac': post(''),
    'app.bsky.feed.repost/3k3': { $type: 'app.bsky.feed.repost', subject: { uri: 'at://x/app.bsky.feed.post/2', cid: 'c' }, createdAt: '2024-05-02T00:00:00Z' },
    'app.bsky.graph.follow/3k4': { $type: 'app.bsky.graph.follow', subject: 'did:plc:bob', createdAt: '2024-05-02T00:00:00Z' },
  });
}

describe('DAG-CBOR', () => {
  test('decodes what a DAG-CBOR encoder writes (property)', () => {
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
        fc.double({ noNaN: true, noDefaultInfinity: true }).filter((number) => !Number.isInteger(number)),
        fc.string({ unit: 'grapheme' }),
        fc.boolean(),
        fc.constant(null),
        fc.uint8Array({ maxLength: 40 }),
        fc.array(tie('node'), { maxLength: 4 }),
        fc.dictionary(fc.string({ maxLength: 6 }).filter((key) => key !== '__proto__'), tie('node'), { maxKeys: 4 }),
      ),
    })).node;
    fc.assert(
      fc.property(value, (input) => {
        expect(decodeCbor(encodeCbor(input))).toEqual(input);
      }),
      { numRuns: 300 },
    );
  });

  test('links come back as CborLink; garbage is a clear error', () => {
    const link = cidOf(new Uint8Array([7]));
    expect(decodeCbor(encodeCbor({ l: link }))).toEqual({ l: link });
    expect(() => decodeCbor(Uint8Array.from([0xa2, 0x61]), 'repo.car: a block')).toThrow('repo.car: a block is not valid DAG-CBOR: it ends early at byte 2.');
    expect(() => decodeCbor(Uint8Array.from([0x9f, 0xff]))).toThrow(/an indefinite length \(not allowed in DAG-CBOR\)/);
  });
});

describe('CAR files', () => {
  test('streams the roots and every block, whatever the chunking', async () => {
    const blocks = [1, 2, 3].map((n) => {
      const data = encodeCbor({ n, text: 'x'.repeat(n * 100) });
      return { cid: cidOf(data), data };
    });
    const bytes = carFile([blocks[0]!.cid], blocks);
    for (const chunkSize of [1, 7, 4096]) {
      const read = await collect(readCar(memoryFile('repo.car', bytes, { chunkSize }).open(), 'repo.car'));
      expect(read[0]).toEqual({ roots: [blocks[0]!.cid] });
      expect(read.slice(1).map((block) => ('data' in block ? decodeCbor(block.data) : undefined))).toEqual([1, 2, 3].map((n) => ({ n, text: 'x'.repeat(n * 100) })));
    }
  });

  test('a truncated CAR yields the blocks before the cut, then names the byte', async () => {
    const data = encodeCbor({ a: 1 });
    const bytes = carFile([cidOf(data)], [{ cid: cidOf(data), data }, { cid: cidOf(data), data }]);
    const got: unknown[] = [];
    const error = await rejectionOf(
      (async () => {
        for await (const block of readCar(memoryFile('repo.car', bytes.subarray(0, bytes.length - 3), { chunkSize: 5 }).open(), 'repo.car')) got.push(block);
      })(),
    );
    expect(got).toHaveLength(2);
    expect(error.message).toMatch(/^repo\.car ends in the middle of a block at byte \d+: the CAR file is truncated\.$/);
  });
});

describe('Bluesky repo.car', () => {
  test('imports the posts with their record keys, counts reposts, passes over likes and follows', async () => {
    const source = memorySource({ 'repo.car': sampleRepo() }, { chunkSize: 61 });
    const detected = await detectFormat(source);
    expect(detected.format).toBe('bluesky');
    const items: ImportItem[] = await collect(IMPORTERS.bluesky(detected.files, {}));
    const byKind = items.map((item) => (item.kind === 'skip' ? item.reason : item.kind)).sort();
    expect(byKind).toEqual(['empty', 'post', 'post', 'repost']);
    const posts = items.flatMap((item) => (item.kind === 'post' ? [item.post] : [])).sort((a, b) => a.externalId!.localeCompare(b.externalId!));
    expect(posts[0]).toMatchObject({ platform: 'bluesky', text: 'first 👋🏽 post, 中文', externalId: '3k2aaa', url: `https://bsky.app/profile/${did}/post/3k2aaa`, lang: 'en', isReply: false });
    expect(posts[1]).toMatchObject({ text: 'a reply', isReply: true, replyToExternalId: 'at://did:plc:q/app.bsky.feed.post/p', mediaCount: 2 });
    expect(items.find((item) => item.kind === 'skip' && item.reason === 'repost')?.ref).toMatch(/^repo\.car #\d id=at:\/\/did:plc:abc123\/app\.bsky\.feed\.repost\/3k3$/);
  });

  test('a CAR without its commit block says it is not a whole repository', async () => {
    const data = encodeCbor({ a: 1 });
    const partial = carFile([cidOf(encodeCbor({ missing: true }))], [{ cid: cidOf(data), data }]);
    const error = await rejectionOf(collect(IMPORTERS.bluesky([memoryFile('repo.car', partial)], {})));
    expect(error.message).toBe('repo.car lacks its commit block: it is not a whole repository export.');
  });

  test('a CAR link is a CborLink with a stable key', () => {
    const a = cidOf(new Uint8Array([1]));
    expect(new CborLink(Uint8Array.from(a.bytes)).key).toBe(a.key);
  });
});
