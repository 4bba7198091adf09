/**
 * Import of a generated 100,000-post X archive through the real path
 * (`ImportService`: streaming parse on a worker thread, identity, batched insertMany into
 * SQLite with FTS and the vector outbox), next to a raw better-sqlite3
 * prepared-statement insert of the same rows into the same schema in the
 * same run (the physical limit here). Goals (issue 8): ≥ 20,000 posts/s and
 * ≥ 50% of raw.
 */
import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { openExportSource } from '../src/adapters/files/open-export-source.js';
import { workerImportReader } from '../src/app/worker-import-reader.js';
import { openStorage } from '../src/adapters/storage/open-storage.js';
import { sha256Hex } from '../src/app/hash-text.js';
import { ImportService } from '../src/core/importers/import-service.js';
import type { NewPost } from '../src/core/ports.js';
import { ProfileInputSchema } from '../src/core/profiles/profile-schema.js';
import { atLeast } from './bench-goal.js';
import { round } from './bench-stats.js';
import { generateXArchive } from './import-parse-bench.js';
import { rawInsert } from './storage-bench-raw.js';

async function timed<T>(work: () => Promise<T> | T): Promise<{ value: T; wall: number; cpu: number }> {
  const wallStart = performance.now();
  const cpuStart = process.cpuUsage();
  const value = await work();
  const cpu = process.cpuUsage(cpuStart);
  return { value, wall: (performance.now() - wallStart) / 1000, cpu: (cpu.user + cpu.system) / 1e6 };
}

export async function runImportBench(options: { posts?: number } = {}): Promise<Record<string, unknown>> {
  const count = options.posts ?? 100_000;
  const folder = mkdtempSync(path.join(tmpdir(), 'smm-import-bench-'));
  try {
    const archive = path.join(folder, 'archive', 'data', 'tweets.js');
    mkdirSync(path.dirname(archive), { recursive: true });
    const originals = await generateXArchive(archive, count);
    console.error(`import: generated an X archive of ${count} records (${Math.round(originals / 1e6)} MB)…`);

    const storage = await openStorage({ sqlitePath: path.join(folder, 'smm.sqlite') });
    const clock = { now: () => new Date() };
    await storage.profiles.ensureWorkspace('default');
    const profile = await storage.profiles.create('default', ProfileInputSchema.parse({ handle: 'bench', displayName: 'Bench' }));
    // Built as the composition root builds it (src/app/create-app.ts): the export is parsed on a worker thread.
    const service = new ImportService({ posts: storage.posts, profiles: storage.profiles, clock, hashText: sha256Hex, offThread: workerImportReader() });
    const source = await openExportSource(path.join(folder, 'archive'));
    const imported = await timed(() => service.run({ scope: { workspace: 'default' }, handle: 'bench', source, format: 'auto' }));

    // The same rows, as stored, for the raw baseline.
    const rows: NewPost[] = [];
    for await (const batch of storage.posts.iterateByProfile(profile.id, 5_000)) rows.push(...batch);
    await storage.close();

    const rawFile = path.join(folder, 'raw.sqlite');
    const prepared = await openStorage({ sqlitePath: rawFile });
    await prepared.profiles.ensureWorkspace('default');
    const rawTarget = await prepared.profiles.create('default', ProfileInputSchema.parse({ handle: 'raw', displayName: 'Raw' }));
    const workspaceId = (await prepared.profiles.ensureWorkspace('default')).id;
    await prepared.close();
    const database = new Database(rawFile);
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = NORMAL');
    const raw = await timed(() => rawInsert(database, { profileId: rawTarget.id, workspaceId }, rows, 'full', 1_000));
    database.close();

    const importRate = imported.value.imported / imported.wall;
    const rawRate = raw.value / raw.wall;
    return {
      loadAverage: loadavg().map((value) => round(value, 1)),
      posts: imported.value.imported,
      skipped: imported.value.skipped,
      importPostsPerSecond: atLeast(Math.round(importRate), 20_000),
      importCpuSeconds: round(imported.cpu),
      rawPostsPerSecond: Math.round(rawRate),
      rawCpuSeconds: round(raw.cpu),
      ratioToRaw: atLeast(round(importRate / rawRate, 3), 0.5),
      ratioToRawByCpu: round(raw.cpu / imported.cpu, 3),
      note: 'raw is a hand-written prepared-statement insert of the same rows with the same FTS and outbox writes, in the same run',
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
