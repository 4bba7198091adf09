import { InvalidInputError } from '../../../core/errors.js';
import { redactUrl } from '../storage-errors.js';

/** Quotes a shell word with single quotes. */
function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * `smm backup` on PostgreSQL: the server's own tool makes a consistent dump;
 * this error gives the exact command for the configured database. The
 * password, if the URL has one, is replaced by *** (pass it via PGPASSWORD).
 */
export function postgresBackupError(url: string, targetPath: string): InvalidInputError {
  const redacted = redactUrl(url);
  const command = `pg_dump --format=custom --file=${shellQuote(targetPath)} ${shellQuote(redacted)}`;
  const passwordNote = redacted === url ? '' : ' Replace *** with the password, or drop it from the URL and set PGPASSWORD.';
  return new InvalidInputError('`smm backup` copies SQLite files; this workspace uses PostgreSQL, which backs up with pg_dump.', {
    hint: `Run: ${command} (restore with pg_restore --dbname=<url> ${shellQuote(targetPath)}).${passwordNote}`,
    details: { command },
  });
}
