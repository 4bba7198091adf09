import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ImportBatch, OffThreadReader } from '../core/importers/index.js';
import { ACK, fromWorkerError, type ImportWorkerJob, type ImportWorkerMessage } from './import-worker-protocol.js';

/** Below this many bytes a thread costs more to start than it saves. */
const MIN_BYTES = 2 * 1024 * 1024;
/** Batches read ahead of the one being stored. */
const AHEAD = 2;

/**
 * Reads large exports on a worker thread (import-worker.ts) while the
 * calling thread stores the batches: parsing and SQL overlap on two cores.
 * Takes an export on disk (ExportSource.path) of at least `minBytes`; gives
 * anything else back to the calling thread, as it does when the worker's
 * compiled entry is not there (the TypeScript sources run by the tests).
 * Cancelling (the job's signal) stops the worker; a read fault comes back
 * with the code, message, hint and details it has on the calling thread.
 */
export function workerImportReader(options: { minBytes?: number; entry?: URL } = {}): OffThreadReader {
  const entry = options.entry ?? new URL('./import-worker.js', import.meta.url);
  const minBytes = options.minBytes ?? MIN_BYTES;
  let available: boolean | undefined;
  return (job, source) => {
    if (source.path === undefined) return undefined;
    const bytes = job.files.reduce((sum, file) => sum + (file.size ?? minBytes), 0);
    if (bytes < minBytes) return undefined;
    available ??= existsSync(fileURLToPath(entry));
    if (!available) return undefined;
    const data: ImportWorkerJob = {
      path: source.path,
      files: job.files.map((file) => file.name),
      format: job.format,
      platform: job.platform,
      batchSize: job.batchSize,
      ahead: AHEAD,
    };
    return readInWorker(entry, data, job.signal);
  };
}

type Event = ImportWorkerMessage | { type: 'crash'; error: Error } | { type: 'exit'; code: number } | { type: 'abort' };

async function* readInWorker(entry: URL, data: ImportWorkerJob, signal: AbortSignal | undefined): AsyncGenerator<ImportBatch> {
  const worker = new Worker(entry, { workerData: data });
  const events: Event[] = [];
  let wake: (() => void) | undefined;
  const push = (event: Event): void => {
    events.push(event);
    wake?.();
    wake = undefined;
  };
  worker.on('message', (message: ImportWorkerMessage) => push(message));
  worker.on('error', (error) => push({ type: 'crash', error }));
  worker.on('exit', (code) => push({ type: 'exit', code }));
  const abort = (): void => push({ type: 'abort' });
  signal?.addEventListener('abort', abort, { once: true });
  try {
    if (signal?.aborted) return;
    for (;;) {
      while (events.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      const event = events.shift()!;
      switch (event.type) {
        case 'batch':
          yield JSON.parse(event.json) as ImportBatch;
          worker.postMessage(ACK);
          break;
        case 'error':
          throw fromWorkerError(event.error);
        case 'crash':
          throw event.error;
        case 'exit':
          throw new Error(`The import worker thread stopped (exit code ${event.code}) before the end of the export.`);
        case 'done':
        case 'abort':
          // Cancelled: the import service says so, with what was stored.
          return;
      }
    }
  } finally {
    signal?.removeEventListener('abort', abort);
    await worker.terminate();
  }
}
