import type { PostRepository } from '../ports.js';
import { exportCsvHeader, exportRowToCsvFields, formatCsvLine, postToExportRow } from './export-row.js';

export const EXPORT_FORMATS = ['ndjson', 'json', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_CONTENT_TYPES: Readonly<Record<ExportFormat, string>> = {
  ndjson: 'application/x-ndjson; charset=utf-8',
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};

/**
 * Every post of a profile as text chunks of the chosen format, streaming
 * (one batch of posts in memory at a time). `smm import --format <same>`
 * reads the result back with nothing lost.
 */
export async function* exportChunks(
  posts: PostRepository,
  profileId: number,
  format: ExportFormat,
  options: { signal?: AbortSignal; onPost?: () => void } = {},
): AsyncGenerator<string> {
  let first = true;
  if (format === 'csv') yield exportCsvHeader();
  if (format === 'json') yield '[';
  for await (const batch of posts.iterateByProfile(profileId)) {
    options.signal?.throwIfAborted();
    let chunk = '';
    for (const post of batch) {
      const row = postToExportRow(post);
      if (format === 'csv') chunk += formatCsvLine(exportRowToCsvFields(row));
      else if (format === 'json') chunk += `${first ? '\n' : ',\n'}  ${JSON.stringify(row)}`;
      else chunk += `${JSON.stringify(row)}\n`;
      first = false;
      options.onPost?.();
    }
    yield chunk;
  }
  if (format === 'json') yield first ? ']\n' : '\n]\n';
}
