import { createHash } from 'node:crypto';
import { CborLink } from '../../src/core/importers/cbor-decoder.js';

/** DAG-CBOR encoding (canonical key order) of JSON-like values, bytes and CID links, for building test repositories. */
export function encodeCbor(value: unknown): Uint8Array {
  const out: number[] = [];
  const head = (major: number, length: number): void => {
    if (length < 24) out.push((major << 5) | length);
    else if (length < 0x100) out.push((major << 5) | 24, length);
    else if (length < 0x10000) out.push((major << 5) | 25, length >> 8, length & 0xff);
    else if (length < 0x100000000) out.push((major << 5) | 26, (length >>> 24) & 0xff, (length >> 16) & 0xff, (length >> 8) & 0xff, length & 0xff);
    else {
      const big = BigInt(length);
      out.push((major << 5) | 27);
      for (let shift = 56n; shift >= 0n; shift -= 8n) out.push(Number((big >> shift) & 0xffn));
    }
  };
  const bytes = (data: Uint8Array): void => {
    for (const byte of data) out.push(byte);
  };
  const write = (item: unknown): void => {
    if (item === null) out.push(0xf6);
    else if (item === true) out.push(0xf5);
    else if (item === false) out.push(0xf4);
    else if (typeof item === 'number') {
      if (Number.isSafeInteger(item)) head(item >= 0 ? 0 : 1, item >= 0 ? item : -1 - item);
      else {
        const buffer = Buffer.alloc(8);
        buffer.writeDoubleBE(item);
        out.push(0xfb);
        bytes(buffer);
      }
    } else if (typeof item === 'string') {
      const encoded = Buffer.from(item, 'utf8');
      head(3, encoded.length);
      bytes(encoded);
    } else if (item instanceof CborLink) {
      out.push(0xd8, 42);
      head(2, item.bytes.length + 1);
      out.push(0);
      bytes(item.bytes);
    } else if (item instanceof Uint8Array) {
      head(2, item.length);
      bytes(item);
    } else if (Array.isArray(item)) {
      head(4, item.length);
      item.forEach(write);
    } else if (typeof item === 'object') {
      const entries = Object.entries(item as Record<string, unknown>)
        .filter(([, entry]) => entry !== undefined)
        .sort(([a], [b]) => Buffer.byteLength(a) - Buffer.byteLength(b) || Buffer.compare(Buffer.from(a), Buffer.from(b)));
      head(5, entries.length);
      for (const [key, entry] of entries) {
        write(key);
        write(entry);
      }
    } else throw new Error(`cannot encode ${typeof item}`);
  };
  write(value);
  return Uint8Array.from(out);
}

/** A CIDv1 (dag-cbor, sha-256) of the data. */
export function cidOf(data: Uint8Array): CborLink {
  return new CborLink(Uint8Array.from([0x01, 0x71, 0x12, 0x20, ...createHash('sha256').update(data).digest()]));
}

export function varint(value: number): number[] {
  const out: number[] = [];
  while (value >= 0x80) {
    out.push((value % 128) | 0x80);
    value = Math.floor(value / 128);
  }
  out.push(value);
  return out;
}

/** A CARv1 file: header with the roots, then each block as varint(length) ‖ CID ‖ data. */
export function carFile(roots: CborLink[], blocks: { cid: CborLink; data: Uint8Array }[]): Uint8Array {
  const header = encodeCbor({ roots, version: 1 });
  const parts: number[] = [...varint(header.length), ...header];
  for (const block of blocks) parts.push(...varint(block.cid.bytes.length + block.data.length), ...block.cid.bytes, ...block.data);
  return Uint8Array.from(parts);
}

/**
 * An atproto repository as `repo.car`: a commit over a small Merkle search
 * tree (a left child node, prefix-compressed keys, a right subtree) holding
 * the given records by path ("app.bsky.feed.post/3k…"). Blocks are written
 * records first, so a reader cannot rely on the tree coming before them.
 */
export function repoCar(did: string, records: Record<string, unknown>): Uint8Array {
  const blocks: { cid: CborLink; data: Uint8Array }[] = [];
  const put = (value: unknown): CborLink => {
    const data = encodeCbor(value);
    const cid = cidOf(data);
    blocks.push({ cid, data });
    return cid;
  };
  const keys = Object.keys(records).sort();
  const links = new Map(keys.map((key) => [key, put(records[key])]));
  const node = (nodeKeys: string[], left: CborLink | null, lastRight: CborLink | null): CborLink => {
    let previous = '';
    const entries = nodeKeys.map((key, index) => {
      let prefix = 0;
      while (prefix < previous.length && prefix < key.length && previous[prefix] === key[prefix]) prefix++;
      previous = key;
      return { p: prefix, k: Buffer.from(key.slice(prefix)), v: links.get(key)!, t: index === nodeKeys.length - 1 ? lastRight : null };
    });
    return put({ e: entries, l: left });
  };
  const third = Math.max(1, Math.floor(keys.length / 3));
  const left = node(keys.slice(0, third), null, null);
  const right = keys.length > 2 * third ? node(keys.slice(2 * third), null, null) : null;
  const root = node(keys.slice(third, 2 * third), left, right);
  const commit = put({ did, version: 3, data: root, rev: '3kabc', prev: null, sig: new Uint8Array(64) });
  return carFile([commit], blocks);
}
