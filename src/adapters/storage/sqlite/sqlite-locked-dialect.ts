import {
  CompiledQuery,
  SqliteAdapter,
  SqliteDialect,
  type DialectAdapter,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type SqliteDialectConfig,
} from 'kysely';
import type { AsyncMutex } from './sqlite-file-lock.js';

/**
 * Kysely's SQLite driver with two changes: every connection use first takes
 * the process-wide lock of the file (see sqlite-file-lock.ts), and
 * transactions begin IMMEDIATE, so a writer waits for the file's write lock
 * at BEGIN (honouring busy_timeout) instead of failing with SQLITE_BUSY when
 * it upgrades a read to a write while another process commits.
 */
class LockedSqliteDriver extends SqliteDriver {
  private release: (() => void) | undefined;

  constructor(
    config: SqliteDialectConfig,
    private readonly lock: AsyncMutex,
  ) {
    super(config);
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    const release = await this.lock.acquire();
    try {
      const connection = await super.acquireConnection();
      this.release = release;
      return connection;
    } catch (error) {
      release();
      throw error;
    }
  }

  override async releaseConnection(): Promise<void> {
    const release = this.release;
    this.release = undefined;
    await super.releaseConnection();
    release?.();
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

/**
 * Kysely's SQLite adapter takes no migration lock and runs migrations
 * outside a transaction, so two processes opening a new file could both
 * create the same tables ("table workspaces already exists"). SQLite runs
 * DDL in transactions, so this adapter says so: the Migrator then reads
 * which migrations ran and applies the rest inside one transaction, which
 * our driver begins IMMEDIATE, taking the file's write lock first. A second
 * process waits there (busy_timeout), then finds nothing left to do.
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

export class LockedSqliteDialect extends SqliteDialect {
  constructor(
    private readonly settings: SqliteDialectConfig,
    private readonly lock: AsyncMutex,
  ) {
    super(settings);
  }

  override createDriver(): Driver {
    return new LockedSqliteDriver(this.settings, this.lock);
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}
