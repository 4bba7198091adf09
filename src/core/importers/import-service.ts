import { CancelledError, ImportFailedError, InvalidInputError } from '../errors.js';
import type { Platform } from '../platforms/platform-id.js';
import type { Clock, PostRepository, ProfileRepository, ProgressListener } from '../ports.js';
import type { HashText } from '../posts/dedupe-key.js';
import { ProfileService, type Scope } from '../profiles/profile-service.js';
import { detectFormat } from './detect-format.js';
import type { ExportSource, SkippedEntry } from './export-source.js';
import { isReadFault, MAX_LISTED_ERRORS, readImportBatches, type ImportReadJob, type OffThreadReader } from './import-batches.js';
import { FORMAT_NAMES, type ImportFormat } from './import-item.js';
import { platformOfFormat } from './importer-registry.js';

export { MAX_LISTED_ERRORS } from './import-batches.js';

export interface ImportRequest {
  /** Who imports: the workspace (and owner) whose profiles are visible, as every service takes it. */
  scope: Scope;
  /** Handle of the profile the posts are imported into (any case, as `post list --profile` takes it); it must exist. */
  handle: string;
  source: ExportSource;
  /** `auto` detects the format from the files' content and names. */
  format: ImportFormat | 'auto';
  /** Platform of csv/json/ndjson rows that do not name one; for a platform export it must match. */
  platform?: Platform;
  /** Posts stored per transaction (default 1,000). */
  batchSize?: number;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
}

export interface ImportSummary {
  /** New posts stored. */
  imported: number;
  /** Posts already stored (same platform id, or same text and date). */
  duplicates: number;
  /** Records deliberately not imported, by reason (retweet, boost, direct-message, empty, …). */
  skipped: Record<string, number>;
  /**
   * Posts kept (new or already there) that have no words (see hasUsableText):
   * photo-only posts, emoji or separators. They keep their date, engagement
   * and media count, and are never used for the voice, as examples or in search.
   */
  withoutText: number;
  /** Records that could not be read, at most MAX_LISTED_ERRORS of them. */
  errors: { record: string; message: string }[];
  /** Every error, including those past the listed ones. */
  errorCount: number;
  profile: string;
  format: ImportFormat;
  /** The files read, in order. */
  files: string[];
  /** Paths of a folder not read: symbolic links out of it or back into a folder already read (cycles). */
  notRead: SkippedEntry[];
  startedAt: string;
  finishedAt: string;
}

const DEFAULT_BATCH = 1_000;

/**
 * Imports a platform's data export into a profile, streaming: records are
 * read one at a time and stored in batches, each batch one transaction that
 * skips posts already there. An import stopped halfway and run again ends in
 * the state of one clean import.
 *
 * Faults: a bad record is listed in `errors` and the import goes on; a fault
 * that makes the rest of a file unreadable (truncated JSON, wrong CSV header,
 * binary data) stores every good record before it, then throws an
 * InvalidInputError naming the file and line.
 */
export class ImportService {
  constructor(
    private readonly deps: {
      posts: PostRepository;
      profiles: ProfileRepository;
      clock: Clock;
      hashText: HashText;
      /** Reads large exports on another thread while this one stores (see OffThreadReader); without it, one thread does both. */
      offThread?: OffThreadReader;
    },
  ) {}

