import { sql } from 'kysely';
import type {
  ChangeToken,
  EditPairRepository,
  ApiKeyRepository,
  GenerationRepository,
  PostRepository,
  ProfileRepository,
  ProgressListener,
  SettingsRepository,
  Storage,
  VectorOutbox,
} from '../../core/ports.js';
import type { AccountRepository, PublicationRepository } from '../../core/publishing/index.js';
import { KyselyAccountRepository } from './account-repository.js';
import { KyselyApiKeyRepository } from './api-key-repository.js';
import { KyselyEditPairRepository } from './edit-pair-repository.js';
import { KyselyGenerationRepository } from './generation-repository.js';
import { guardRepository } from './guard-repository.js';
import { postgresBackupError } from './postgres/postgres-backup-hint.js';
import { KyselyPostRepository } from './post-repository.js';
import { KyselyProfileRepository } from './profile-repository.js';
import { KyselyPublicationRepository } from './publication-repository.js';
import { KyselySettingsRepository } from './settings-repository.js';
import { backupSqlite } from './sqlite/sqlite-backup.js';
import { sqliteChangeToken } from './sqlite/sqlite-change-token.js';
import type { StorageContext } from './storage-context.js';
import { redactUrl, translateStorageError } from './storage-errors.js';
import { KyselyVectorOutbox } from './vector-outbox-repository.js';

/** The Storage port over Kysely: the same repositories for SQLite and PostgreSQL. */
export class KyselyStorage implements Storage {
  readonly kind: StorageContext['kind'];
  readonly profiles: ProfileRepository;
  readonly posts: PostRepository;
  readonly outbox: VectorOutbox;
  readonly generations: GenerationRepository;
  readonly apiKeys: ApiKeyRepository;
  readonly settings: SettingsRepository;
  readonly accounts: AccountRepository;
  readonly publications: PublicationRepository;
  readonly editPairs: EditPairRepository;
  private closed = false;
  private readonly translate: (error: unknown) => unknown;

  /** `location` is the SQLite file path or the PostgreSQL URL (used in messages, redacted). */
  constructor(
    private readonly context: StorageContext,
    private readonly location: string,
  ) {
    this.kind = context.kind;
    const where = context.kind === 'sqlite' ? `at ${location}` : `at ${redactUrl(location)}`;
    this.translate = (error) => translateStorageError(error, context.kind, where);
    this.profiles = guardRepository(new KyselyProfileRepository(context), this.translate);
    this.posts = guardRepository(new KyselyPostRepository(context), this.translate);
    this.outbox = guardRepository(new KyselyVectorOutbox(context), this.translate);
    this.generations = guardRepository(new KyselyGenerationRepository(context), this.translate);
    this.apiKeys = guardRepository(new KyselyApiKeyRepository(context), this.translate);
    this.settings = guardRepository(new KyselySettingsRepository(context), this.translate);
    this.accounts = guardRepository(new KyselyAccountRepository(context), this.translate);
    this.publications = guardRepository(new KyselyPublicationRepository(context), this.translate);
    this.editPairs = guardRepository(new KyselyEditPairRepository(context), this.translate);
  }

  async backup(targetPath: string, onProgress?: ProgressListener): Promise<void> {
    if (!this.context.sqlite) throw postgresBackupError(this.location, targetPath);
    await backupSqlite(this.context.sqlite, targetPath, onProgress);
  }

  changeToken(): ChangeToken {
    return this.context.sqlite ? sqliteChangeToken(this.context.sqlite.path) : { current: () => undefined, close: () => undefined };
  }

  async ping(): Promise<void> {
    try {
      await sql`select 1`.execute(this.context.db);
    } catch (error) {
      throw this.translate(error);
    }
  }

  /** Closes the connections; calling it again does nothing. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.context.sqlite) {
      // Lets SQLite refresh its planner statistics where they are stale; cheap when nothing changed.
      await sql`pragma optimize`.execute(this.context.db).catch(() => undefined);
    }
    await this.context.db.destroy();
  }
}
