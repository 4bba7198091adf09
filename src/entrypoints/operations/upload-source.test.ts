import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeZip } from '../../../test/importers/zip-writer.js';
import type { ExportSource } from '../../core/importers/index.js';
import { uploadSource } from './upload-source.js';

// Each test gets its own temporary folder (os.tmpdir() reads TMPDIR), so what an upload leaves behind can be counted.
let scratch: string;
let previousTmpdir: string | undefined;
beforeEach(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'smm-upload-source-test-'));
  previousTmpdir = process.env.TMPDIR;
  process.env.TMPDIR = scratch;
});
afterEach(async () => {
  if (previousTmpdir === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = previousTmpdir;
  await rm(scratch, { recursive: true, force: true });
});

async function contents(source: ExportSource): Promise<Record<string, { size: number | null; text: string }>> {
  const result: Record<string, { size: number | null; text: string }> = {};
  for (const file of await source.files()) {
    const chunks: Buffer[] = [];
    for await (const chunk of file.open()) chunks.push(Buffer.from(chunk));
    result[file.name] = { size: file.size, text: Buffer.concat(chunks).toString('utf8') };
  }
  return result;
}

async function zipBytes(entries: Array<{ name: string; data: string }>): Promise<Uint8Array> {
  const folder = await mkdtemp(path.join(scratch, 'zip-'));
  const file = path.join(folder, 'made.zip');
  await writeZip(file, entries);
  const bytes = await readFile(file);
  await rm(folder, { recursive: true, force: true });
  return bytes;
}

describe('uploadSource', () => {
  it('keeps a single file in memory, as one file named by its base name', async () => {
    const bytes = new TextEncoder().encode('window.YTD.tweets.part0 = [] // café');
    const upload = await uploadSource(bytes, 'data/tweets.js');
    expect(upload.source.label).toBe('tweets.js');
    expect(await contents(upload.source)).toEqual({ 'tweets.js': { size: bytes.byteLength, text: 'window.YTD.tweets.part0 = [] // café' } });
    // It can be read again, and nothing was written to disk.
    expect(Object.keys(await contents(upload.source))).toEqual(['tweets.js']);
    expect(await readdir(scratch)).toEqual([]);
    await upload.dispose();
  });

  it('names the file by its base name whatever the separators, and "upload" when there is none', async () => {
    const bytes = new TextEncoder().encode('[]');
    expect((await uploadSource(bytes, 'C:\\Users\\me\\Downloads\\outbox.json')).source.label).toBe('outbox.json');
    expect((await uploadSource(bytes, '../../etc/passwd')).source.label).toBe('passwd');
    expect((await uploadSource(bytes, '')).source.label).toBe('upload');
    expect((await uploadSource(bytes, 'folder/')).source.label).toBe('folder');
  });

  it('treats bytes that only start like a zip, or are shorter than its magic, as a plain file', async () => {
    for (const bytes of [new Uint8Array([0x50, 0x4b]), new Uint8Array([0x50, 0x4b, 0x03, 0x05, 0x00]), new Uint8Array(0)]) {
      const upload = await uploadSource(bytes, 'odd.bin');
      expect((await upload.source.files()).map((file) => [file.name, file.size])).toEqual([['odd.bin', bytes.byteLength]]);
    }
  });

  it('opens a zip from a temporary file, whatever its name, and removes that file on dispose', async () => {
    const bytes = await zipBytes([
      { name: 'data/tweets.js', data: 'window.YTD.tweets.part0 = []' },
      { name: 'README.txt', data: 'hello' },
    ]);
    const upload = await uploadSource(bytes, 'twitter-archive');
    expect(upload.source.label).toBe('twitter-archive');
    expect(await contents(upload.source)).toEqual({
      'README.txt': { size: 5, text: 'hello' },
      'data/tweets.js': { size: 28, text: 'window.YTD.tweets.part0 = []' },
    });
    const left = (await readdir(scratch)).filter((name) => name.startsWith('smm-upload-'));
    expect(left).toHaveLength(1);
    expect(await readdir(path.join(scratch, left[0]!))).toEqual(['twitter-archive.zip']);
    await upload.dispose();
    expect((await readdir(scratch)).filter((name) => name.startsWith('smm-upload-'))).toEqual([]);
  });

  it('keeps the .zip name of an upload that has one', async () => {
    const bytes = await zipBytes([{ name: 'x.json', data: '[]' }]);
    const upload = await uploadSource(bytes, 'Archive.ZIP');
    const [folder] = (await readdir(scratch)).filter((name) => name.startsWith('smm-upload-'));
    expect(await readdir(path.join(scratch, folder!))).toEqual(['Archive.ZIP']);
    await upload.dispose();
  });

  it('removes the temporary file when the zip cannot be read', async () => {
    const broken = new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...new Array<number>(60).fill(0)]);
    await expect(uploadSource(broken, 'archive.zip')).rejects.toMatchObject({ code: 'invalid_input' });
    expect((await readdir(scratch)).filter((name) => name.startsWith('smm-upload-'))).toEqual([]);
  });
});
