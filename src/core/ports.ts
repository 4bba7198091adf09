/**
 * The interfaces the core needs from the outside world. Adapters in
 * src/adapters implement them; the composition root (src/app) wires them.
 */
import type { EditPair } from './learning/edit-pair.js';
import type { Platform } from './platforms/platform-id.js';
import type { Post, PostFields, PostStatus } from './posts/post-schema.js';
import type { Profile, ProfileFields } from './profiles/profile-schema.js';
import type { AccountRepository, PublicationRepository } from './publishing/publishing-ports.js';

// ---------------------------------------------------------------- basics

export interface Clock {
  now(): Date;
}

/** Progress of long work, for progress bars, SSE status lines and MCP progress. */
export interface ProgressEvent {
  phase: string;
  /** Units done so far (bytes, posts…) and the total when known. */
  done?: number;
  total?: number;
  unit?: string;
  message?: string;
  /** Phase "variant": one variant as soon as it is written, checked and scored (before any repair round). */
  variant?: VariantProgress;
}
/** A finished variant announced while the others are still being written. */
export interface VariantProgress {
  /** Its place (0-based) in the result, in the order variants finished. */
  index: number;
  text: string;
  length: number;
  limit: number;
  valid: boolean;
  voiceScore: number | null;
  /** Milliseconds since the generation started. */
  elapsedMs: number;
}
export type ProgressListener = (event: ProgressEvent) => void;

// ---------------------------------------------------------------- storage

export interface Workspace {
  id: number;
  name: string;
}

export interface ProfileRepository {
  /** Returns the workspace, creating it when missing. */
  ensureWorkspace(name: string): Promise<Workspace>;
  /** Throws ConflictError when the handle is taken in the workspace. */
  create(workspace: string, fields: ProfileFields, owner?: string | null): Promise<Profile>;
  findByHandle(workspace: string, handle: string): Promise<Profile | undefined>;
  findById(id: number): Promise<Profile | undefined>;
  /** Ordered by handle. `owner` set: only that owner's and shared (null-owner) profiles. */
  list(workspace: string, options?: { owner?: string | null; includeArchived?: boolean }): Promise<Profile[]>;
  update(id: number, fields: ProfileFields & { archived?: boolean }): Promise<Profile>;
  /** Deletes the profile and its posts; queues their vectors for deletion. */
  delete(id: number): Promise<void>;
}

/** A post ready to store: its fields plus its identity for de-duplication. */
export interface NewPost extends PostFields {
  dedupeKey: string;
}

export interface PostQuery {
  workspace: string;
  profileId?: number;
  platform?: Platform;
  status?: PostStatus[];
  /** Inclusive bounds on the post's date (published, else scheduled, else created), ISO-8601. */
  from?: string;
  to?: string;
  /** Full-text query (words; "quoted phrases"; -excluded). */
  search?: string;
  limit: number;
  /** Opaque cursor from a previous page's nextCursor. */
  cursor?: string;
}

export interface PostPage {
  posts: Post[];
  nextCursor: string | null;
}

/** One post of a page, as little as tells whether it changed: the database raises `version` on every update of the row. */
export interface PostVersion {
  id: number;
  profileId: number;
  version: number;
}

/** The page `list` would return, as each post's id, profile and row version. */
export interface PostVersionPage {
  posts: PostVersion[];
  nextCursor: string | null;
}

/** A post with the row version it was read at. */
export interface VersionedPost {
  post: Post;
  version: number;
}

export interface InsertManyResult {
  inserted: number;
  duplicates: number;
}

export interface PostRepository {
  /**
   * Inserts in one transaction, skipping rows whose (profile, platform,
   * dedupeKey) already exists; queues the new posts for the vector index in
   * the same transaction.
   */
  insertMany(profileId: number, posts: NewPost[]): Promise<InsertManyResult>;
  /** Throws ConflictError when the dedupe key exists. */
  insert(profileId: number, post: NewPost): Promise<Post>;
  get(id: number): Promise<Post | undefined>;
  getMany(ids: number[]): Promise<Post[]>;
  update(id: number, fields: PostFields): Promise<Post>;
  delete(id: number): Promise<void>;
  /** Newest first (published, else scheduled, else created; then id). */
  list(query: PostQuery): Promise<PostPage>;
  /** The same page as `list`, as (id, profile, row version) only: one cheap read to tell which posts changed since they were rendered. */
  listVersions(query: PostQuery): Promise<PostVersionPage>;
  /** The posts with these ids, each with its row version, in the order of the ids; unknown ids are left out. */
  getVersioned(ids: number[]): Promise<VersionedPost[]>;
  /** Every post of a profile in id order, in batches (export, reindex, fingerprints). */
  iterateByProfile(profileId: number, batchSize?: number): AsyncIterable<Post[]>;
  countByProfile(profileId: number): Promise<number>;
  /** Top posts by engagement (likes + 2·reposts + replies), for retrieval weighting. */
  topByEngagement(profileId: number, limit: number, platform?: Platform): Promise<Post[]>;
}

export type OutboxOperation = 'upsert' | 'delete';

