/**
 * The tables as Kysely sees them. Timestamps are ISO-8601 UTC strings in both
 * databases (they sort as text); JSON values are stored as text; booleans are
 * 0/1 integers (better-sqlite3 cannot bind booleans). PostgreSQL returns int8
 * columns and counts as strings, hence the `number | string` read types.
 */
import type { ColumnType, Generated, GeneratedAlways } from 'kysely';

type NullableInt8 = ColumnType<number | string | null, number | null, number | null>;

export interface WorkspaceTable {
  id: Generated<number>;
  name: string;
  created_at: string;
}

export interface ProfileTable {
  id: Generated<number>;
  workspace_id: number;
  handle: string;
  owner: string | null;
  display_name: string;
  description: string;
  audience: string;
  /** JSON array of platform ids. */
  platforms: string;
  language: string;
  /** JSON VoiceGuide. */
  voice: string;
  archived: number;
  created_at: string;
  updated_at: string;
}

export interface PostTable {
  id: Generated<number>;
  profile_id: number;
  workspace_id: number;
  platform: string;
  text: string;
  status: string;
  scheduled_at: string | null;
  published_at: string | null;
  likes: NullableInt8;
  reposts: NullableInt8;
  replies: NullableInt8;
  impressions: NullableInt8;
  /** JSON array of strings. */
  tags: string;
  source: string;
  external_id: string | null;
  url: string | null;
  is_reply: number;
  reply_to_external_id: string | null;
  lang: string | null;
  media_count: number;
  content_warning: string | null;
  generation_id: number | null;
  /** Added by migration 0003. */
  shared_url: string | null;
  dedupe_key: string;
  /** JSON array of the thread's numbered parts; null for a single post (migration 0004). */
  thread_parts: ColumnType<string | null, string | null | undefined, string | null>;
  /** published_at ?? scheduled_at ?? created_at, computed by the database. */
  sort_at: GeneratedAlways<string>;
  created_at: string;
  updated_at: string;
  /** Raised by the database on every update of the row (migration 0010). */
  row_version: Generated<number>;
  /** PostgreSQL only: to_tsvector('simple', searchable text). */
  search_vector?: ColumnType<never, unknown, unknown>;
}

/** SQLite only: contentless FTS5 table; rowid = posts.id. */
export interface PostFtsTable {
  rowid: number;
  /** "p<profileId>": lets a profile-scoped MATCH narrow inside the index. */
  scope: string;
  body: string;
  /** The hidden column named after the table, used on the left of MATCH. */
  posts_fts: ColumnType<string, never, never>;
}

export interface VectorOutboxTable {
  seq: ColumnType<number | string, never, never>;
  post_id: number;
  profile_id: number;
  workspace_id: number;
  operation: 'upsert' | 'delete';
}

export interface GenerationTable {
  id: Generated<number>;
  profile_id: number;
  platform: string;
  kind: string;
  topic: string;
  model: string;
  prompt_version: string;
  retrieval: string;
  /** JSON array of post ids. */
  example_ids: string;
  prompt_tokens: number;
  completion_tokens: number;
  latency_ms: number;
  created_at: string;
}

export interface ApiKeyTable {
  id: Generated<number>;
  workspace_id: number;
  name: string;
  prefix: string;
  hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface SettingTable {
  workspace_id: number;
  key: string;
  value: string;
}

export interface AccountTable {
  id: Generated<number>;
  profile_id: number;
  platform: string;
  handle: string;
  /** The PDS or instance URL. */
  service: string;
  /** JSON AccountSettings. */
  settings: string;
  /** The credential, sealed by the secret box (never plain text). */
  secret: string;
  created_at: string;
  updated_at: string;
}

export interface PublicationTable {
  post_id: number;
  account_id: number | null;
  claimant: string | null;
  lease_until: string | null;
  attempts: number;
  /** JSON: the intent, fixed before the first call to the platform. */
  plan: string | null;
  /** JSON: what the platform answered so far (one entry per thread part). */
  progress: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

/** A generated draft's text as written by the model, and as the user approved it. */
export interface EditPairTable {
  post_id: number;
  profile_id: number;
  platform: string;
  generation_id: number | null;
  generated_text: string;
  approved_text: string | null;
  created_at: string;
  approved_at: string | null;
}

/** How often a profile's changes reached the vector index (see migration 0008). */
export interface VectorIndexVersionTable {
  profile_id: number;
  version: ColumnType<number | string, number | undefined, number>;
}

export interface Database {
  workspaces: WorkspaceTable;
  profiles: ProfileTable;
  posts: PostTable;
  posts_fts: PostFtsTable;
  vector_outbox: VectorOutboxTable;
  vector_index_versions: VectorIndexVersionTable;
  generations: GenerationTable;
  api_keys: ApiKeyTable;
  settings: SettingTable;
  edit_pairs: EditPairTable;
  accounts: AccountTable;
  publications: PublicationTable;
}
