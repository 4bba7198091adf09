import { sql, type ColumnDefinitionBuilder, type Kysely, type Migration } from 'kysely';
import type { StorageKind } from '../storage-context.js';

/**
 * The first schema. One definition for both databases; the differences are
 * the id columns, 64-bit counters, and full-text search (an FTS5 table on
 * SQLite, a tsvector column with a GIN index on PostgreSQL).
 */
export function initialMigration(kind: StorageKind): Migration {
  const isSqlite = kind === 'sqlite';
  // SQLite AUTOINCREMENT: ids (and outbox seqs) are never reused after a delete.
  const primaryId = (col: ColumnDefinitionBuilder): ColumnDefinitionBuilder =>
    isSqlite ? col.primaryKey().autoIncrement() : col.primaryKey().generatedByDefaultAsIdentity();
  const int8 = isSqlite ? 'integer' : 'bigint';
  // ISO timestamps compare as text; "C" keeps PostgreSQL's comparison bytewise whatever the database locale.
  const timestamp = isSqlite ? sql`text` : sql`text collate "C"`;

  return {
    async up(db: Kysely<unknown>): Promise<void> {
      const schema = db.schema;
      await schema
        .createTable('workspaces')
        .addColumn('id', 'integer', primaryId)
        .addColumn('name', 'text', (col) => col.notNull().unique())
        .addColumn('created_at', timestamp, (col) => col.notNull())
        .execute();

      await schema
        .createTable('profiles')
        .addColumn('id', 'integer', primaryId)
        .addColumn('workspace_id', 'integer', (col) => col.notNull().references('workspaces.id'))
        .addColumn('handle', 'text', (col) => col.notNull())
        .addColumn('owner', 'text')
        .addColumn('display_name', 'text', (col) => col.notNull())
        .addColumn('description', 'text', (col) => col.notNull())
        .addColumn('audience', 'text', (col) => col.notNull())
        .addColumn('platforms', 'text', (col) => col.notNull())
        .addColumn('language', 'text', (col) => col.notNull())
        .addColumn('voice', 'text', (col) => col.notNull())
        .addColumn('archived', 'integer', (col) => col.notNull().defaultTo(0))
        .addColumn('created_at', timestamp, (col) => col.notNull())
        .addColumn('updated_at', timestamp, (col) => col.notNull())
        .addUniqueConstraint('profiles_workspace_handle', ['workspace_id', 'handle'])
        .execute();

      await schema
        .createTable('generations')
        .addColumn('id', 'integer', primaryId)
        .addColumn('profile_id', 'integer', (col) => col.notNull().references('profiles.id').onDelete('cascade'))
        .addColumn('platform', 'text', (col) => col.notNull())
        .addColumn('kind', 'text', (col) => col.notNull())
        .addColumn('topic', 'text', (col) => col.notNull())
        .addColumn('model', 'text', (col) => col.notNull())
        .addColumn('prompt_version', 'text', (col) => col.notNull())
        .addColumn('retrieval', 'text', (col) => col.notNull())
        .addColumn('example_ids', 'text', (col) => col.notNull())
        .addColumn('prompt_tokens', 'integer', (col) => col.notNull())
        .addColumn('completion_tokens', 'integer', (col) => col.notNull())
        .addColumn('latency_ms', 'integer', (col) => col.notNull())
        .addColumn('created_at', timestamp, (col) => col.notNull())
        .execute();
      await schema.createIndex('generations_profile').on('generations').column('profile_id').execute();

      let posts = schema
        .createTable('posts')
        .addColumn('id', 'integer', primaryId)
        .addColumn('profile_id', 'integer', (col) => col.notNull().references('profiles.id').onDelete('cascade'))
        // Denormalised (a profile never changes workspace) so workspace-wide listing has its own index.
        .addColumn('workspace_id', 'integer', (col) => col.notNull())
        .addColumn('platform', 'text', (col) => col.notNull())
        .addColumn('text', 'text', (col) => col.notNull())
        .addColumn('status', 'text', (col) => col.notNull())
        .addColumn('scheduled_at', timestamp)
        .addColumn('published_at', timestamp)
        .addColumn('likes', int8)
        .addColumn('reposts', int8)
        .addColumn('replies', int8)
        .addColumn('impressions', int8)
        .addColumn('tags', 'text', (col) => col.notNull())
        .addColumn('source', 'text', (col) => col.notNull())
        .addColumn('external_id', 'text')
        .addColumn('url', 'text')
        .addColumn('is_reply', 'integer', (col) => col.notNull())
        .addColumn('reply_to_external_id', 'text')
        .addColumn('lang', 'text')
        .addColumn('media_count', 'integer', (col) => col.notNull())
        .addColumn('content_warning', 'text')
        // No foreign key: generations go only with their profile, whose posts go too, and an
        // unindexed FK would make every generation delete scan the posts table.
        .addColumn('generation_id', 'integer')
        .addColumn('dedupe_key', 'text', (col) => col.notNull())
        .addColumn('created_at', timestamp, (col) => col.notNull())
        .addColumn('updated_at', timestamp, (col) => col.notNull())
        .addColumn('sort_at', timestamp, (col) =>
          col.notNull().generatedAlwaysAs(sql`coalesce(published_at, scheduled_at, created_at)`).stored(),
        )
        .addUniqueConstraint('posts_dedupe', ['profile_id', 'platform', 'dedupe_key']);
      if (!isSqlite) posts = posts.addColumn('search_vector', sql`tsvector`);
      await posts.execute();
      await schema.createIndex('posts_profile_sort').on('posts').columns(['profile_id', 'sort_at desc', 'id desc']).execute();
      await schema.createIndex('posts_workspace_sort').on('posts').columns(['workspace_id', 'sort_at desc', 'id desc']).execute();

      if (isSqlite) {
        // Contentless: the text lives once, in posts. The "scope" column holds a
        // per-profile token so `scope : p12 AND body : ...` narrows inside FTS.
        await sql`create virtual table posts_fts using fts5(
          scope, body, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2'
        )`.execute(db);
        // Deletes (including the cascade from a profile) clean the index here;
        // inserts and updates write it from the repository, which segments CJK text first.
        await sql`create trigger posts_fts_delete after delete on posts begin
          delete from posts_fts where rowid = old.id;
        end`.execute(db);
      } else {
        await sql`create index posts_search on posts using gin (search_vector)`.execute(db);
      }

      await schema
        .createTable('vector_outbox')
        .addColumn('seq', int8, primaryId)
        .addColumn('post_id', 'integer', (col) => col.notNull().unique())
        .addColumn('profile_id', 'integer', (col) => col.notNull())
        .addColumn('workspace_id', 'integer', (col) => col.notNull())
        .addColumn('operation', 'text', (col) => col.notNull())
        .execute();
      await schema.createIndex('vector_outbox_workspace').on('vector_outbox').columns(['workspace_id', 'seq']).execute();

      await schema
        .createTable('api_keys')
        .addColumn('id', 'integer', primaryId)
        .addColumn('workspace_id', 'integer', (col) => col.notNull().references('workspaces.id'))
        .addColumn('name', 'text', (col) => col.notNull())
        .addColumn('prefix', 'text', (col) => col.notNull().unique())
        .addColumn('hash', 'text', (col) => col.notNull())
        .addColumn('created_at', timestamp, (col) => col.notNull())
        .addColumn('last_used_at', timestamp)
        .addColumn('revoked_at', timestamp)
        .execute();

      await schema
        .createTable('settings')
        .addColumn('workspace_id', 'integer', (col) => col.notNull().references('workspaces.id'))
        .addColumn('key', 'text', (col) => col.notNull())
        .addColumn('value', 'text', (col) => col.notNull())
        .addPrimaryKeyConstraint('settings_pk', ['workspace_id', 'key'])
        .execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of ['settings', 'api_keys', 'vector_outbox', 'posts_fts', 'posts', 'generations', 'profiles', 'workspaces']) {
        await db.schema.dropTable(table).ifExists().execute();
      }
    },
  };
}
