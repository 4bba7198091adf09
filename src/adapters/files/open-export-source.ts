import { createReadStream } from 'node:fs';
import { open, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import yauzl from 'yauzl';
import { InvalidInputError, NotFoundError } from '../../core/errors.js';
import type { ExportFile, ExportSource, SkippedEntry } from '../../core/importers/index.js';

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
  return { label: inputPath, path: inputPath, files: async () => [file] };
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
  let skipped: SkippedEntry[] = [];
  return {
    label,
    path: label,
    files: async () => {
      const walk: FolderWalk = { root: await realpath(root), files: [], skipped: [], visited: new Set(), links: [] };
      await walkFolder(walk, root, '', 0);
      // Links to folders last, so that a folder is read under its own name when a link also points to it.
      for (let link = walk.links.shift(); link; link = walk.links.shift()) await walkFolder(walk, link.absolute, link.name, link.depth);
      skipped = walk.skipped;
      return walk.files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    },
    skipped: () => skipped,
  };
}

interface FolderWalk {
  /** The imported folder, its links resolved. */
  root: string;
  files: ExportFile[];
  skipped: SkippedEntry[];
  /** Folders already read, by device and inode: a link back to one is a cycle. */
  visited: Set<string>;
  /** Links to folders inside, read after every real folder. */
  links: { absolute: string; name: string; depth: number }[];
}

/**
 * Reads a folder recursively. A symbolic link is followed only when it
 * resolves inside the imported folder (an export never points elsewhere; a
 * link out of it could read anything on the machine), and never into a
 * folder already read (links such as `up -> ..` make cycles). What is not
 * followed is listed in `skipped` with the reason.
 */
async function walkFolder(walk: FolderWalk, directory: string, prefix: string, depth: number): Promise<void> {
  const folder = await stat(directory);
  const identity = `${folder.dev}:${folder.ino}`;
  if (walk.visited.has(identity)) {
    walk.skipped.push({ path: prefix, reason: 'a link to a folder already read' });
    return;
  }
  walk.visited.add(identity);
  if (depth > MAX_DEPTH) {
    walk.skipped.push({ path: prefix, reason: `deeper than ${MAX_DEPTH} folders` });
    return;
  }
  const entries = (await readdir(directory, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const absolute = path.join(directory, entry.name);
    const name = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    let isDirectory = entry.isDirectory();
    let isFile = entry.isFile();
    let size: number | null = null;
    if (entry.isSymbolicLink()) {
      const target = await realpath(absolute).catch(() => undefined);
      if (target === undefined) {
        walk.skipped.push({ path: name, reason: 'a link to nothing' });
        continue;
      }
      const inside = path.relative(walk.root, target);
      if (inside === '..' || inside.startsWith(`..${path.sep}`) || path.isAbsolute(inside)) {
        walk.skipped.push({ path: name, reason: 'a link out of the folder' });
        continue;
      }
    }
    if (entry.isSymbolicLink() || isFile) {
      const stats = await stat(absolute).catch(() => undefined);
      if (!stats) continue; // gone since it was listed
      isDirectory = stats.isDirectory();
      isFile = stats.isFile();
      size = stats.size;
    }
    if (isDirectory && entry.isSymbolicLink()) walk.links.push({ absolute, name, depth: depth + 1 });
    else if (isDirectory) await walkFolder(walk, absolute, name, depth + 1);
    else if (isFile) walk.files.push({ name, size, open: () => readFileChunks(absolute, name) });
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
  return { label, path: label, files: async () => files };
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
