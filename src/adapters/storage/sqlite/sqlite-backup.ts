import { chmodSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InvalidInputError, StorageUnavailableError } from '../../../core/errors.js';
import type { ProgressListener } from '../../../core/ports.js';
import type { SqliteHandle } from '../storage-context.js';

/** Backups are readable and writable by their owner only. */
const OWNER_ONLY = 0o600;

/** Pages copied per step at first (4 MiB at the default page size). */
const FIRST_STEP_PAGES = 1024;

/**
 * A consistent copy of the database through SQLite's online backup, while
 * other connections and processes keep writing. A write by another
 * connection restarts the copy at its next step; each restart quadruples the
 * step, so under a steady stream of writes the copy still ends (in the end
 * in one step, which holds only a read lock: WAL writers go on). The copy is
 * written beside the target and renamed into place, so the target is never
 * half-written. It holds every post and the API keys' hashes: it is created
 * readable by its owner only (0600), whatever the umask.
 */
export async function backupSqlite(handle: SqliteHandle, targetPath: string, onProgress?: ProgressListener): Promise<void> {
  const target = resolve(targetPath);
  if (target === handle.path) {
    throw new InvalidInputError(`The backup target ${target} is the database itself.`, { hint: 'Choose another file, e.g. smm-backup.sqlite in another folder.' });
  }
  const partial = `${target}.partial-${process.pid}`;
  let pagesPerStep = FIRST_STEP_PAGES;
  let lastRemaining = Number.POSITIVE_INFINITY;
  try {
    mkdirSync(dirname(target), { recursive: true });
    rmSync(partial, { force: true });
    // Created empty with owner-only permissions before SQLite writes a byte into it (its journal inherits them).
    writeFileSync(partial, '', { mode: OWNER_ONLY, flag: 'wx' });
    chmodSync(partial, OWNER_ONLY);
    const { totalPages } = await handle.database.backup(partial, {
      progress({ totalPages, remainingPages }) {
        // Less progress than the step asked for: the copy restarted (or the file grew).
        if (remainingPages > lastRemaining - pagesPerStep) pagesPerStep *= 4;
        lastRemaining = remainingPages;
        onProgress?.({ phase: 'backup', done: totalPages - remainingPages, total: totalPages, unit: 'pages' });
        return pagesPerStep;
      },
    });
    // better-sqlite3 reports every step but the last.
    onProgress?.({ phase: 'backup', done: totalPages, total: totalPages, unit: 'pages' });
    // A stale -wal beside an old target would be replayed into the new copy.
    for (const suffix of ['-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
    chmodSync(partial, OWNER_ONLY);
    renameSync(partial, target);
  } catch (error) {
    rmSync(partial, { force: true });
    throw new StorageUnavailableError(
      `The backup to ${target} failed: ${error instanceof Error ? error.message : String(error)}.`,
      error,
      'Check that the target folder exists and is writable and that the disk has room, then retry.',
    );
  }
}
