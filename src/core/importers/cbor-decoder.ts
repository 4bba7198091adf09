import { InvalidInputError } from '../errors.js';

/** A CID link (DAG-CBOR tag 42): the CID's binary form, without the multibase prefix byte. */
export class CborLink {
  constructor(readonly bytes: Uint8Array) {}

  /** A string usable as a map key for this CID. */
  get key(): string {
    return cidKey(this.bytes);
  }
}

/** A compact string form of CID bytes, for maps keyed by CID. */
export function cidKey(bytes: Uint8Array): string {
  let key = '';
  for (let i = 0; i < bytes.length; i++) key += String.fromCharCode(bytes[i]!);
  return key;
}

const utf8 = new TextDecoder();
const MAX_DEPTH = 256;

/**
 * Decodes one DAG-CBOR value (the encoding of atproto records and repo
 * nodes): integers, floats, text, bytes (Uint8Array), arrays, maps (plain
 * objects), booleans, null, and CID links (CborLink). Throws an
 * InvalidInputError naming `what` when the bytes are not such a value.
 */
export function decodeCbor(bytes: Uint8Array, what = 'a CBOR block'): unknown {
  let position = 0;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fail = (reason: string): never => {
    throw new InvalidInputError(`${what} is not valid DAG-CBOR: ${reason} at byte ${position}.`, { details: { byte: position } });
  };
  const need = (count: number): void => {
    if (position + count > bytes.length) fail('it ends early');
  };
  const argument = (info: number): number => {
    if (info < 24) return info;
    if (info === 24) {
      need(1);
      return bytes[position++]!;
    }
    if (info === 25) {
      need(2);
      position += 2;
      return view.getUint16(position - 2);
    }
    if (info === 26) {
      need(4);
      position += 4;
      return view.getUint32(position - 4);
    }
    if (info === 27) {
      need(8);
      position += 8;
      const value = view.getBigUint64(position - 8);
      if (value > BigInt(Number.MAX_SAFE_INTEGER)) fail('an integer too large for JavaScript');
      return Number(value);
    }
    return fail(info === 31 ? 'an indefinite length (not allowed in DAG-CBOR)' : `reserved additional information ${info}`);
  };
  const item = (depth: number): unknown => {
    if (depth > MAX_DEPTH) fail('nesting too deep');
    need(1);
    const initial = bytes[position++]!;
    const major = initial >> 5;
    const info = initial & 31;
    if (major === 7) {
      switch (info) {
        case 20:
          return false;
        case 21:
          return true;
        case 22:
          return null;
        case 23:
          return undefined;
        case 25: {
          need(2);
          position += 2;
          return halfFloat(view.getUint16(position - 2));
        }
        case 26:
          need(4);
          position += 4;
          return view.getFloat32(position - 4);
        case 27:
          need(8);
          position += 8;
          return view.getFloat64(position - 8);
        default:
          return fail(`unsupported simple value ${info}`);
      }
    }
    const length = argument(info);
    switch (major) {
      case 0:
        return length;
      case 1:
        return -1 - length;
      case 2:
        need(length);
        position += length;
        return bytes.subarray(position - length, position);
      case 3:
        need(length);
        position += length;
        return utf8.decode(bytes.subarray(position - length, position));
      case 4: {
        const list: unknown[] = [];
        for (let i = 0; i < length; i++) list.push(item(depth + 1));
        return list;
      }
      case 5: {
        const map: Record<string, unknown> = {};
        for (let i = 0; i < length; i++) {
          const key = item(depth + 1);
          // defineProperty: a "__proto__" key from untrusted data stays a plain property.
          Object.defineProperty(map, typeof key === 'string' ? key : String(key), { value: item(depth + 1), enumerable: true, writable: true, configurable: true });
        }
        return map;
      }
      default: {
        // major 6: a tag; 42 is a CID link, other tags are read through.
        const value = item(depth + 1);
        if (length !== 42) return value;
        if (!(value instanceof Uint8Array) || value[0] !== 0) return fail('a CID link that is not multibase-prefixed bytes');
        return new CborLink(value.subarray(1));
      }
    }
  };
  const value = item(0);
  if (position !== bytes.length) fail('extra bytes after the value');
  return value;
}

function halfFloat(half: number): number {
  const exponent = (half >> 10) & 0x1f;
  const fraction = half & 0x3ff;
  const sign = half & 0x8000 ? -1 : 1;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 31) return fraction ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}
