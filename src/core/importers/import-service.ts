import { AppError, CancelledError, ImportFailedError, InvalidInputError } from '../errors.js';
import type { Platform } from '../platforms/platform-id.js';
import type { Clock, NewPost, PostRepository, ProfileRepository, ProgressListener } from '../ports.js';
import { canonicalPostFields } from '../posts/canonical-post-fields.js';
import { dedupeKeyFor, type HashText } from '../posts/dedupe-key.js';
import { MAX_POST_TEXT, PostInputSchema } from '../posts/post-schema.js';
import { defaultStatusFor } from '../posts/post-status.js';
import { hasUsableText } from '../posts/usable-text.js';
import { ProfileService, type Scope } from '../profiles/profile-service.js';
import { detectFormat } from './detect-format.js';
import type { ExportFile, ExportSource, SkippedEntry } from './export-source.js';
import { FORMAT_NAMES, type ImportFormat, type ImportItem } from './import-item.js';
import { IMPORTERS, platformOfFormat } from './importer-registry.js';

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

export const MAX_LISTED_ERRORS = 100;
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
    private readonly deps: { posts: PostRepository; profiles: ProfileRepository; clock: Clock; hashText: HashText },
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
    const counter = { bytes: 0 };
    const seen: string[] = [];
    const files = detected.files.map((file) => countingFile(file, counter, (description) => seen.push(`${file.name}: ${description}`)));
    const report = (message: string): void =>
      request.onProgress?.({ phase: 'import', done: counter.bytes, total, unit: 'bytes', message });
    report(`Reading ${FORMAT_NAMES[detected.format]}`);

    const batchSize = Math.max(1, request.batchSize ?? DEFAULT_BATCH);
    let batch: NewPost[] = [];
    let storing = false;
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return;
      storing = true;
      const result = await this.deps.posts.insertMany(profile.id, batch);
      storing = false;
      summary.imported += result.inserted;
      summary.duplicates += result.duplicates;
      batch = [];
      report(`${summary.imported.toLocaleString('en-US')} imported`);
    };

    const items = IMPORTERS[detected.format](files, { platform: request.platform });
    try {
      for await (const item of items) {
        throwIfAborted(request.signal, summary.imported);
        if (item.kind === 'skip') {
          summary.skipped[item.reason] = (summary.skipped[item.reason] ?? 0) + 1;
          continue;
        }
        const post = item.kind === 'post' ? this.toNewPost(item) : item;
        if ('kind' in post) {
          summary.errorCount++;
          if (summary.errors.length < MAX_LISTED_ERRORS) summary.errors.push({ record: post.ref, message: post.message });
          continue;
        }
        if (!hasUsableText(post.text)) summary.withoutText++;
        batch.push(post);
        if (batch.length >= batchSize) await flush();
      }
    } catch (error) {
      if (storing || error instanceof CancelledError || !isReadFault(error)) throw error;
      // Everything read before the fault is good: keep it, then report the fault.
      await flush();
      throw withSummary(error, summary);
    }
    await flush();
    summary.finishedAt = this.deps.clock.now().toISOString();
    if (summary.imported + summary.duplicates === 0) throw nothingFound(summary, seen);
    report('done');
    return summary;
  }

  /** Validates an imported post and gives it its identity; a message when it cannot be stored. */
  private toNewPost(item: Extract<ImportItem, { kind: 'post' }>): NewPost | { kind: 'error'; ref: string; message: string } {
    const { post } = item;
    if (post.text.length > MAX_POST_TEXT) {
      return {
        kind: 'error',
        ref: item.ref,
        message: `the text is ${post.text.length.toLocaleString('en-US')} characters, over the ${MAX_POST_TEXT.toLocaleString('en-US')} a post may have; shorten or split it`,
      };
    }
    const input = {
      ...post,
      status: post.status ?? defaultStatusFor({ publishedAt: post.publishedAt, scheduledAt: post.scheduledAt, source: post.source ?? 'imported' }),
      scheduledAt: post.scheduledAt ?? null,
      source: post.source ?? 'imported',
      sharedUrl: post.sharedUrl ?? null,
      threadParts: post.threadParts ?? null,
      generationId: null,
    };
    // Importers build posts already in their final form: those skip zod; anything else is parsed, and a refusal says why.
    let fields = canonicalPostFields(input);
    if (!fields) {
      const parsed = PostInputSchema.safeParse(input);
      if (!parsed.success) {
        const message = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'post'}: ${issue.message}`).join('; ');
        return { kind: 'error', ref: item.ref, message };
      }
      fields = parsed.data;
    }
    // fields is a fresh object of our own: giving it its identity in place saves a copy per post.
    return Object.assign(fields, { dedupeKey: item.dedupeKey ?? dedupeKeyFor(fields, this.deps.hashText) });
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

/** Faults of the input (not of storage): the records before them are worth keeping. */
function isReadFault(error: unknown): boolean {
  return !AppError.isInstance(error) || error.code === 'invalid_input' || error.code === 'unsupported_format';
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

/** Counts the bytes read from a file, for progress; passes on what readers say the file held. */
function countingFile(file: ExportFile, counter: { bytes: number }, onDescribed: (description: string) => void): ExportFile {
  return {
    name: file.name,
    size: file.size,
    onDescribed,
    open: async function* () {
      for await (const chunk of file.open()) {
        counter.bytes += chunk.length;
        yield chunk;
      }
    },
  };
}
