import Database from 'better-sqlite3';
import type { ChangeToken } from '../../../core/ports.js';

/**
 * SQLite's `PRAGMA data_version` read on a connection of its own: it changes
 * whenever any other connection commits — the app's own connection, the CLI
 * importing while the server runs, another `smm serve` on the same file — so
 * a cached answer is served only while nothing at all has changed. Costs a
 * few microseconds per read.
 */
export function sqliteChangeToken(file: string): ChangeToken {
  let database: Database.Database | undefined;
  let statement: Database.Statement | undefined;
  try {
    database = new Database(file, { readonly: true, fileMustExist: true });
    statement = database.prepare('PRAGMA data_version').pluck();
  } catch {
    database?.close();
    return { current: () => undefined, close: () => undefined };
  }
  return {
    current: () => {
      try {
        return statement!.get() as number;
      } catch {
        return undefined;
      }
    },
    close: () => database!.close(),
  };
}
