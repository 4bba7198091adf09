import type { Migration, MigrationProvider } from 'kysely';
import type { StorageKind } from '../storage-context.js';
import { initialMigration } from './0001-initial.js';
import { postsByProfileIdMigration } from './0002-posts-by-profile-id.js';
import { postsSharedUrlMigration } from './0003-posts-shared-url.js';
import { threadPartsMigration } from './0004-thread-parts.js';
import { editPairsMigration } from './0005-edit-pairs.js';
import { publishingMigration } from './0006-publishing.js';
import { vectorIndexVersionsMigration } from './0008-vector-index-versions.js';
import { catalogueChangesMigration } from './0009-catalogue-changes.js';
import { postRowVersionsMigration } from './0010-post-row-versions.js';

/**
 * The migrations, inline in code so the built package needs no migration
 * folder at run time. Names sort in the order they must run.
 */
export class InlineMigrationProvider implements MigrationProvider {
  constructor(private readonly kind: StorageKind) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    return {
      '0001-initial': initialMigration(this.kind),
      '0002-posts-by-profile-id': postsByProfileIdMigration,
      '0003-posts-shared-url': postsSharedUrlMigration,
      '0004-thread-parts': threadPartsMigration,
      '0005-edit-pairs': editPairsMigration(this.kind),
      '0006-publishing': publishingMigration(this.kind),
      '0008-vector-index-versions': vectorIndexVersionsMigration,
      '0009-catalogue-changes': catalogueChangesMigration(this.kind),
      '0010-post-row-versions': postRowVersionsMigration(this.kind),
    };
  }
}
