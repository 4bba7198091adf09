import type { Migration, MigrationProvider } from 'kysely';
import type { StorageKind } from '../storage-context.js';
import { initialMigration } from './0001-initial.js';
import { postsByProfileIdMigration } from './0002-posts-by-profile-id.js';
import { publishingMigration } from './0006-publishing.js';

/**
 * The migrations, inline in code so the built package needs no migration
 * folder at run time. Names sort in the order they must run.
 */
export class InlineMigrationProvider implements MigrationProvider {
  constructor(private readonly kind: StorageKind) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    return { '0001-initial': initialMigration(this.kind), '0002-posts-by-profile-id': postsByProfileIdMigration, '0006-publishing': publishingMigration(this.kind) };
  }
}
