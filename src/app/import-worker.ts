/**
 * The import worker thread's entry: reads an export with the core's
 * readImportBatches and sends its batches to the thread that stores them,
 * at most `ahead` batches before an ACK (so memory stays at a few batches
 * however large the export). Started by worker-import-reader.ts; like the
 * composition root, it joins the core's reader to the file adapter and the hash.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openExportSource } from '../adapters/files/index.js';
import { InvalidInputError } from '../core/errors.js';
import { loadReadImportBatches } from '../core/importers/index.js';
import { sha256Hex } from './hash-text.js';
import { ACK, toWorkerError, type ImportWorkerJob, type ImportWorkerMessage } from './import-worker-protocol.js';

const port = parentPort!;
const job = workerData as ImportWorkerJob;
let credit = job.ahead;
let wake: (() => void) | undefined;
port.on('message', (message) => {
  if (message !== ACK) return;
  credit++;
  wake?.();
  wake = undefined;
});
const send = (message: ImportWorkerMessage): void => port.postMessage(message);

try {
  const { readImportBatches } = await loadReadImportBatches();
  const source = await openExportSource(job.path);
  const byName = new Map((await source.files()).map((file) => [file.name, file]));
  const files = job.files.map((name) => {
    const file = byName.get(name);
    if (!file) throw new InvalidInputError(`${name} is no longer in ${source.label}: the export changed while it was imported.`, { details: { file: name } });
    return file;
  });
  for await (const batch of readImportBatches(sha256Hex)({ files, format: job.format, platform: job.platform, batchSize: job.batchSize })) {
    while (credit === 0) await new Promise<void>((resolve) => (wake = resolve));
    credit--;
    send({ type: 'batch', json: JSON.stringify(batch) });
  }
  send({ type: 'done' });
} catch (error) {
  send({ type: 'error', error: toWorkerError(error) });
}
port.close();
