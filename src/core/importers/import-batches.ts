import { AppError } from '../errors.js';
import type { Platform } from '../platforms/platform-id.js';
import type { NewPost } from '../ports.js';
import { canonicalPostFields } from '../posts/canonical-post-fields.js';
import { dedupeKeyFor, type HashText } from '../posts/dedupe-key.js';
import { MAX_POST_TEXT, PostInputSchema, type PostInput } from '../posts/post-schema.js';
import { defaultStatusFor } from '../posts/post-status.js';
import { hasUsableText } from '../posts/usable-text.js';
import type { ExportFile, ExportSource } from './export-source.js';
import type { ImportFormat, ImportItem } from './import-item.js';
import { IMPORTERS } from './importer-registry.js';

/**
 * The reading half of an import: what the records of an export came to,
 * one batch of posts at a time, with what was passed over on the way. A
 * batch is plain data (no functions, no class instances), so it can cross
 * a thread boundary as it is.
 */
export interface ImportBatch {
  /** Posts ready to store: validated, with their identity (dedupe key). */
  posts: NewPost[];
  /** Records deliberately not imported since the previous batch, by reason. */
  skipped: Record<string, number>;
  /** Records that could not be read since the previous batch, as long as fewer than MAX_LISTED_ERRORS were listed before. */
  errors: { record: string; message: string }[];
  /** Records that could not be read since the previous batch, listed or not. */
  errorCount: number;
  /** Posts of this batch without words (hasUsableText). */
  withoutText: number;
  /** Bytes read from the files so far (all of them, not since the previous batch). */
  bytesRead: number;
  /** What the readers said the files held since the previous batch (`file: description`), for "nothing found". */
  described: string[];
}

export interface ImportReadJob {
  /** The files of the export that the format's importer reads (as detectFormat chose them). */
  files: readonly ExportFile[];
  format: ImportFormat;
  platform?: Platform;
  /** Posts per batch. */
  batchSize: number;
  /** When aborted, reading stops at the next record (the caller says it was cancelled). */
  signal?: AbortSignal;
}

/**
 * Reads an export into batches. A fault that makes the rest of a file
 * unreadable is thrown after the batch of every good record before it has
 * been yielded, so the caller can store them first.
 */
export type ImportReader = (job: ImportReadJob) => AsyncIterable<ImportBatch>;

/**
 * A reader on another thread, for the exports it can reopen there (see
 * ExportSource.path); undefined leaves the job to the calling thread. Its
 * batches and errors are those readImportBatches would give.
 */
export type OffThreadReader = (job: ImportReadJob, source: ExportSource) => AsyncIterable<ImportBatch> | undefined;

/** Records in error listed in a summary (the rest are counted). */
export const MAX_LISTED_ERRORS = 100;

/** The reader on the calling thread; `hashText` gives posts without a platform id their identity. */
export function readImportBatches(hashText: HashText): ImportReader {
  return async function* (job) {
    let counted = 0;
    let listed = 0;
    let described: string[] = [];
    const files = job.files.map((file) => countingFile(file, (bytes) => (counted += bytes), (description) => described.push(`${file.name}: ${description}`)));
    let batch = emptyBatch();
    const take = (): ImportBatch => {
      const full = batch;
      full.bytesRead = counted;
      full.described = described;
      batch = emptyBatch();
      described = [];
      return full;
    };
    try {
      for await (const item of IMPORTERS[job.format](files, { platform: job.platform })) {
        if (job.signal?.aborted) return;
        if (item.kind === 'skip') {
          batch.skipped[item.reason] = (batch.skipped[item.reason] ?? 0) + 1;
          continue;
        }
        const post = item.kind === 'post' ? toNewPost(item, hashText) : item;
        if ('kind' in post) {
          batch.errorCount++;
          if (listed++ < MAX_LISTED_ERRORS) batch.errors.push({ record: post.ref, message: post.message });
          continue;
        }
        if (!hasUsableText(post.text)) batch.withoutText++;
        batch.posts.push(post);
        if (batch.posts.length >= job.batchSize) yield take();
      }
    } catch (error) {
      // Everything read before the fault is good: hand it on, then the fault.
      if (!job.signal?.aborted && isReadFault(error)) yield take();
      throw error;
    }
    yield take();
  };
}

function emptyBatch(): ImportBatch {
  return { posts: [], skipped: {}, errors: [], errorCount: 0, withoutText: 0, bytesRead: 0, described: [] };
}

/** Faults of the input (not of storage): the records before them are worth keeping. */
export function isReadFault(error: unknown): boolean {
  return !AppError.isInstance(error) || error.code === 'invalid_input' || error.code === 'unsupported_format';
}

/** Validates an imported post and gives it its identity; a message when it cannot be stored. */
function toNewPost(item: Extract<ImportItem, { kind: 'post' }>, hashText: HashText): NewPost | { kind: 'error'; ref: string; message: string } {
  const { post } = item;
  if (post.text.length > MAX_POST_TEXT) {
    return {
      kind: 'error',
      ref: item.ref,
      message: `the text is ${post.text.length.toLocaleString('en-US')} characters, over the ${MAX_POST_TEXT.toLocaleString('en-US')} a post may have; shorten or split it`,
    };
  }
  // Every field written out, not `...post`: copying an importer's object by spread cost
  // 9 µs a post (V8's slow path), three quarters of the reading thread's time past the parse.
  const source = post.source ?? 'imported';
  const input: PostInput = {
    platform: post.platform,
    text: post.text,
    status: post.status ?? defaultStatusFor({ publishedAt: post.publishedAt, scheduledAt: post.scheduledAt, source }),
    scheduledAt: post.scheduledAt ?? null,
    publishedAt: post.publishedAt,
    engagement: post.engagement,
    tags: post.tags,
    source,
    externalId: post.externalId,
    url: post.url,
    isReply: post.isReply,
    replyToExternalId: post.replyToExternalId,
    lang: post.lang,
    mediaCount: post.mediaCount,
    contentWarning: post.contentWarning,
    sharedUrl: post.sharedUrl ?? null,
    generationId: null,
    threadParts: post.threadParts ?? null,
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
  return Object.assign(fields, { dedupeKey: item.dedupeKey ?? dedupeKeyFor(fields, hashText) });
}

/** Counts the bytes read from a file, for progress; passes on what readers say the file held. */
function countingFile(file: ExportFile, onBytes: (bytes: number) => void, onDescribed: (description: string) => void): ExportFile {
  return {
    name: file.name,
    size: file.size,
    onDescribed,
    open: async function* () {
      for await (const chunk of file.open()) {
        onBytes(chunk.length);
        yield chunk;
      }
    },
  };
}
