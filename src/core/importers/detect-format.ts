import { InvalidInputError, UnsupportedFormatError } from '../errors.js';
import { looksLikeCar } from './car-reader.js';
import { decodeHead, looksBinary, readHead } from './decode-text.js';
import type { ExportFile, ExportSource } from './export-source.js';
import { FORMAT_NAMES, type ImportFormat } from './import-item.js';
import { columnKey, COLUMN_ALIASES } from './tabular-importer.js';

/** The format of an export and the files of it to read, in reading order. */
export interface DetectedFormat {
  format: ImportFormat;
  files: ExportFile[];
}

/** What the first bytes of a file look like. */
export type Sniffed =
  | { kind: 'format'; format: ImportFormat }
  | { kind: 'empty' }
  | { kind: 'binary' }
  | { kind: 'other'; looksLike: string }
  | { kind: 'unknown' };

const SNIFF_BYTES = 4096;
const PLATFORM_FORMATS: readonly ImportFormat[] = ['x', 'linkedin', 'mastodon', 'bluesky', 'threads', 'instagram', 'facebook'];
const TEXT_EXTENSION = /\.(js|json|jsonl|ndjson|csv|tsv|txt|car)$/i;
const TEXT_ALIASES = new Set(COLUMN_ALIASES.text.map(columnKey));
/** Files of an export that hold private conversations, never posts (LinkedIn messages.csv, Instagram inbox…). */
const PRIVATE_NAME = /(^|\/)[^/]*(messag|inbox|chat|conversation|direct)[^/]*$/i;

/** The format a file's name suggests: the platforms' own file names, then generic extensions. */
export function formatFromName(name: string): ImportFormat | undefined {
  if (/(^|\/)tweets?(-part\d+)?\.js$/i.test(name)) return 'x';
  if (/(^|\/)outbox\.json$/i.test(name)) return 'mastodon';
  if (/(^|\/)shares\.csv$/i.test(name)) return 'linkedin';
  if (/(^|\/)threads_and_replies\.json$/i.test(name)) return 'threads';
  if (/(^|\/)posts_\d+\.json$/i.test(name)) return 'instagram';
  if (/(^|\/)your_posts[^/]*\.json$/i.test(name)) return 'facebook';
  if (/\.car$/i.test(name)) return 'bluesky';
  if (/\.(csv|tsv)$/i.test(name)) return 'csv';
  if (/\.(ndjson|jsonl)$/i.test(name)) return 'ndjson';
  if (/\.json$/i.test(name)) return 'json';
  return undefined;
}

