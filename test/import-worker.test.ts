import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../src/app/hash-text.js';
import type { ExportSource } from '../src/core/importers/export-source.js';
import { readImportBatches, type ImportBatch, type ImportReadJob, type OffThreadReader } from '../src/core/importers/import-batches.js';
import { openExportSource } from '../src/adapters/files/open-export-source.js';
import { PROJECT_ROOT, smm, smmBinary, smmJson, tempHome } from './helpers/run-smm.js';
import { writeXArchive } from './helpers/x-archive.js';

/**
 * The import's reading thread, as built (`npm run build`; vitest runs the
 * TypeScript sources, where the worker's entry is not compiled, so those
 * imports read on the calling thread): the same batches and the same faults
 * as the calling thread, cancellable, and used by the built CLI.
 */
const BUILT_READER = path.join(PROJECT_ROOT, 'dist', 'app', 'worker-import-reader.js');

type ReaderModule = { workerImportReader: (options?: { minBytes?: number; entry?: URL }) => OffThreadReader };

let folder: string;
let archive: string;
let built: ReaderModule;

beforeAll(async () => {
  folder = tempHome('smm-import-worker-');
  archive = path.join(folder, 'export', 'data', 'tweets.js');
  mkdirSync(path.dirname(archive), { recursive: true });
  writeXArchive(archive, 9_000, 1_500);
  // The premise of the CLI test below: over the size at which the app reads on a worker thread (2 MiB).
  expect(statSync(archive).size).toBeGreaterThan(2 * 1024 * 1024);
  built = (await import(pathToFileURL(BUILT_READER).href)) as ReaderModule;
});

afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function jobFor(source: ExportSource, signal?: AbortSignal): Promise<ImportReadJob> {
  const files = (await source.files()).filter((file) => file.name.endsWith('tweets.js'));
  return { files, format: 'x', batchSize: 1_000, signal };
}

async function collect(batches: AsyncIterable<ImportBatch>): Promise<{ batches: ImportBatch[]; error?: { code?: string; message: string; hint?: string; details?: unknown } }> {
  const out: ImportBatch[] = [];
  try {
    for await (const batch of batches) out.push(batch);
  } catch (error) {
    const fault = error as { code?: string; message: string; hint?: string; details?: unknown };
    return { batches: out, error: { code: fault.code, message: fault.message, hint: fault.hint, details: fault.details } };
  }
  return { batches: out };
}

describe('import worker thread (built)', () => {
  it('gives the batches the calling thread gives', async () => {
    const source = await openExportSource(path.join(folder, 'export'));
    const inWorker = built.workerImportReader({ minBytes: 0 })(await jobFor(source), source);
    expect(inWorker, 'the built reader must take an export on disk').toBeDefined();
    const [worker, here] = await Promise.all([collect(inWorker!), collect(readImportBatches(sha256Hex)(await jobFor(source)))]);
    expect(worker.error).toBeUndefined();
    // Nine batches of 1,000 posts, then the last with the 1,500 retweets at the end of the file.
    expect(worker.batches.map((batch) => batch.posts.length)).toEqual([...Array(9).fill(1_000), 0]);
    expect(worker.batches).toEqual(here.batches);
    expect(worker.batches.reduce((sum, batch) => sum + (batch.skipped['retweet'] ?? 0), 0)).toBe(1_500);
  });

  it('ends a truncated file with the fault the calling thread throws, after the same good records', async () => {
    const truncatedFolder = path.join(folder, 'truncated', 'data');
    mkdirSync(truncatedFolder, { recursive: true });
    const text = readFileSync(archive, 'utf8');
    writeFileSync(path.join(truncatedFolder, 'tweets.js'), text.slice(0, Math.floor(text.length * 0.6)));
    const source = await openExportSource(path.dirname(truncatedFolder));
    const worker = await collect(built.workerImportReader({ minBytes: 0 })(await jobFor(source), source)!);
    const here = await collect(readImportBatches(sha256Hex)(await jobFor(source)));
    expect(here.error?.code).toBe('invalid_input');
    expect(worker.error).toEqual(here.error);
    expect(worker.batches).toEqual(here.batches);
  });

  it('stops reading when the import is cancelled', async () => {
    const source = await openExportSource(path.join(folder, 'export'));
    const controller = new AbortController();
    let seen = 0;
    for await (const _batch of built.workerImportReader({ minBytes: 0 })(await jobFor(source, controller.signal), source)!) {
      seen++;
      controller.abort();
    }
    expect(seen).toBe(1);
  });

  it('leaves small exports, exports not on disk and a missing entry to the calling thread', async () => {
    const source = await openExportSource(path.join(folder, 'export'));
    const job = await jobFor(source);
    expect(built.workerImportReader()(job, source)).toBeDefined();
    expect(built.workerImportReader({ minBytes: 100 * 1024 * 1024 })(job, source)).toBeUndefined();
    expect(built.workerImportReader({ minBytes: 0 })(job, { label: 'upload', files: source.files })).toBeUndefined();
    expect(built.workerImportReader({ minBytes: 0, entry: pathToFileURL(path.join(folder, 'no-such-worker.js')) })(job, source)).toBeUndefined();
  });

  it('the built CLI imports a large export with the summary an in-process import gives', async () => {
    const viaWorker = tempHome('smm-import-worker-cli-');
    const inProcess = tempHome('smm-import-worker-src-');
    try {
      for (const home of [viaWorker, inProcess]) expect((await smm(home, ['profile', 'add', 'acme'])).status).toBe(0);
      const built = smmBinary(viaWorker, ['import', path.join(folder, 'export'), '--profile', 'acme', '--json']);
      expect(built.status, built.stderr).toBe(0);
      const here = await smmJson<Record<string, unknown>>(inProcess, ['import', path.join(folder, 'export'), '--profile', 'acme']);
      const summary = JSON.parse(built.stdout) as Record<string, unknown>;
      const comparable = ({ startedAt: _s, finishedAt: _f, ...rest }: Record<string, unknown>) => rest;
      expect(comparable(summary)).toEqual(comparable(here));
      expect(summary).toMatchObject({ imported: 9_000, skipped: { retweet: 1_500 } });
    } finally {
      rmSync(viaWorker, { recursive: true, force: true });
      rmSync(inProcess, { recursive: true, force: true });
    }
  }, 60_000);
});