export interface OutboxEntry {
  /** Monotonic sequence number; ack removes an entry only if it has not been re-queued since. */
  seq: number;
  postId: number;
  profileId: number;
  workspaceId: number;
  operation: OutboxOperation;
}

/** The vector index's outbox: every post change is queued here in its own transaction. */
export interface VectorOutbox {
  /** The oldest pending entries, at most `limit`, optionally of one workspace. */
  pending(limit: number, workspaceId?: number): Promise<OutboxEntry[]>;
  /** Removes the entries and raises their profiles' index version, in one transaction; returns each profile's new version. */
  ack(entries: readonly OutboxEntry[]): Promise<Map<number, number>>;
  /** Raised each time changes of the profile's posts reach the vector index (0: never): in-memory copies of its vectors compare it. */
  indexVersion(profileId: number): Promise<number>;
  countPending(workspaceId?: number): Promise<number>;
  /** Queues an upsert of every post of the profile (or workspace): for `smm reindex`. */
  enqueueAll(scope: { workspaceId: number; profileId?: number }): Promise<number>;
}

export interface GenerationRecord {
  id: number;
  profileId: number;
  platform: Platform;
  kind: 'generate' | 'rewrite';
  topic: string;
  model: string;
  promptVersion: string;
  retrieval: 'vector' | 'fulltext-fallback' | 'none';
  exampleIds: number[];
  promptTokens: number;
  completionTokens: number;
  latencyMs: number;
  createdAt: string;
}
export type NewGeneration = Omit<GenerationRecord, 'id' | 'createdAt'>;

export interface GenerationRepository {
  /** Saves the record and its drafts in one transaction; the drafts get its id. */
  save(record: NewGeneration, drafts: NewPost[]): Promise<{ generation: GenerationRecord; posts: Post[] }>;
  get(id: number): Promise<GenerationRecord | undefined>;
}

