import type { Platform } from '../platforms/platform-id.js';
import type { ImportedPost } from '../posts/post-schema.js';
import type { ExportFile } from './export-source.js';

/** Every format `smm import` understands. */
export const IMPORT_FORMATS = [
  'x',
  'linkedin',
  'mastodon',
  'bluesky',
  'threads',
  'instagram',
  'facebook',
  'csv',
  'json',
  'ndjson',
] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** Human names of the formats, for messages ("it looks like an X archive"). */
export const FORMAT_NAMES: Readonly<Record<ImportFormat, string>> = {
  x: 'an X archive',
  linkedin: 'a LinkedIn Shares.csv',
  mastodon: 'a Mastodon outbox.json',
  bluesky: 'a Bluesky post export',
  threads: 'a Threads export',
  instagram: 'an Instagram export',
  facebook: 'a Facebook export',
  csv: 'a CSV file of posts',
  json: 'a JSON file of posts',
  ndjson: 'an NDJSON file of posts',
};

/**
 * One record read from an export. `ref` names the record for the user:
 * file, line, index and the platform id when there is one.
 *
 * - `post`: a post to store (de-duplication happens at storage time);
 * - `skip`: a record that is deliberately not imported (`reason` is a short
 *   stable word: retweet, boost, repost, direct-message, empty, …);
 * - `error`: a record that could not be read; the import goes on.
 */
export type ImportItem =
  | { kind: 'post'; ref: string; post: ImportedPost; dedupeKey?: string }
  | { kind: 'skip'; ref: string; reason: string }
  | { kind: 'error'; ref: string; message: string };

export interface ImportContext {
  /** Platform of rows that do not name one (plain csv/json/ndjson). */
  platform?: Platform;
}

/**
 * An importer turns the files of one format into items, streaming. A fault
 * that makes the rest of a file unreadable (truncated JSON, a wrong CSV
 * header, binary data) is thrown as an InvalidInputError after every record
 * before it has been yielded; a fault in one record is an `error` item.
 */
export type Importer = (files: readonly ExportFile[], context: ImportContext) => AsyncGenerator<ImportItem>;

/** Builds a record reference like `data/tweets.js:120 #7 id=1881497401032388897`. */
export function recordRef(file: string, position: { line?: number; index?: number; id?: string | null }): string {
  let ref = position.line === undefined ? file : `${file}:${position.line}`;
  if (position.index !== undefined) ref += ` #${position.index + 1}`;
  if (position.id) ref += ` id=${position.id}`;
  return ref;
}
