/** The text encodings an export can come in. */
export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/**
 * Detects the encoding from the first bytes: a byte-order mark when there is
 * one (UTF-8, UTF-16LE as in LinkedIn's 2018 export, UTF-16BE), else the NUL
 * pattern of UTF-16 text without a BOM, else UTF-8.
 */
export function detectEncoding(head: Uint8Array): TextEncodingName {
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  if (head.length >= 4) {
    if (head[0] !== 0 && head[1] === 0 && head[2] !== 0 && head[3] === 0) return 'utf-16le';
    if (head[0] === 0 && head[1] !== 0 && head[2] === 0 && head[3] !== 0) return 'utf-16be';
  }
  return 'utf-8';
}

/**
 * A file without a BOM whose first chunk is not valid UTF-8 is taken as
 * Windows-1252 (Latin-1 as Excel writes CSV on Windows), so "café" is not
 * turned into "caf\uFFFD".
 */
function confirmUtf8(first: Uint8Array, encoding: TextEncodingName): TextEncodingName {
  if (encoding !== 'utf-8' || (first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf)) return encoding;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(first, { stream: true });
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

/**
 * Decodes a byte stream to text chunks, detecting the encoding and dropping
 * the BOM. Multi-byte characters split across chunks are decoded whole.
 * Invalid UTF-8 after the first chunk becomes U+FFFD rather than failing the
 * whole file.
 */
export async function* decodeText(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  let decoder: InstanceType<typeof TextDecoder> | undefined;
  let pending: Uint8Array | undefined;
  for await (const chunk of chunks) {
    if (decoder === undefined) {
      // Wait for 4 bytes before choosing, so a BOM split across chunks is seen whole.
      pending = pending === undefined ? chunk : concatBytes(pending, chunk);
      if (pending.length < 4) continue;
      decoder = new TextDecoder(confirmUtf8(pending, detectEncoding(pending)));
      const text = decoder.decode(pending, { stream: true });
      pending = undefined;
      if (text.length > 0) yield text;
      continue;
    }
    const text = decoder.decode(chunk, { stream: true });
    if (text.length > 0) yield text;
  }
  if (decoder === undefined) {
    if (pending === undefined) return;
    decoder = new TextDecoder(confirmUtf8(pending, detectEncoding(pending)));
    const text = decoder.decode(pending);
    if (text.length > 0) yield text;
    return;
  }
  const rest = decoder.decode();
  if (rest.length > 0) yield rest;
}

/** Reads at most `limit` bytes from the start of a stream (for sniffing) and stops reading. */
export async function readHead(chunks: AsyncIterable<Uint8Array>, limit: number): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of chunks) {
    parts.push(chunk);
    length += chunk.length;
    if (length >= limit) break;
  }
  const all = parts.length === 1 && parts[0] !== undefined ? parts[0] : concatBytes(...parts);
  return all.subarray(0, Math.min(limit, all.length));
}

/** Decodes a sniffed head, dropping a character cut in half at its end. */
export function decodeHead(head: Uint8Array): string {
  return new TextDecoder(detectEncoding(head)).decode(head, { stream: true });
}

/** True when the bytes look like binary data rather than text (NULs in UTF-8, control bytes). */
export function looksBinary(head: Uint8Array): boolean {
  if (detectEncoding(head) !== 'utf-8') return false;
  let control = 0;
  for (const byte of head) {
    if (byte === 0) return true;
    if (byte < 0x09 || (byte > 0x0d && byte < 0x20 && byte !== 0x1b)) control++;
  }
  return control > head.length / 50;
}

function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const all = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    all.set(part, offset);
    offset += part.length;
  }
  return all;
}
