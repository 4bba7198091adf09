import Database from 'better-sqlite3';
import type { ChangeToken } from '../../../core/ports.js';

/**
 * The catalogue's version (migration 0009: triggers raise it whenever a
 * workspace, profile or API key changes), read on a connection of its own.
 * `PRAGMA data_version` tells first whether anyone committed at all, so the
 * counter is read again only after a commit: a few microseconds per call.
 */
export function sqliteCatalogueToken(file: string): ChangeToken {
  let database: Database.Database | undefined;
  let dataVersion: Database.Statement | undefined;
  let counter: Database.Statement | undefined;
  try {
    database = new Database(file, { readonly: true, fileMustExist: true });
    dataVersion = database.prepare('PRAGMA data_version').pluck();
    counter = database.prepare('select version from catalogue_version where id = 1').pluck();
  } catch {
    database?.close();
    return { current: () => undefined, close: () => undefined };
  }
  let seen: number | undefined;
  let version: number | undefined;
  return {
    current: () => {
      try {
        const now = dataVersion!.get() as number;
        if (now !== seen) {
          // Read the counter after data_version: a commit in between is seen again at the next call.
          version = counter!.get() as number | undefined;
          seen = now;
        }
        return version;
      } catch {
        seen = undefined;
        return undefined;
      }
    },
    close: () => database!.close(),
  };
}
