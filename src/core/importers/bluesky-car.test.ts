import { describe, expect, test } from 'vitest';
import { carFile, cidOf, encodeCbor, repoCar } from '../../../test/importers/car-writer.js';
import { collect, memoryFile, rejectionOf } from '../../../test/fakes/memory-export-source.js';
import { InvalidInputError } from '../errors.js';
import { importBlueskyCar } from './bluesky-car.js';
import type { CborLink } from './cbor-decoder.js';
import type { ImportItem } from './import-item.js';

interface Block {
  cid: CborLink;
  data: Uint8Array;
}

const encoder = new TextEncoder();
const put = (value: unknown): Block => {
  const data = encodeCbor(value);
  return { cid: cidOf(data), data };
};
const raw = (...bytes: number[]): Block => {
  const data = Uint8Array.from(bytes);
  return { cid: cidOf(data), data };
};
const post = (text: string) => ({ $type: 'app.bsky.feed.post', text, createdAt: '2025-02-03T04:05:06.000Z' });

/** A tree node over [path, record block] pairs, keys prefix-compressed as atproto writes them. */
function treeNode(entries: [string, Block | null][], left: Block | null = null, rights: (Block | null)[] = []): Block {
  let previous = '';
  return put({
    e: entries.map(([key, record], index) => {
      let prefix = 0;
      while (prefix < previous.length && previous[prefix] === key[prefix]) prefix++;
      previous = key;
      return { p: prefix, k: encoder.encode(key.slice(prefix)), v: record?.cid ?? null, t: rights[index]?.cid ?? null };
    }),
    l: left?.cid ?? null,
  });
}

/** A repo.car whose commit points at `tree`, with `blocks` written before the tree and the commit. */
function repo(did: string, tree: Block, blocks: Block[], commitFields: Record<string, unknown> = {}): Uint8Array {
  const commit = put({ did, version: 3, data: tree.cid, rev: '3lxyz', prev: null, sig: new Uint8Array(64), ...commitFields });
  return carFile([commit.cid], [...blocks, tree, commit]);
}

/** Runs the importer; toItem is stood in for by a stub that records what it was given. */
async function run(bytes: Uint8Array, name = 'repo.car', chunkSize?: number): Promise<{ items: ImportItem[]; records: { file: string; index: number; uri: string; value: unknown }[] }> {
  const records: { file: string; index: number; uri: string; value: unknown }[] = [];
  const items = await collect(
    importBlueskyCar(memoryFile(name, bytes, { chunkSize }), (file, element) => {
      const { uri, value } = element.value as { uri: string; value: unknown };
      records.push({ file, index: element.index, uri, value });
      return { kind: 'skip', ref: `${file} #${element.index + 1}`, reason: 'record' };
    }),
  );
  return { items, records };
}

