import { mkdir, mkdtemp, readFile, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { rejectionOf } from '../../../test/fakes/memory-export-source.js';
import { writeZip } from '../../../test/importers/zip-writer.js';
import { InvalidInputError, NotFoundError } from '../../core/errors.js';
import type { ExportSource } from '../../core/importers/export-source.js';
import { openExportSource } from './open-export-source.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'smm-export-source-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function text(source: ExportSource): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const file of await source.files()) {
    const chunks: Buffer[] = [];
    for await (const chunk of file.open()) chunks.push(Buffer.from(chunk));
    out[file.name] = Buffer.concat(chunks).toString('utf8');
    expect(file.size).toBe(Buffer.concat(chunks).length);
  }
  return out;
}

const big = 'ünïcödé 😀 '.repeat(60_000);

describe('openExportSource', () => {
  test('a single file is one file named by its base name', async () => {
    const file = path.join(dir, 'tweets.js');
    await writeFile(file, 'window.YTD.tweets.part0 = []');
    const source = await openExportSource(file);
    expect(source.label).toBe(file);
    expect(await text(source)).toEqual({ 'tweets.js': 'window.YTD.tweets.part0 = []' });
  });

  test('a folder is read recursively with "/"-separated names, following symlinks', async () => {
    const root = path.join(dir, 'archive');
    await mkdir(path.join(root, 'data', 'deep'), { recursive: true });
    await writeFile(path.join(root, 'data', 'tweets.js'), big);
    await writeFile(path.join(root, 'data', 'deep', 'x.json'), '[]');
    await writeFile(path.join(root, 'README.txt'), 'hello');
    await symlink(path.join(root, 'README.txt'), path.join(root, 'link.txt'));
    await symlink(path.join(root, 'missing'), path.join(root, 'dangling'));
    const source = await openExportSource(root);
    const files = await text(source);
    expect(Object.keys(files)).toEqual(['README.txt', 'data/deep/x.json', 'data/tweets.js', 'link.txt']);
    expect(files['data/tweets.js']).toBe(big);
    expect(source.skipped?.()).toEqual([{ path: 'dangling', reason: 'a link to nothing' }]);
  });

  test('never follows a link out of the folder, and stops at links back into it (cycles), saying what it skipped', async () => {
    const outside = path.join(dir, 'outside');
    await mkdir(outside, { recursive: true });
    await writeFile(path.join(outside, 'secret.json'), '[]');
    const root = path.join(dir, 'loops');
    await mkdir(path.join(root, 'data', 'inner'), { recursive: true });
    await writeFile(path.join(root, 'data', 'tweets.js'), 'window.YTD.tweets.part0 = []');
    await writeFile(path.join(root, '..name-with-dots.json'), '[]');
    await symlink('..', path.join(root, 'data', 'up'));
    await symlink('../..', path.join(root, 'data', 'inner', 'up2'));
    await symlink('../../..', path.join(root, 'data', 'inner', 'up3'));
    await symlink(outside, path.join(root, 'elsewhere'));
    await symlink(path.join(outside, 'secret.json'), path.join(root, 'data', 'secret.json'));
    await symlink('inner', path.join(root, 'data', 'inner-again'));
    await symlink('data', path.join(root, 'a-alias'));
    const source = await openExportSource(root);
    const files = await text(source);
    expect(Object.keys(files)).toEqual(['..name-with-dots.json', 'data/tweets.js']);
    // A link sorted before the real folder it points to is still the one skipped.
    expect([...(source.skipped?.() ?? [])].sort((a, b) => a.path.localeCompare(b.path))).toEqual([
      { path: 'a-alias', reason: 'a link to a folder already read' },
      { path: 'data/inner-again', reason: 'a link to a folder already read' },
      { path: 'data/inner/up2', reason: 'a link to a folder already read' },
      { path: 'data/inner/up3', reason: 'a link out of the folder' },
      { path: 'data/secret.json', reason: 'a link out of the folder' },
      { path: 'data/up', reason: 'a link to a folder already read' },
      { path: 'elsewhere', reason: 'a link out of the folder' },
    ]);
  });

  test('a zip streams its entries, deflated or stored, without extracting', async () => {
    const zip = path.join(dir, 'archive.zip');
    await writeZip(zip, [
      { name: 'twitter/' },
      { name: 'twitter/data/' },
      { name: 'twitter/data/tweets.js', data: big },
      { name: 'twitter/data/中文.json', data: '[]', store: true },
    ]);
    const source = await openExportSource(zip);
    const files = await text(source);
    expect(Object.keys(files)).toEqual(['twitter/data/tweets.js', 'twitter/data/中文.json']);
    expect(files['twitter/data/tweets.js']).toBe(big);
    // Each open starts again from the beginning, and a reader may stop early.
    const [first] = await source.files();
    for await (const chunk of first!.open()) {
      expect(chunk.length).toBeGreaterThan(0);
      break;
    }
    expect((await text(source))['twitter/data/tweets.js']).toBe(big);
  });

  test('a zip is recognised by its bytes whatever its name', async () => {
    const zip = path.join(dir, 'download');
    await writeZip(zip, [{ name: 'outbox.json', data: '{}' }]);
    expect(Object.keys(await text(await openExportSource(zip)))).toEqual(['outbox.json']);
  });

  test('a missing path is NotFoundError', async () => {
    const error = await rejectionOf<NotFoundError>(openExportSource(path.join(dir, 'nope.zip')));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toBe(`No file "${path.join(dir, 'nope.zip')}".`);
    expect(error.hint).toMatch(/export \.zip, its extracted folder, or one file of it/);
  });

  test('an empty file is InvalidInputError naming it', async () => {
    const file = path.join(dir, 'empty.json');
    await writeFile(file, '');
    const error = await rejectionOf<InvalidInputError>(openExportSource(file));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.message).toBe(`${file} is empty (0 bytes).`);
  });

  test('a .zip that is not a zip, or a truncated zip, is InvalidInputError naming it', async () => {
    const fake = path.join(dir, 'fake.zip');
    await writeFile(fake, 'this is not a zip at all');
    const error = await rejectionOf<InvalidInputError>(openExportSource(fake));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.message).toBe(`${fake} is not a readable zip archive (End of central directory record signature not found. Either not a zip file, or file is truncated).`);
    expect(error.cause).toBeInstanceOf(Error);
    const cut = path.join(dir, 'cut.zip');
    await writeZip(cut, [{ name: 'tweets.js', data: big }]);
    const bytes = await readFile(cut);
    await writeFile(cut, bytes.subarray(0, bytes.length - 30));
    await expect(openExportSource(cut)).rejects.toBeInstanceOf(InvalidInputError);
  });

  test('a damaged entry fails when read, naming the entry', async () => {
    const zip = path.join(dir, 'damaged.zip');
    await writeZip(zip, [{ name: 'tweets.js', data: big }]);
    const bytes = await readFile(zip);
    bytes.fill(0x55, 200, 400); // corrupt the deflate stream, keep the directory
    await writeFile(zip, bytes);
    const [file] = await (await openExportSource(zip)).files();
    const read = async () => {
      for await (const _chunk of file!.open()) {
        // drain
      }
    };
    await expect(read()).rejects.toThrow(/damaged\.zip: tweets\.js is damaged inside the archive/);
    await truncate(zip, 0);
  });
});
