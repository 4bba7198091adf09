import { mkdirSync } from 'node:fs';
import { openStorage } from '../adapters/storage/index.js';
import type { IndexSyncService } from '../core/indexing/index.js';
import type { GenerationService } from '../core/generation/index.js';
import type { ImportService } from '../core/importers/index.js';
import type { ChatModel, Clock, Embedder, ProgressListener, Storage, VectorIndex } from '../core/ports.js';
import { EditLearningService } from '../core/learning/index.js';
import { PLATFORMS, type Platform } from '../core/platforms/index.js';
import type { RuleOverrides } from '../core/platforms/index.js';
import { PostService } from '../core/posts/index.js';
import { ProfileService } from '../core/profiles/index.js';
import type { VoiceService } from '../core/voice/index.js';
import type { PublishingPlatform } from '../core/publishing/index.js';
import type { AccountService } from '../core/publishing/index.js';
import type { PlatformPublisher } from '../core/publishing/index.js';
import type { PublishingOptions, PublishingService } from '../core/publishing/index.js';
import { sqlitePath, type Config } from './config.js';
import { runDoctor, type DoctorReport } from './doctor.js';
import { sha256Hex } from './hash-text.js';
import { lazy } from '../core/lazy.js';
import { LazyVectorIndex } from './lazy-vector-index.js';
import { CachedVectorIndex, loadIndexSyncService } from '../core/indexing/index.js';
import { loadFileSecretBox } from '../adapters/publishing/index.js';
import { loadAccountService, loadPublishingService } from '../core/publishing/index.js';
import { loadExampleRetrieval, loadGenerationService } from '../core/generation/index.js';
import { loadOpenVectorIndex } from '../adapters/vector/index.js';
import { loadCreateEmbedder } from '../adapters/embeddings/index.js';
import { loadCreateChatModel } from '../adapters/llm/index.js';
import { loadImportService } from '../core/importers/index.js';
import { loadTeamPosts } from '../adapters/voice/index.js';
import { loadVoiceService } from '../core/voice/index.js';

/** Everything a front door needs, built from config in one place. */
export interface App {
  readonly config: Config;
  readonly clock: Clock;
  readonly storage: Storage;
  readonly profiles: ProfileService;
  readonly posts: PostService;
  /** Edit learning: (generated → approved) pairs and the guidance they teach. */
  readonly edits: EditLearningService;
  /** The voice fingerprint and score, loaded on first use. */
  voice(): Promise<VoiceService>;
  /** Loaded on first use: the importers are only needed by `import`. */
  imports(): Promise<ImportService>;
  /** The generation engine (chat model, embedder, vector index), built on first use. */
  generation(): Promise<GenerationService>;
  /** Keeps the vector index in step with SQL; `smm reindex`. */
  indexing(): Promise<IndexSyncService>;
  chatModel(): Promise<ChatModel>;
  embedder(): Promise<Embedder>;
  readonly vectorIndex: VectorIndex;
  /** A profile's Bluesky and Mastodon accounts (credentials sealed with a key outside the database). */
  accounts(): Promise<AccountService>;
  /** Publishes approved and scheduled posts exactly once; `smm publish`, the scheduler in `smm serve`. */
  publishing(): Promise<PublishingService>;
  /** Checks every moving part and says what to fix. */
  doctor(scope: { workspace: string }): Promise<DoctorReport>;
  close(): Promise<void>;
}

/** Test seams: a deterministic clock, a scripted model, an in-memory index. */
export interface AppOverrides {
  clock?: Clock;
  chatModel?: ChatModel;
  embedder?: Embedder;
  vectorIndex?: VectorIndex;
  /** Progress of the embedded model's first download (a progress bar in the CLI). */
  onModelDownload?: ProgressListener;
  /** Publishing: platform publishers (e.g. pointed at a test server), retry pacing, a crash hook. */
  publishers?: Partial<Record<PublishingPlatform, PlatformPublisher>>;
  sleep?: (ms: number) => Promise<void>;
  publishingOptions?: PublishingOptions;
  afterPlatformCall?: () => void;
}

const systemClock: Clock = { now: () => new Date() };

/**
 * The composition root: opens storage and builds the services. Adapters with
 * a start-up cost (models, the vector index, the importers) are built on
 * first use, so light commands stay fast.
 */
