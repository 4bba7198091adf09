import { InvalidInputError } from '../errors.js';
import { readCsvRows, type CsvRow } from './csv-reader.js';
import { decodeText } from './decode-text.js';
import { importedPost } from './import-helpers.js';
import { recordRef, type ImportItem, type Importer } from './import-item.js';
import { linkedInCommentary } from './linkedin-commentary.js';

/** Header names compared without case, spaces or punctuation ("Share Commentary" = "ShareCommentary"). */
export function headerKey(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** LinkedIn dates: `2023-05-10 14:32:10` (current) or `2017/06/08 08:15:44 UTC` (2018), both UTC. */
export function parseLinkedInDate(value: string): string | null {
  const match = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?/.exec(value.trim());
  if (!match) return null;
  const [, year, month, day, hours, minutes, seconds] = match.map((part) => Number(part ?? 0)); // seconds may be missing
  const time = Date.UTC(year!, month! - 1, day!, hours!, minutes!, seconds!);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/** `urn:li:activity:123` from a feed link like `…/feed/update/urn%3Ali%3Aactivity%3A123`. */
export function linkedInUrn(link: string): string | null {
  let decoded = link;
  try {
    decoded = decodeURIComponent(link);
  } catch {
    // keep it as written
  }
  return /urn:li:(?:activity|share|ugcPost):\d+/.exec(decoded)?.[0] ?? null;
}

/**
 * LinkedIn `Shares.csv`: Date, ShareLink, ShareCommentary, SharedUrl,
 * MediaUrl, Visibility (the 2018 export spells them with spaces and is
 * UTF-16, tab-separated). The commentary is read with linkedInCommentary
 * (both layouts). A share with several images may span several rows with
 * the same ShareLink, one per image: consecutive rows of one share are one
 * post, with one media item per MediaUrl. Rows with neither commentary nor
 * media are reshares with nothing written: skipped as `empty`.
 */
export const importLinkedIn: Importer = async function* (files) {
  for (const file of files) {
    let columns: Header | undefined;
    let count = 0;
    let pending: { link: string; item: ImportItem } | undefined;
    for await (const row of readCsvRows(decodeText(file.open()), { file: file.name })) {
      if (!columns) {
        columns = headerColumns(file.name, row);
        continue;
      }
      const link = cell(row, columns, 'sharelink').trim();
      if (pending && link !== '' && link === pending.link && mergeRow(pending.item, row, columns)) continue;
      if (pending) yield pending.item;
      pending = { link, item: toItem(file.name, row, columns, count++) };
    }
    if (pending) yield pending.item;
    if (!columns) {
      throw new InvalidInputError(`${file.name} is empty: it has no header line.`, {
        details: { file: file.name },
        hint: 'Download the LinkedIn export again; Shares.csv starts with a "Date,ShareLink,ShareCommentary,…" header.',
      });
    }
  }
};

interface Header {
  index: Map<string, number>;
  width: number;
}

function headerColumns(file: string, row: CsvRow): Header {
  const columns = new Map<string, number>();
  row.fields.forEach((name, index) => columns.set(headerKey(name), index));
  if (!columns.has('date') || !columns.has('sharecommentary')) {
    throw new InvalidInputError(
      `${file} line ${row.line}: this is not a LinkedIn Shares.csv header (expected Date and ShareCommentary columns, found: ${row.fields.slice(0, 12).join(', ')}).`,
      { details: { file, line: row.line }, hint: 'Pick Shares.csv from the LinkedIn export, or use {{--format csv|"format": "csv"}} for your own CSV.' },
    );
  }
  return { index: columns, width: row.fields.length };
}

function cell(row: CsvRow, header: Header, name: string): string {
  const column = header.index.get(name);
  return column === undefined ? '' : (row.fields[column] ?? '');
}

/** Folds a further row of the same share (one more image) into its post; false when it cannot be one. */
function mergeRow(item: ImportItem, row: CsvRow, header: Header): boolean {
  if (item.kind === 'error' || row.fields.length > header.width) return false;
  const text = linkedInCommentary(cell(row, header, 'sharecommentary')).trim();
  const media = cell(row, header, 'mediaurl').trim() === '' ? 0 : 1;
  if (item.kind === 'skip') return text === '' && media === 0;
  if (text !== '' && text !== item.post.text) return false;
  item.post.mediaCount += media;
  return true;
}

function toItem(file: string, row: CsvRow, header: Header, index: number): ImportItem {
  const get = (name: string): string => cell(row, header, name);
  const link = get('sharelink');
  const urn = link ? linkedInUrn(link) : null;
  const ref = recordRef(file, { line: row.line, index, id: urn });
  if (row.fields.length > header.width) {
    return { kind: 'error', ref, message: `the row has ${row.fields.length} fields but the header has ${header.width}` };
  }
  const text = linkedInCommentary(get('sharecommentary')).trim();
  const mediaCount = get('mediaurl').trim() === '' ? 0 : 1;
  if (text === '' && mediaCount === 0) return { kind: 'skip', ref, reason: 'empty' };
  const date = get('date');
  const publishedAt = date ? parseLinkedInDate(date) : null;
  if (date && !publishedAt) return { kind: 'error', ref, message: `Date "${date}" is not a date` };
  return {
    kind: 'post',
    ref,
    post: importedPost('linkedin', {
      text,
      publishedAt,
      externalId: urn,
      url: link || null,
      mediaCount,
      sharedUrl: get('sharedurl').trim() || null,
    }),
  };
}
