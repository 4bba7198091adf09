import { createReadStream } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import yauzl from 'yauzl';
import { InvalidInputError, NotFoundError } from '../../core/errors.js';
import type { ExportFile, ExportSource } from '../../core/importers/export-source.js';

const CHUNK_BYTES = 256 * 1024;
const MAX_DEPTH = 32;

/**
 * Opens what the user pointed `smm import` at: a single file, an extracted
 * export folder (read recursively), or a `.zip` (entries streamed straight
 * from the archive, never extracted). Throws NotFoundError for a missing
 * path and InvalidInputError for an empty file or an unreadable zip.
 */
export async function openExportSource(inputPath: string): Promise<ExportSource> {
  const absolute = path.resolve(inputPath);
  const stats = await stat(absolute).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') {
      throw new NotFoundError('file', inputPath, 'Check the path: point smm import at the export .zip, its extracted folder, or one file of it.');
    }
    throw new InvalidInputError(`Cannot read ${inputPath}: ${reason(error)}.`, { cause: error, details: { path: inputPath }, hint: 'Check the file permissions.' });
  });
  if (stats.isDirectory()) return folderSource(absolute, inputPath);
  if (!stats.isFile()) throw new InvalidInputError(`${inputPath} is not a regular file or folder.`, { details: { path: inputPath } });
  if (stats.size === 0) {
    throw new InvalidInputError(`${inputPath} is empty (0 bytes).`, {
      details: { path: inputPath },
      hint: 'Download the export again; an empty file has no posts to import.',
    });
  }
  if ((await isZip(absolute)) || /\.zip$/i.test(absolute)) return zipSource(absolute, inputPath);
  const name = path.basename(absolute);
  const file: ExportFile = { name, size: stats.size, open: () => readFileChunks(absolute, name) };
  return { label: inputPath, files: async () => [file] };
}

async function isZip(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(4), 0, 4, 0);
    // Local file header, or the end record of an empty archive.
    return bytesRead === 4 && buffer[0] === 0x50 && buffer[1] === 0x4b && ((buffer[2] === 3 && buffer[3] === 4) || (buffer[2] === 5 && buffer[3] === 6));
  } finally {
    await handle.close();
  }
}

async function* readFileChunks(file: string, name: string): AsyncGenerator<Uint8Array> {
  const stream = createReadStream(file, { highWaterMark: CHUNK_BYTES });
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } catch (error) {
    throw new InvalidInputError(`Cannot read ${name}: ${reason(error)}.`, { cause: error, details: { file: name } });
  } finally {
    stream.destroy();
  }
}

async function folderSource(root: string, label: string): Promise<ExportSource> {
  return {
    label,
    files: async () => {
      const files: ExportFile[] = [];
      await walk(root, '', 0, files);
      return files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    },
  };
}

async function walk(directory: string, prefix: string, depth: number, out: ExportFile[]): Promise<void> {
  if (depth > MAX_DEPTH) return;
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    const absolute = path.join(directory, entry.name);
    const name = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    let isDirectory = entry.isDirectory();
    let isFile = entry.isFile();
    let size: number | null = null;
    if (entry.isSymbolicLink() || isFile) {
      const stats = await stat(absolute).catch(() => undefined);
      if (!stats) continue; // a dangling link
      isDirectory = stats.isDirectory();
      isFile = stats.isFile();
      size = stats.size;
    }
    if (isDirectory) await walk(absolute, name, depth + 1, out);
    else if (isFile) out.push({ name, size, open: () => readFileChunks(absolute, name) });
  }
}

/** A vendor message without its closing period, to sit inside our sentence. */
function reason(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\.\s*$/, '');
}

function zipFault(label: string, error: unknown): InvalidInputError {
  return new InvalidInputError(`${label} is not a readable zip archive (${reason(error)}).`, {
    cause: error,
    details: { path: label },
    hint: 'Download the export again, or unzip it yourself and point smm import at the folder.',
  });
}

async function zipSource(zipPath: string, label: string): Promise<ExportSource> {
  // Read the directory once up front so a broken zip fails before any import starts.
  const entries: { name: string; size: number; index: number }[] = [];
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(zipPath, { autoClose: true });
    let index = 0;
    for await (const entry of zip.eachEntry()) {
      if (!entry.fileName.endsWith('/')) entries.push({ name: entry.fileName, size: entry.uncompressedSize, index });
      index++;
    }
  } catch (error) {
    throw zipFault(label, error);
  }
  const files: ExportFile[] = entries
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((entry) => ({ name: entry.name, size: entry.size, open: () => readZipEntry(zipPath, label, entry.index, entry.name) }));
  return { label, files: async () => files };
}

async function* readZipEntry(zipPath: string, label: string, index: number, name: string): AsyncGenerator<Uint8Array> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(zipPath, { autoClose: false });
  } catch (error) {
    throw zipFault(label, error);
  }
  try {
    let found: yauzl.Entry | undefined;
    let position = 0;
    try {
      for await (const entry of zip.eachEntry()) {
        if (position++ === index) {
          found = entry;
          break;
        }
      }
    } catch (error) {
      throw zipFault(label, error);
    }
    if (!found) throw new InvalidInputError(`${label}: ${name} disappeared from the archive while it was being read.`, { details: { path: label, file: name } });
    let stream;
    try {
      stream = await zip.openReadStreamPromise(found);
    } catch (error) {
      throw new InvalidInputError(`${label}: cannot read ${name} from the archive (${reason(error)}).`, {
        cause: error,
        details: { path: label, file: name },
        hint: 'An encrypted or unusually compressed entry: unzip the export yourself and point smm import at the folder.',
      });
    }
    try {
      for await (const chunk of stream) yield chunk as Buffer;
    } catch (error) {
      throw new InvalidInputError(`${label}: ${name} is damaged inside the archive (${reason(error)}).`, {
        cause: error,
        details: { path: label, file: name },
        hint: 'Download the export again.',
      });
    } finally {
      stream.destroy();
    }
  } finally {
    zip.close();
  }
}
