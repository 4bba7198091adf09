import Database from 'better-sqlite3';
import type { ChangeToken } from '../../../core/ports.js';

/**
 * The catalogue's version (migration 0009: triggers raise it whenever a
 * workspace, profile or API key changes), read on a connection of its own.
 * `PRAGMA data_version` tells first whether anyone committed at all, so the
 * counter is read again only after a commit. Even that pragma costs about as
 * much as a small query (it opens a read transaction), and a request asks
 * twice (its API key, then its profile): so the answer is kept until the
 * event loop's next turn, and every request of one turn shares one read.
 * Another process's change shows from the next turn; this process's own
 * changes show at once, through the cache's own count (catalogue-cache.ts).
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
  let readThisTurn = false;
  const nextTurn = () => {
    readThisTurn = false;
  };
  return {
    current: () => {
      if (readThisTurn) return version;
      try {
        const now = dataVersion!.get() as number;
        if (now !== seen) {
          // Read the counter after data_version: a commit in between is seen again at the next call.
          version = counter!.get() as number | undefined;
          seen = now;
        }
        readThisTurn = true;
        setImmediate(nextTurn);
        return version;
      } catch {
        seen = undefined;
        return undefined;
      }
    },
    close: () => database!.close(),
  };
}