/** Classifies the first KB of a file by its content. */
export function formatFromContent(head: string): Sniffed {
  const text = head.replace(/^\ufeff/, '').trimStart();
  if (text === '') return { kind: 'unknown' };
  const ytd = /^window\.YTD\.(\w+)\.part\d+\s*=/.exec(text);
  if (ytd) {
    return ytd[1] === 'tweets' || ytd[1] === 'tweet'
      ? { kind: 'format', format: 'x' }
      : { kind: 'other', looksLike: `another part of an X archive (window.YTD.${ytd[1]}), not the tweets` };
  }
  if (text.startsWith('{') || text.startsWith('[')) {
    if (text.includes('"@context"') && (text.includes('"orderedItems"') || text.includes('OrderedCollection'))) return { kind: 'format', format: 'mastodon' };
    if (text.includes('"text_post_app_text_posts"')) return { kind: 'format', format: 'threads' };
    if (text.includes('app.bsky.feed.post') || /"uri"\s*:\s*"at:\/\//.test(text)) return { kind: 'format', format: 'bluesky' };
    if (/^\[\s*\{\s*"tweet"\s*:/.test(text)) return { kind: 'format', format: 'x' };
    if (text.includes('"ig_posts"') || (/"media"\s*:\s*\[/.test(text) && text.includes('"creation_timestamp"'))) return { kind: 'format', format: 'instagram' };
    if (text.includes('"status_updates_v2"') || /^\[\s*\{\s*"timestamp"\s*:/.test(text) || /"data"\s*:\s*\[\s*\{\s*"(post|update_timestamp)"/.test(text)) {
      return { kind: 'format', format: 'facebook' };
    }
    if (text.startsWith('{') && looksLikeNdjson(text)) return { kind: 'format', format: 'ndjson' };
    return { kind: 'format', format: 'json' };
  }
  const firstLine = text.split(/\r?\n|\r/, 1)[0] ?? '';
  const cells = firstLine.split(/[,\t;]/).map((cell) => columnKey(cell.replace(/"/g, '')));
  if (cells.includes('sharecommentary')) return { kind: 'format', format: 'linkedin' };
  if (cells.some((cell) => TEXT_ALIASES.has(cell))) return { kind: 'format', format: 'csv' };
  return { kind: 'unknown' };
}

/** A first line that is a whole JSON object, followed by another object or holding a post's text. */
function looksLikeNdjson(text: string): boolean {
  const [first, second] = text.split(/\r?\n/, 2);
  try {
    const value = JSON.parse(first ?? '') as unknown;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
    if (second !== undefined && second.trimStart().startsWith('{')) return true;
    return Object.keys(value).some((key) => TEXT_ALIASES.has(columnKey(key)));
  } catch {
    return false;
  }
}

/** Reads a file's first bytes and classifies them. */
export async function sniffFile(file: ExportFile): Promise<Sniffed> {
  if (file.size === 0) return { kind: 'empty' };
  const head = await readHead(file.open(), SNIFF_BYTES);
  if (head.length === 0) return { kind: 'empty' };
  if (looksLikeCar(head)) return { kind: 'format', format: 'bluesky' };
  if (looksBinary(head)) return { kind: 'binary' };
  return formatFromContent(decodeHead(head));
}

/** Files an export tool adds that are never data: macOS resource forks, hidden files. */
function isJunk(name: string): boolean {
  return name.includes('__MACOSX/') || /(^|\/)\./.test(name);
}

/** Reading order: by name, numbers compared as numbers, `tweets.js` before `tweets-part1.js`. */
function byName(a: ExportFile, b: ExportFile): number {
  const stem = (file: ExportFile) => file.name.replace(/-part(\d+)(?=\.\w+$)/, '');
  const part = (file: ExportFile) => Number(/-part(\d+)\.\w+$/.exec(file.name)?.[1] ?? 0);
  return stem(a).localeCompare(stem(b), 'en', { numeric: true }) || part(a) - part(b);
}

function describe(sniffed: Sniffed): string {
  switch (sniffed.kind) {
    case 'format':
      return FORMAT_NAMES[sniffed.format];
    case 'empty':
      return 'an empty file';
    case 'binary':
      return 'binary data, not text';
    case 'other':
      return sniffed.looksLike;
    case 'unknown':
      return 'nothing smm recognises';
  }
}

function unusable(file: ExportFile, sniffed: Sniffed): InvalidInputError | undefined {
  if (sniffed.kind === 'empty') {
    return new InvalidInputError(`${file.name} is empty (0 bytes).`, {
      details: { file: file.name },
      hint: 'Download the export again; an empty file has no posts to import.',
    });
  }
  if (sniffed.kind === 'binary') {
    return new InvalidInputError(`${file.name} is binary data, not a text export (line 1).`, {
      details: { file: file.name, line: 1 },
      hint: 'Point smm import at the export .zip, its extracted folder, or the tweets.js / outbox.json / Shares.csv / posts JSON inside it.',
    });
  }
  return undefined;
}

/**
 * Finds what an export is and which of its files hold the posts, from the
 * files' content (the first 4 KB: `window.YTD.tweets`, an ActivityStreams
 * `@context`, `text_post_app_text_posts`, a ShareCommentary header, …) and
 * their names. With an explicit format it checks the files look like it and
 * otherwise says what they look like instead.
 */
export async function detectFormat(source: ExportSource, requested: ImportFormat | 'auto' = 'auto'): Promise<DetectedFormat> {
  const all = (await source.files()).filter((file) => !isJunk(file.name)).sort(byName);
  if (all.length === 0) {
    throw new InvalidInputError(`${source.label} holds no files.`, { details: { source: source.label }, hint: 'Point smm import at the export .zip, its extracted folder, or one file of it.' });
  }
  const detected = await detectAmong(source, all, requested);
  if (detected.format !== 'x') return detected;
  // Long posts ("note tweets") live in note-tweet.js beside tweets.js: the X importer joins them.
  const notes = all.filter((file) => NOTE_TWEET_FILE.test(file.name) && !detected.files.includes(file));
  return notes.length > 0 ? { ...detected, files: [...detected.files, ...notes] } : detected;
}

/** X's long-form posts: `data/note-tweet.js` (and `note-tweet-part1.js`, … in large archives). */
export const NOTE_TWEET_FILE = /(^|\/)note-tweet(-part\d+)?\.js$/i;

async function detectAmong(source: ExportSource, all: ExportFile[], requested: ImportFormat | 'auto'): Promise<DetectedFormat> {
  const sniffs = new Map<ExportFile, Sniffed>();
  const sniff = async (file: ExportFile): Promise<Sniffed> => {
    let result = sniffs.get(file);
    if (!result) {
      result = await sniffFile(file);
      sniffs.set(file, result);
    }
    return result;
  };

  if (all.length === 1) {
    const file = all[0]!;
    const sniffed = await sniff(file);
    const fault = unusable(file, sniffed);
    if (fault) throw fault;
    const found = sniffed.kind === 'format' ? refineByName(sniffed.format, file.name) : genericFromName(file.name);
    if (requested === 'auto') {
      if (found) return { format: found, files: [file] };
      throw new UnsupportedFormatError(`Cannot tell what kind of export ${file.name} is: it is ${describe(sniffed)}.`, formatHint(), { file: file.name });
    }
    if (!compatible(requested, sniffed)) throw mismatch(file.name, requested, sniffed);
    return { format: requested, files: [file] };
  }

  const found = await findInFolder(all, sniff);
  if (requested === 'auto') {
    const formats = [...found.keys()];
    const platforms = formats.filter((format) => PLATFORM_FORMATS.includes(format));
    const pick = platforms.length > 0 ? platforms : formats;
    if (pick.length === 1) {
      const files = found.get(pick[0]!)!;
      // Several plain CSV/JSON files in an export are rarely all posts: make the user choose.
      if (platformOfName(pick[0]!) || files.length === 1) return { format: pick[0]!, files };
      throw new UnsupportedFormatError(
        `${source.label} holds ${files.length} ${pick[0]} files that could be posts (${files.slice(0, 5).map((file) => file.name).join(', ')}${files.length > 5 ? ', …' : ''}).`,
        `Point smm import at the one file of posts, or pass --format ${pick[0]} to import them all.`,
        { files: files.map((file) => file.name) },
      );
    }
    if (pick.length > 1) {
      const list = pick.map((format) => `${FORMAT_NAMES[format]} (${found.get(format)![0]!.name})`).join('; ');
      throw new UnsupportedFormatError(`${source.label} holds several exports: ${list}.`, `Pass --format ${pick.join(' or --format ')} to choose one.`, { formats: pick });
    }
    throw new UnsupportedFormatError(`Found no export of posts in ${source.label}.`, formatHint(), { source: source.label });
  }
  const files = found.get(requested);
  if (files) return { format: requested, files };
  // Name the requested file when there is one, so the message points at it.
  const named = all.filter((file) => formatFromName(file.name) === requested);
  for (const file of named) {
    const fault = unusable(file, await sniff(file));
    if (fault) throw fault;
    if (!compatible(requested, sniffs.get(file)!)) throw mismatch(file.name, requested, sniffs.get(file)!);
  }
  if (named.length > 0) return { format: requested, files: named };
  const other = [...found.entries()][0];
  const looksLike = other ? `it holds ${FORMAT_NAMES[other[0]]} (${other[1][0]!.name}); try --format ${other[0]} or --format auto` : 'nor any other export smm reads';
  throw new InvalidInputError(`${source.label} does not hold ${FORMAT_NAMES[requested]}: ${looksLike}.`, {
    details: { source: source.label, requested },
    hint: formatHint(),
  });
}

/** Groups the files of a folder or zip by the format their name and content agree on. */
async function findInFolder(all: ExportFile[], sniff: (file: ExportFile) => Promise<Sniffed>): Promise<Map<ImportFormat, ExportFile[]>> {
  const found = new Map<ImportFormat, ExportFile[]>();
  const add = (format: ImportFormat, file: ExportFile): void => {
    const list = found.get(format) ?? [];
    list.push(file);
    found.set(format, list);
  };
  // The platforms' own file names first, confirmed by content.
  for (const file of all) {
    const byFileName = formatFromName(file.name);
    if (!byFileName || !PLATFORM_FORMATS.includes(byFileName)) continue;
    const sniffed = await sniff(file);
    if (sniffed.kind === 'format' && sniffed.format === byFileName) add(byFileName, file);
  }
  if (found.size > 0) return found;
  // Otherwise any text file whose content is recognised (a few hundred at most).
  for (const file of all.filter((candidate) => TEXT_EXTENSION.test(candidate.name)).slice(0, 300)) {
    const sniffed = await sniff(file);
    if (sniffed.kind !== 'format') continue;
    const generic = sniffed.format === 'json' || sniffed.format === 'ndjson' || sniffed.format === 'csv';
    // Generic JSON/CSV only when the name agrees: an export folder holds many unrelated JSON files.
    if (generic && (genericFromName(file.name) === undefined || PRIVATE_NAME.test(file.name))) continue;
    add(refineByName(sniffed.format, file.name), file);
  }
  return found;
}

function platformOfName(format: ImportFormat): boolean {
  return PLATFORM_FORMATS.includes(format);
}

/**
 * JSON and NDJSON are told apart by a guess on the first KB, which a long
 * first line defeats: a .json / .ndjson / .jsonl extension decides.
 */
function refineByName(format: ImportFormat, name: string): ImportFormat {
  const named = genericFromName(name);
  const jsonFamily = (candidate: ImportFormat | undefined) => candidate === 'json' || candidate === 'ndjson';
  return jsonFamily(format) && jsonFamily(named) ? named! : format;
}

function genericFromName(name: string): ImportFormat | undefined {
  const format = formatFromName(name);
  return format === 'csv' || format === 'json' || format === 'ndjson' ? format : undefined;
}

/** Whether a file sniffed as `sniffed` can be read as `requested` (unknown content is given the benefit of the doubt). */
function compatible(requested: ImportFormat, sniffed: Sniffed): boolean {
  if (sniffed.kind === 'unknown') return true;
  if (sniffed.kind !== 'format') return false;
  if (sniffed.format === requested) return true;
  // json and ndjson are told apart by a guess: either is accepted for the other.
  if ((requested === 'json' && sniffed.format === 'ndjson') || (requested === 'ndjson' && sniffed.format === 'json')) return true;
  // Bluesky records whose first KB shows no $type or at:// uri sniff as plain JSON.
  return requested === 'bluesky' && sniffed.format === 'json';
}

function mismatch(file: string, requested: ImportFormat, sniffed: Sniffed): InvalidInputError {
  const suggestion = sniffed.kind === 'format' ? `; try --format ${sniffed.format} or --format auto` : '; try --format auto';
  return new InvalidInputError(`File ${file} does not look like ${FORMAT_NAMES[requested]}: it looks like ${describe(sniffed)}${suggestion}.`, {
    details: { file, requested, detected: sniffed.kind === 'format' ? sniffed.format : sniffed.kind },
    hint: formatHint(),
  });
}

function formatHint(): string {
  return 'smm reads an X archive (data/tweets.js), LinkedIn Shares.csv, Mastodon outbox.json, Bluesky post JSON, Threads/Instagram/Facebook JSON, or your own CSV/JSON/NDJSON with a "text" column; pass --format to choose.';
}
