import { InvalidInputError } from '../errors.js';
import { CborLink, decodeCbor } from './cbor-decoder.js';

/** One block of a CAR file: its CID (binary) and its data. */
export interface CarBlock {
  cid: Uint8Array;
  /** Multicodec of the data: 0x71 DAG-CBOR, 0x55 raw. */
  codec: number;
  data: Uint8Array;
}

/** True when bytes start like a CARv1 file: a varint length, then a CBOR map with `roots` and `version`. */
export function looksLikeCar(head: Uint8Array): boolean {
  if (head.length < 12 || head[0]! > 0x7f) return false;
  let text = '';
  for (let i = 1; i < Math.min(head.length, 64); i++) text += String.fromCharCode(head[i]!);
  return (head[1]! & 0xe0) === 0xa0 && text.includes('roots') && text.includes('version');
}

/** Buffered reading of a byte stream: varints and exact-length slices across chunk edges. */
class ByteQueue {
  private chunks: Uint8Array[] = [];
  private available = 0;
  /** Bytes consumed so far (for messages). */
  offset = 0;

  constructor(private readonly source: AsyncIterator<Uint8Array>) {}

  private async fill(count: number): Promise<boolean> {
    while (this.available < count) {
      const next = await this.source.next();
      if (next.done) return false;
      if (next.value.length === 0) continue;
      this.chunks.push(next.value);
      this.available += next.value.length;
    }
    return true;
  }

  /** An unsigned LEB128 varint, or undefined at a clean end of input. */
  async varint(file: string): Promise<number | undefined> {
    if (!(await this.fill(1))) return undefined;
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 9; i++) {
      if (!(await this.fill(1))) throw truncated(file, this.offset);
      const byte = this.take(1)[0]!;
      value += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) return value;
      scale *= 128;
    }
    throw new InvalidInputError(`${file}: a varint longer than 9 bytes at byte ${this.offset}: this is not a CAR file.`, { details: { file, byte: this.offset } });
  }

  async bytes(count: number, file: string): Promise<Uint8Array> {
    if (!(await this.fill(count))) throw truncated(file, this.offset);
    return this.take(count);
  }

  private take(count: number): Uint8Array {
    this.available -= count;
    this.offset += count;
    const first = this.chunks[0] ?? new Uint8Array(0); // a zero-length take from an empty queue
    if (first.length >= count) {
      if (first.length === count) this.chunks.shift();
      else this.chunks[0] = first.subarray(count);
      return first.subarray(0, count);
    }
    const out = new Uint8Array(count);
    let filled = 0;
    while (filled < count) {
      const chunk = this.chunks[0]!;
      const part = Math.min(chunk.length, count - filled);
      out.set(chunk.subarray(0, part), filled);
      filled += part;
      if (part === chunk.length) this.chunks.shift();
      else this.chunks[0] = chunk.subarray(part);
    }
    return out;
  }
}

function truncated(file: string, offset: number): InvalidInputError {
  return new InvalidInputError(`${file} ends in the middle of a block at byte ${offset}: the CAR file is truncated.`, {
    details: { file, byte: offset },
    hint: 'Export the repository again (Bluesky: Settings → Account → Export my data).',
  });
}

/** Reads a varint inside a block (CIDs); returns the value and the next position. */
function varintAt(bytes: Uint8Array, start: number): [number, number] {
  let value = 0;
  let scale = 1;
  for (let i = start; i < bytes.length && i < start + 9; i++) {
    value += (bytes[i]! & 0x7f) * scale;
    if ((bytes[i]! & 0x80) === 0) return [value, i + 1];
    scale *= 128;
  }
  return [-1, bytes.length + 1];
}

/** Splits a block section into its CID and data (CIDv0: a bare sha-256 multihash; CIDv1: version, codec, multihash). */
function splitCid(section: Uint8Array): { cid: Uint8Array; codec: number; data: Uint8Array } | undefined {
  if (section[0] === 0x12 && section[1] === 0x20) return section.length < 34 ? undefined : { cid: section.subarray(0, 34), codec: 0x70, data: section.subarray(34) };
  const [version, afterVersion] = varintAt(section, 0);
  const [codec, afterCodec] = varintAt(section, afterVersion);
  const [, afterHash] = varintAt(section, afterCodec);
  const [digestLength, afterLength] = varintAt(section, afterHash);
  const end = afterLength + digestLength;
  if (version !== 1 || codec < 0 || digestLength < 0 || end > section.length) return undefined;
  return { cid: section.subarray(0, end), codec, data: section.subarray(end) };
}

/**
 * Streams a CARv1 file (how an atproto repository is exported): first its
 * root CIDs, then every block. Holds one block at a time.
 */
export async function* readCar(chunks: AsyncIterable<Uint8Array>, file: string): AsyncGenerator<{ roots: CborLink[] } | CarBlock> {
  const iterator = chunks[Symbol.asyncIterator]();
  const queue = new ByteQueue(iterator);
  try {
    const headerLength = await queue.varint(file);
    if (headerLength === undefined || headerLength === 0 || headerLength > 1 << 20) {
      throw new InvalidInputError(`${file} is not a CAR file (no header).`, { details: { file } });
    }
    const header = decodeCbor(await queue.bytes(headerLength, file), `${file}: the CAR header`) as { roots?: unknown; version?: unknown };
    if (header.version !== 1) {
      throw new InvalidInputError(`${file} is a CAR file of version ${String(header.version)}; only version 1 (what atproto exports) is read.`, { details: { file } });
    }
    yield { roots: Array.isArray(header.roots) ? header.roots.filter((root): root is CborLink => root instanceof CborLink) : [] };
    for (;;) {
      const start = queue.offset;
      const length = await queue.varint(file);
      if (length === undefined) return;
      if (length > 8 << 20) throw new InvalidInputError(`${file}: a block of ${length} bytes at byte ${start} is larger than any repository block.`, { details: { file, byte: start } });
      const block = splitCid(await queue.bytes(length, file));
      if (!block) throw new InvalidInputError(`${file}: the block at byte ${start} has no valid CID: the CAR file is damaged.`, { details: { file, byte: start } });
      yield block;
    }
  } finally {
    await iterator.return?.();
  }
}