export async function createApp(config: Config, overrides: AppOverrides = {}): Promise<App> {
  const clock = overrides.clock ?? systemClock;
  if (!config.databaseUrl) mkdirSync(config.dataDir, { recursive: true });
  const storage = await openStorage({ url: config.databaseUrl, sqlitePath: sqlitePath(config), clock });
  const profiles = new ProfileService(storage.profiles);
  const edits = new EditLearningService({ pairs: storage.editPairs, profiles, settings: storage.settings, workspaces: storage.profiles, clock });
  const posts = new PostService({ posts: storage.posts, profiles, clock, hashText: sha256Hex, overrides: platformOverrides(config), generations: storage.generations, edits });
  const voice = lazy(async () => {
    const { VoiceService } = await loadVoiceService();
    return new VoiceService({
      posts: storage.posts,
      profiles,
      store: { settings: storage.settings, workspaces: storage.profiles },
      // What every profile's voice is told apart from: posts the team wrote (see adapters/voice/background/README.md).
      background: async () => (await loadTeamPosts()).TEAM_BACKGROUND_POSTS,
    });
  });

  const imports = lazy(async () => {
    const [{ ImportService }, { workerImportReader }] = await Promise.all([loadImportService(), import('./worker-import-reader.js')]);
    // Large exports are parsed on a worker thread while this one stores.
    return new ImportService({ posts: storage.posts, profiles: storage.profiles, clock, hashText: sha256Hex, offThread: workerImportReader() });
  });
  const chatModel = lazy(async () => {
    if (overrides.chatModel) return overrides.chatModel;
    const { createChatModel } = await loadCreateChatModel();
    // The embedded default downloads once, on first use, with progress (or fails fast offline, saying what to do).
    return createChatModel({ ...config.llm, cacheDir: config.cacheDir, download: true, onDownloadProgress: overrides.onModelDownload });
  });
  const embedder = lazy(async () => {
    if (overrides.embedder) return overrides.embedder;
    const { createEmbedder, parseEmbedderSpec } = await loadCreateEmbedder();
    const spec = parseEmbedderSpec(config.embedder);
    const baseUrl = spec.provider === 'ollama' ? (config.llm.provider === 'ollama' ? config.llm.baseUrl : undefined) : config.llm.baseUrl;
    const embed = await createEmbedder({ ...spec, baseUrl, apiKey: config.llm.apiKey, timeoutMs: Math.min(config.llm.timeoutMs, 30_000) });
    // A neural embedder learns its vector size from its first answer; collections are made with that size, so ask now.
    await embed.ready?.();
    return embed;
  });
  // One wiring for every command: the managed local Chroma server (started on first use, restarted if it
  // dies, stopped on close) or CHROMA_URL, loaded only when a command touches vectors; small profiles'
  // vectors are kept in memory and ranked here, kept current through the outbox's index versions.
  const vectorIndex = new CachedVectorIndex(
    overrides.vectorIndex ??
      new LazyVectorIndex('chroma', async () => {
        const { openVectorIndex } = await loadOpenVectorIndex();
        return openVectorIndex({ chromaUrl: config.chromaUrl, dataDir: config.dataDir });
      }),
    { indexVersion: (profileId) => storage.outbox.indexVersion(profileId), maxVectors: config.vectorCachePosts },
  );
  const indexing = lazy(async () => {
    const { IndexSyncService } = await loadIndexSyncService();
    return new IndexSyncService({ ...storage, vectorIndex, embedder: await embedder.get(), onIndexed: (collection, versions) => vectorIndex.indexed(collection, versions) });
  });
  const generation = lazy(async () => {
    const [{ GenerationService }, { ExampleRetrieval }] = await Promise.all([
      loadGenerationService(),
      loadExampleRetrieval(),
    ]);
    const [model, embed, indexSync] = await Promise.all([chatModel.get(), embedder.get(), indexing.get()]);
    const retrieval = new ExampleRetrieval({
      posts: storage.posts,
      profiles: storage.profiles,
      vectorIndex,
      embedder: embed,
      indexSync,
      embedCandidatesLocally: embed.id.startsWith('builtin:'),
    });
    const overrides = platformOverrides(config);
    return new GenerationService({
      profiles,
      posts: storage.posts,
      generations: storage.generations,
      chatModel: model,
      embedder: embed,
      retrieval,
      voice: await voice.get(),
      edits,
      clock,
      options: { overrides, timeoutMs: config.llm.timeoutMs },
    });
  });

  const publisher = async (platform: PublishingPlatform): Promise<PlatformPublisher> => {
    const given = overrides.publishers?.[platform];
    if (given) return given;
    const { loadPublisher } = await import('./publishing-parts.js');
    return loadPublisher(platform);
  };
  const accounts = lazy(async () => {
    const [{ AccountService }, { openSecretBox }] = await Promise.all([
      loadAccountService(),
      loadFileSecretBox(),
    ]);
    // The key file is made on first use, so only people who publish ever get one.
    let box: ReturnType<typeof openSecretBox> | undefined;
    const secrets = () => (box ??= openSecretBox({ dataDir: config.dataDir, envKey: config.publishing.secretKey }));
    return new AccountService({ accounts: storage.accounts, profiles, secrets, publisher });
  });
  const publishing = lazy(async () => {
    const [{ PublishingService }, parts] = await Promise.all([loadPublishingService(), import('./publishing-parts.js')]);
    return new PublishingService({
      posts,
      store: { posts: storage.posts, profiles: storage.profiles },
      publications: storage.publications,
      accounts: await accounts.get(),
      publisher,
      clock,
      sleep: overrides.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      claimant: parts.processClaimant(),
      isClaimantAlive: parts.isClaimantAlive,
      afterPlatformCall: overrides.afterPlatformCall,
      options: { ruleOverrides: platformOverrides(config), ...overrides.publishingOptions },
    });
  });

  const app: App = {
    config,
    clock,
    storage,
    profiles,
    posts,
    edits,
    voice: voice.get,
    imports: imports.get,
    generation: generation.get,
    indexing: indexing.get,
    chatModel: chatModel.get,
    embedder: embedder.get,
    vectorIndex,
    accounts: accounts.get,
    publishing: publishing.get,
    doctor: (scope) => runDoctor(app, scope.workspace),
    async close() {
      await vectorIndex.close().catch(() => undefined);
      await chatModel.peek()?.dispose?.().catch(() => undefined);
      await embedder.peek()?.dispose?.().catch(() => undefined);
      await storage.close();
    },
  };
  return app;
}

/** Only the platforms the user configured (SMM_PLATFORM_LIMITS, SMM_PLATFORM_MAX_HASHTAGS): the same rules for checking posts and writing them. */
function platformOverrides(config: Config): Partial<Record<Platform, RuleOverrides>> {
  return Object.fromEntries(
    PLATFORMS.flatMap((platform) => {
      const limit = config.platformLimits[platform];
      const maxHashtags = config.platformMaxHashtags[platform];
      if (limit === undefined && maxHashtags === undefined) return [];
      return [[platform, { ...(limit === undefined ? {} : { limit }), ...(maxHashtags === undefined ? {} : { maxHashtags }) }]];
    }),
  );
}
