import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { crc32, deflateRawSync } from 'node:zlib';

export interface ZipEntry {
  /** Path inside the archive; a name ending in "/" is a folder. */
  name: string;
  data?: Uint8Array | string;
  /** Store uncompressed instead of deflating. */
  store?: boolean;
}

/**
 * Writes a zip archive (PKZIP 2.0: deflate or store, UTF-8 names, no zip64)
 * for tests and benchmarks: the exports users download are zips and no zip
 * writer is a dependency. Entries are deflated one at a time.
 */
export async function writeZip(path: string, entries: Iterable<ZipEntry>): Promise<void> {
  const out = createWriteStream(path);
  const central: Buffer[] = [];
  let offset = 0;
  const write = async (buffer: Buffer): Promise<void> => {
    offset += buffer.length;
    if (!out.write(buffer)) await once(out, 'drain');
  };
  let count = 0;
  for (const entry of entries) {
    const raw = typeof entry.data === 'string' ? Buffer.from(entry.data, 'utf8') : Buffer.from(entry.data ?? new Uint8Array(0));
    const folder = entry.name.endsWith('/');
    const method = folder || entry.store ? 0 : 8;
    const body = method === 8 ? deflateRawSync(raw) : raw;
    const crc = crc32(raw) >>> 0;
    const name = Buffer.from(entry.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(0x21, 12); // 1980-01-01
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(0x0800, 8);
    header.writeUInt16LE(method, 10);
    header.writeUInt16LE(0, 12);
    header.writeUInt16LE(0x21, 14);
    header.writeUInt32LE(crc, 16);
    header.writeUInt32LE(body.length, 20);
    header.writeUInt32LE(raw.length, 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt32LE(folder ? 0x10 : 0, 38);
    header.writeUInt32LE(offset, 42);
    central.push(header, name);
    await write(local);
    await write(name);
    await write(body);
    count++;
  }
  const centralStart = offset;
  for (const part of central) await write(part);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(count, 8);
  end.writeUInt16LE(count, 10);
  end.writeUInt32LE(offset - centralStart, 12);
  end.writeUInt32LE(centralStart, 16);
  await write(end);
  out.end();
  await once(out, 'close');
}