describe('importBlueskyCar: records found', () => {
  test('posts go to toItem with their at:// uri; reposts are skipped; likes, follows, profiles and gates are passed over', async () => {
    const did = 'did:plc:ewvi7nxzyoun6zhxrhs64oiz';
    const bytes = repoCar(did, {
      'app.bsky.actor.profile/self': { $type: 'app.bsky.actor.profile', displayName: 'Zoë' },
      'app.bsky.feed.like/3l1': { $type: 'app.bsky.feed.like', subject: { uri: 'at://x/app.bsky.feed.post/1', cid: 'c' } },
      'app.bsky.feed.post/3l2a': post('primo post, 中文 👋🏽'),
      'app.bsky.feed.post/3l2b': post('second'),
      'app.bsky.feed.postgate/3l2a': { $type: 'app.bsky.feed.postgate', post: 'at://x' },
      'app.bsky.feed.repost/3l3': { $type: 'app.bsky.feed.repost', subject: { uri: 'at://x/app.bsky.feed.post/2', cid: 'c' } },
      'app.bsky.feed.threadgate/3l2a': { $type: 'app.bsky.feed.threadgate', allow: [] },
      'app.bsky.graph.follow/3l4': { $type: 'app.bsky.graph.follow', subject: 'did:plc:bob' },
    });
    for (const chunkSize of [5, 64 * 1024]) {
      const { items, records } = await run(bytes, 'export/repo.car', chunkSize);
      expect(records).toEqual([
        { file: 'export/repo.car', index: 0, uri: `at://${did}/app.bsky.feed.post/3l2a`, value: post('primo post, 中文 👋🏽') },
        { file: 'export/repo.car', index: 1, uri: `at://${did}/app.bsky.feed.post/3l2b`, value: post('second') },
      ]);
      expect(items).toEqual([
        { kind: 'skip', ref: 'export/repo.car #1', reason: 'record' },
        { kind: 'skip', ref: 'export/repo.car #2', reason: 'record' },
        { kind: 'skip', ref: `export/repo.car #3 id=at://${did}/app.bsky.feed.repost/3l3`, reason: 'repost' },
      ]);
    }
  });

  test('a did:web account, records in the left subtree, the node itself and a right subtree', async () => {
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((text) => put(post(text))) as [Block, Block, Block, Block];
    const left = treeNode([['app.bsky.feed.post/1a', a]]);
    const right = treeNode([['app.bsky.feed.post/4d', d]]);
    const root = treeNode(
      [
        ['app.bsky.feed.post/2b', b],
        ['app.bsky.feed.post/3c', c],
      ],
      left,
      [null, right],
    );
    const { records } = await run(repo('did:web:ann.example.com', root, [a, b, c, d, left, right]));
    expect(records.map((record) => [record.uri, (record.value as { text: string }).text])).toEqual([
      ['at://did:web:ann.example.com/app.bsky.feed.post/1a', 'a'],
      ['at://did:web:ann.example.com/app.bsky.feed.post/2b', 'b'],
      ['at://did:web:ann.example.com/app.bsky.feed.post/3c', 'c'],
      ['at://did:web:ann.example.com/app.bsky.feed.post/4d', 'd'],
    ]);
  });

  test('two posts with the same content (one block, one CID) are both imported, each with its path', async () => {
    const same = put(post('gm'));
    const other = put(post('gn'));
    const tree = treeNode([
      ['app.bsky.feed.post/3m1', same],
      ['app.bsky.feed.post/3m2', other],
      ['app.bsky.feed.post/3m3', same],
    ]);
    const { records } = await run(repo('did:plc:twin', tree, [same, other]));
    expect(records.map((record) => [record.index, record.uri])).toEqual([
      [0, 'at://did:plc:twin/app.bsky.feed.post/3m1'],
      [1, 'at://did:plc:twin/app.bsky.feed.post/3m3'],
      [2, 'at://did:plc:twin/app.bsky.feed.post/3m2'],
    ]);
  });

  test('a repost written before a post still counts: each item has its own index', async () => {
    const repost = put({ $type: 'app.bsky.feed.repost', subject: { uri: 'at://did:plc:o/app.bsky.feed.post/1', cid: 'c' } });
    const first = put(post('after the repost'));
    const tree = treeNode([
      ['app.bsky.feed.post/3z', first],
      ['app.bsky.feed.repost/3y', repost],
    ]);
    const { items, records } = await run(repo('did:plc:order', tree, [repost, first]));
    expect(items[0]).toEqual({ kind: 'skip', ref: 'repo.car #1 id=at://did:plc:order/app.bsky.feed.repost/3y', reason: 'repost' });
    expect(records.map((record) => [record.index, record.uri])).toEqual([[1, 'at://did:plc:order/app.bsky.feed.post/3z']]);
  });

  test('tree entries without a prefix length read their key whole; entries with a key that is not bytes or a value that is not a link are passed over', async () => {
    const first = put(post('first'));
    const second = put(post('second'));
    const third = put(post('third'));
    const tree = put({
      e: [
        { k: encoder.encode('app.bsky.feed.post/a1'), v: first.cid, t: null },
        { k: encoder.encode('app.bsky.feed.post/a2'), v: second.cid, t: null },
        { p: 0, k: 'app.bsky.feed.post/a3', v: third.cid, t: null },
        { p: 0, k: encoder.encode('app.bsky.feed.post/a4'), v: 'not a link', t: null },
        'not an entry',
      ],
      l: null,
    });
    const { records } = await run(repo('did:plc:loose', tree, [first, second, third]));
    expect(records.map((record) => record.uri)).toEqual(['at://did:plc:loose/app.bsky.feed.post/a1', 'at://did:plc:loose/app.bsky.feed.post/a2']);
  });
});

describe('importBlueskyCar: damaged records', () => {
  test('a broken record block is an error item naming it, and the records after it still come', async () => {
    const good = put(post('still here'));
    const broken = raw(0xa2, 0x65, ...encoder.encode('$ty'));
    const tree = treeNode([
      ['app.bsky.feed.post/3a', broken],
      ['app.bsky.feed.post/3b', good],
    ]);
    const { items, records } = await run(repo('did:plc:dmg', tree, [broken, good]));
    expect(items[0]).toEqual({
      kind: 'error',
      ref: 'repo.car #1 id=at://did:plc:dmg/app.bsky.feed.post/3a',
      message: 'repo.car: at://did:plc:dmg/app.bsky.feed.post/3a is not valid DAG-CBOR: it ends early at byte 2.',
    });
    expect(records).toEqual([{ file: 'repo.car', index: 1, uri: 'at://did:plc:dmg/app.bsky.feed.post/3b', value: post('still here') }]);
  });

  test('damaged record blocks that start almost like a tree node do not stop the first pass', async () => {
    // A tree node starts a2 61 65 (a map of two, key "e"); each of these differs in one of those bytes.
    const nearMisses = [raw(0xa3, 0x61, 0x65, 0x01), raw(0xa2, 0x62, 0x65, 0x65), raw(0xa2, 0x61, 0x66, 0x01)];
    const tree = treeNode(nearMisses.map((block, index): [string, Block] => [`app.bsky.feed.post/3n${index}`, block]));
    const { items } = await run(repo('did:plc:near', tree, nearMisses));
    expect(items.map((item) => item.kind)).toEqual(['error', 'error', 'error']);
  });
});