export interface ApiKeyRecord {
  id: number;
  name: string;
  workspace: string;
  /** Public prefix shown in listings and used to find the key. */
  prefix: string;
  /** Hash of the secret (never the secret itself). */
  hash: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface ApiKeyRepository {
  create(key: { name: string; workspace: string; prefix: string; hash: string }): Promise<ApiKeyRecord>;
  findByPrefix(prefix: string): Promise<ApiKeyRecord | undefined>;
  list(workspace?: string): Promise<ApiKeyRecord[]>;
  revoke(id: number): Promise<void>;
  touch(id: number, at: string): Promise<void>;
  countActive(): Promise<number>;
}

/** Small per-workspace facts, e.g. which embedder built the vector index. */
export interface SettingsRepository {
  get(workspaceId: number, key: string): Promise<string | undefined>;
  set(workspaceId: number, key: string, value: string): Promise<void>;
}

/**
 * Edit learning's (generated → approved) pairs. The generated text is kept by
 * GenerationRepository.save, in the same transaction as the draft.
 */
export interface EditPairRepository {
  /** Sets the approved text of a generated draft; false when its generated text was never kept. */
  recordApproved(postId: number, fields: { platform: Platform; approvedText: string; at: string }): Promise<boolean>;
  /** A profile's approved pairs, newest approval first. */
  listApproved(profileId: number, limit: number): Promise<EditPair[]>;
}

/** A number that changes whenever anyone commits to the database; undefined when it cannot be known. */
export interface ChangeToken {
  current(): number | undefined;
  close(): void;
}

export interface Storage {
  readonly kind: 'sqlite' | 'postgres';
  readonly profiles: ProfileRepository;
  readonly posts: PostRepository;
  readonly outbox: VectorOutbox;
  readonly generations: GenerationRepository;
  readonly apiKeys: ApiKeyRepository;
  readonly settings: SettingsRepository;
  /** Publishing: accounts with sealed credentials, and each post's claim and intent. */
  readonly accounts: AccountRepository;
  readonly publications: PublicationRepository;
  readonly editPairs: EditPairRepository;
  /** A consistent copy while others keep using the database (SQLite); PostgreSQL explains pg_dump. */
  backup(targetPath: string, onProgress?: ProgressListener): Promise<void>;
  ping(): Promise<void>;
  /**
   * A cheap signal of commits by any connection or process (SQLite's
   * data_version; on PostgreSQL, NOTIFY from triggers plus this process's
   * own writes), so a server may reuse answers while nothing changed. It
   * reads undefined while the signal is not available (then nothing is reused).
   */
  changeToken(): ChangeToken;
  close(): Promise<void>;
}

// ---------------------------------------------------------------- vectors

export interface Embedder {
  /** Stable id recorded with the index, e.g. "builtin:hash-v1-256" or "ollama:nomic-embed-text". */
  readonly id: string;
  readonly dimensions: number;
  embed(texts: readonly string[], signal?: AbortSignal): Promise<number[][]>;
  /** Asks the model once so that `dimensions` is known (embedders that learn it from their first answer); returns it. */
  ready?(signal?: AbortSignal): Promise<number>;
  /** Frees what the embedder holds (a loaded model's context); the composition root calls it on close. */
  dispose?(): Promise<void>;
}

export interface VectorRecord {
  postId: number;
  profileId: number;
  platform: Platform;
  embedding: number[];
  /** Stored as the document, for inspection. */
  text: string;
}

export interface VectorHit {
  postId: number;
  profileId: number;
  platform: Platform;
  /** Cosine distance (0 = same direction). */
  distance: number;
}

/** A stored vector of a profile's post. */
export interface ProfileVector {
  postId: number;
  platform: Platform;
  embedding: number[];
}

export interface VectorCollection {
  workspaceId: number;
  embedderId: string;
  dimensions: number;
}

export interface VectorIndex {
  readonly kind: string;
  upsert(collection: VectorCollection, records: readonly VectorRecord[]): Promise<void>;
  delete(collection: VectorCollection, postIds: readonly number[]): Promise<void>;
  query(
    collection: VectorCollection,
    request: { embedding: number[]; k: number; profileId: number; platform?: Platform },
  ): Promise<VectorHit[]>;
  /** Embeddings of stored posts, for near-duplicate checks and diversification. */
  getEmbeddings(collection: VectorCollection, postIds: readonly number[]): Promise<Map<number, number[]>>;
  /** Every stored vector of one profile, to rank in process; undefined when the profile has more than `limit`. */
  profileVectors(collection: VectorCollection, profileId: number, limit: number): Promise<ProfileVector[] | undefined>;
  count(collection: VectorCollection, profileId?: number): Promise<number>;
  drop(collection: VectorCollection): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

// ---------------------------------------------------------------- language models

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
}

export interface StructuredRequest {
  messages: ChatMessage[];
  /** JSON schema of the expected object (grammar for llama.cpp, response_format elsewhere). */
  jsonSchema: Record<string, unknown>;
  schemaName: string;
  maxTokens?: number;
  temperature?: number;
  signal?: AbortSignal;
  /** Called with each text token as it streams, when the model streams. */
  onToken?: (token: string) => void;
}

export interface StructuredAnswer {
  value: unknown;
  usage: TokenUsage;
  /**
   * The reply as the model wrote it, when it wrote text. A follow-up turn
   * (the repair round) quotes it back as the assistant message, so that a
   * model keeping its evaluated prompt continues from there instead of
   * evaluating a re-serialised copy.
   */
  reply?: string;
}

export interface ChatModel {
  /** e.g. "embedded:qwen2.5-1.5b-instruct-q4_k_m", "ollama:llama3.2", "openai:gpt-4o-mini". */
  readonly id: string;
  /** Returns the parsed JSON object (not yet validated by the caller's zod schema). */
  generateStructured(request: StructuredRequest): Promise<StructuredAnswer>;
  ping(signal?: AbortSignal): Promise<void>;
  /**
   * How many requests the model decodes side by side (parallel sequences of
   * one context). Absent or 1: it answers one at a time, and N variants are
   * best asked for in one request.
   */
  readonly parallelAnswers?: number;
  /**
   * One turn of a conversation with tools: the model answers in words and/or
   * asks for tool calls (which the caller runs and sends back as `tool`
   * messages in the next turn). Text streams to `onToken`.
   */
  chatWithTools(request: ToolChatRequest): Promise<ToolChatTurn>;
  /** Frees what the model holds (an embedded model's context); the composition root calls it on close. */
  dispose?(): Promise<void>;
}

/** A tool the model may call: its name, what it does, and its parameters as a JSON schema. */
export interface ToolSpec {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

/** A tool call the model asked for. */
export interface ToolCall {
  /** Unique within the conversation; a `tool` message answers it by this id. */
  id: string;
  /** As the model wrote it; may name no tool offered (or be empty when the model wrote none). */
  name: string;
  /** The parsed arguments; `{}` when `invalid` is set. */
  args: Record<string, unknown>;
  /**
   * Set when the model's arguments could not be read as JSON: the text as
   * the model wrote it and why it was refused. Such a call is not run; the
   * caller answers it with an error result, so the model can call again.
   */
  invalid?: InvalidToolArguments;
}

/** Arguments of a tool call that could not be parsed. */
export interface InvalidToolArguments {
  /** The arguments as the model wrote them ("" when none came). */
  rawArgs: string;
  /** Why they could not be parsed (the parser's message). */
  error: string;
}

/** A message of a conversation with tools: an assistant turn may carry tool calls; a `tool` message carries one call's result. */
export interface ToolChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
  /** role "assistant": the calls it asked for. */
  toolCalls?: ToolCall[];
  /** role "tool": the call this result answers. */
  toolCallId?: string;
}

export interface ToolChatRequest {
  messages: ToolChatMessage[];
  tools: ToolSpec[];
  /** "auto" (default): the model chooses between words and calls; "required": it must call a tool. */
  toolChoice?: 'auto' | 'required';
  maxTokens?: number;
  temperature?: number;
  signal?: AbortSignal;
  /** Called with each text token of the answer as it streams. */
  onToken?: (token: string) => void;
}

/** What the model said in one turn, the calls it asked for (empty when it answered in words), and its usage. */
export interface ToolChatTurn {
  text: string;
  toolCalls: ToolCall[];
  usage: TokenUsage;
}