  async run(request: ImportRequest): Promise<ImportSummary> {
    throwIfAborted(request.signal, 0);
    // Resolved as every service resolves a profile: handle in any case, only those the scope can see.
    const profile = await new ProfileService(this.deps.profiles).get(request.scope, request.handle);
    const startedAt = this.deps.clock.now().toISOString();
    const detected = await detectFormat(request.source, request.format);
    const formatPlatform = platformOfFormat(detected.format);
    if (request.platform && formatPlatform && request.platform !== formatPlatform) {
      throw new InvalidInputError(`${FORMAT_NAMES[detected.format]} holds ${formatPlatform} posts, not ${request.platform} posts.`, {
        details: { format: detected.format, platform: request.platform },
        hint: '{{--platform|"platform"}} only applies to csv/json/ndjson files; leave it out for a platform export.',
      });
    }

    const summary: ImportSummary = {
      imported: 0,
      duplicates: 0,
      skipped: {},
      withoutText: 0,
      errors: [],
      errorCount: 0,
      profile: profile.handle,
      format: detected.format,
      files: detected.files.map((file) => file.name),
      notRead: [...(request.source.skipped?.() ?? [])],
      startedAt,
      finishedAt: startedAt,
    };
    const sizes = detected.files.map((file) => file.size);
    const total = sizes.every((size): size is number => size !== null) ? sizes.reduce((sum, size) => sum + size, 0) : undefined;
    let bytesRead = 0;
    const seen: string[] = [];
    const report = (message: string): void => request.onProgress?.({ phase: 'import', done: bytesRead, total, unit: 'bytes', message });
    report(`Reading ${FORMAT_NAMES[detected.format]}`);

    const job: ImportReadJob = {
      files: detected.files,
      format: detected.format,
      platform: request.platform,
      batchSize: Math.max(1, request.batchSize ?? DEFAULT_BATCH),
      signal: request.signal,
    };
    const read = this.deps.offThread?.(job, request.source) ?? readImportBatches(this.deps.hashText)(job);
    let storing = false;
    try {
      for await (const batch of read) {
        throwIfAborted(request.signal, summary.imported);
        for (const [reason, count] of Object.entries(batch.skipped)) summary.skipped[reason] = (summary.skipped[reason] ?? 0) + count;
        summary.errorCount += batch.errorCount;
        for (const error of batch.errors) if (summary.errors.length < MAX_LISTED_ERRORS) summary.errors.push(error);
        summary.withoutText += batch.withoutText;
        seen.push(...batch.described);
        bytesRead = batch.bytesRead;
        if (batch.posts.length === 0) continue;
        storing = true;
        const result = await this.deps.posts.insertMany(profile.id, batch.posts);
        storing = false;
        summary.imported += result.inserted;
        summary.duplicates += result.duplicates;
        report(`${summary.imported.toLocaleString('en-US')} imported`);
      }
    } catch (error) {
      // The reader handed on every good record before a read fault, and they are stored: say so with the fault.
      if (storing || !isReadFault(error)) throw error;
      throw withSummary(error, summary);
    }
    throwIfAborted(request.signal, summary.imported);
    summary.finishedAt = this.deps.clock.now().toISOString();
    if (summary.imported + summary.duplicates === 0) throw nothingFound(summary, seen);
    report('done');
    return summary;
  }
}

function throwIfAborted(signal: AbortSignal | undefined, imported: number): void {
  if (signal?.aborted) {
    throw new CancelledError(
      imported > 0
        ? `Import cancelled after ${imported.toLocaleString('en-US')} posts were stored; run it again to finish (nothing is added twice).`
        : 'Import cancelled.',
    );
  }
}

function withSummary(error: unknown, summary: ImportSummary): unknown {
  if (!(error instanceof InvalidInputError)) return error;
  const saved =
    summary.imported > 0
      ? `${summary.imported.toLocaleString('en-US')} new posts read before the fault were stored; re-running the import after fixing the file adds only the rest.`
      : 'Nothing was stored.';
  return new InvalidInputError(error.message, {
    cause: error,
    details: { ...error.details, summary },
    hint: `${saved} ${error.hint ?? ''}`.trim(),
  });
}

/**
 * A read that found no post is never "done": the error says what was seen
 * (records skipped and why, records in error, what each JSON file held) so
 * the user can tell a wrong file from a reader fault.
 */
function nothingFound(summary: ImportSummary, seen: readonly string[]): ImportFailedError {
  const skipped = Object.entries(summary.skipped).map(([reason, count]) => `${count.toLocaleString('en-US')} ${reason}`);
  const read = Object.values(summary.skipped).reduce((sum, count) => sum + count, 0) + summary.errorCount;
  const facts = [
    read === 0 ? 'no record was read' : `${read.toLocaleString('en-US')} records were read`,
    ...(skipped.length > 0 ? [`skipped: ${skipped.join(', ')}`] : []),
    ...(summary.errorCount > 0 ? [`${summary.errorCount.toLocaleString('en-US')} could not be read (first: ${summary.errors[0]?.record}: ${summary.errors[0]?.message})`] : []),
    ...seen,
    ...summary.notRead.map((entry) => `not read: ${entry.path} (${entry.reason})`),
  ];
  return new ImportFailedError(`No post found to import from ${summary.files.join(', ')} (${FORMAT_NAMES[summary.format]}): ${facts.join('; ')}.`, {
    details: { reason: 'no_posts', summary, seen },
    hint:
      read === 0
        ? 'Check that this is the right file of the export (and not an empty part of it); if the file does hold posts, please report it with the line above.'
        : 'Every record was skipped or unreadable: check the reasons above, or that --format matches the file.',
  });
}