describe('importBlueskyCar: files that are not a whole repository', () => {
  const hint = 'Export the repository again (Bluesky: Settings → Account → Export my data), or import posts as JSON.';

  async function refusal(bytes: Uint8Array): Promise<InvalidInputError> {
    const error = await rejectionOf<InvalidInputError>(run(bytes, 'old/repo.car'));
    expect(error).toBeInstanceOf(InvalidInputError);
    return error;
  }

  test('no root CID', async () => {
    const record = put(post('x'));
    const error = await refusal(carFile([], [record]));
    expect(error.message).toBe('old/repo.car lacks a root (commit) CID: it is not a whole repository export.');
    expect(error.hint).toBe(hint);
    expect(error.details).toEqual({ file: 'old/repo.car' });
  });

  test('the commit block is missing', async () => {
    const record = put(post('x'));
    const elsewhere = put({ did: 'did:plc:a' });
    const error = await refusal(carFile([elsewhere.cid], [record]));
    expect(error.message).toBe('old/repo.car lacks its commit block: it is not a whole repository export.');
  });

  test('a commit without a DID, or whose data is not a link, or that is not a map', async () => {
    const tree = treeNode([]);
    expect((await refusal(repo('', tree, [], { did: undefined }))).message).toBe(
      'old/repo.car lacks a commit with a DID and a record tree: it is not a whole repository export.',
    );
    expect((await refusal(repo('did:plc:a', tree, [], { data: 'bafyrei' }))).message).toMatch(/lacks a commit with a DID and a record tree/);
    const list = put(['did:plc:a']);
    expect((await refusal(carFile([list.cid], [list]))).message).toMatch(/lacks its commit block/);
  });

  test('a damaged commit block is refused naming it', async () => {
    const commit = raw(0xa1, 0x63);
    const error = await refusal(carFile([commit.cid], [commit]));
    expect(error.message).toBe('old/repo.car: the commit is not valid DAG-CBOR: it ends early at byte 2.');
  });

  test('a damaged tree node is refused naming it', async () => {
    const node = raw(0xa2, 0x61, 0x65, 0x81);
    const error = await refusal(repo('did:plc:a', node, []));
    expect(error.message).toBe('old/repo.car: a tree node is not valid DAG-CBOR: it ends early at byte 4.');
  });

  test('a tree node missing, or a linked block that is not a node (no entry list, no left link)', async () => {
    const record = put(post('x'));
    const absent = treeNode([['app.bsky.feed.post/1', record]]);
    const commit = put({ did: 'did:plc:a', version: 3, data: absent.cid });
    const missing = await refusal(carFile([commit.cid], [record, commit]));
    expect(missing.message).toBe('old/repo.car lacks a node of the record tree: it is not a whole repository export.');
    expect(missing.hint).toBe(hint);
    for (const notNode of [put({ e: 'entries', l: null }), put({ e: [], x: null })]) {
      const root = treeNode([['app.bsky.feed.post/1', record]], notNode);
      expect((await refusal(repo('did:plc:a', root, [record, notNode]))).message).toMatch(/lacks a node of the record tree/);
    }
  });

  test('a tree 65 levels deep is read; one deeper is damaged', async () => {
    const chain = (levels: number, via: 'left' | 'right'): { root: Block; blocks: Block[]; record: Block } => {
      const record = put(post('deep'));
      let node = treeNode([['app.bsky.feed.post/deep', record]]);
      const blocks = [record, node];
      for (let level = 1; level < levels; level++) {
        node = via === 'left' ? treeNode([], node) : treeNode([[`app.bsky.graph.follow/${level}`, null]], null, [node]);
        blocks.push(node);
      }
      return { root: blocks.pop()!, blocks, record };
    };
    for (const via of ['left', 'right'] as const) {
      const ok = chain(65, via);
      expect((await run(repo('did:plc:deep', ok.root, ok.blocks))).records.map((record) => record.uri)).toEqual(['at://did:plc:deep/app.bsky.feed.post/deep']);
      const tooDeep = chain(66, via);
      const error = await refusal(repo('did:plc:deep', tooDeep.root, tooDeep.blocks));
      expect(error.message).toBe("old/repo.car: the record tree is deeper than any repository's: the CAR file is damaged.");
      expect(error.details).toEqual({ file: 'old/repo.car' });
    }
  });
});
