import { homedir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { ConfigInvalidError } from '../core/errors.js';
import { PlatformSchema } from '../core/platforms/index.js';

/** Where each setting comes from, for error messages that say what to change. */
const SOURCES: Record<string, string> = {
  dataDir: '--data-dir or SMM_HOME',
  databaseUrl: 'SMM_DATABASE_URL',
  workspace: '--workspace or SMM_WORKSPACE',
  'llm.provider': 'SMM_LLM (embedded, ollama, openai)',
  'llm.model': 'SMM_MODEL',
  'llm.modelPath': 'SMM_MODEL_PATH',
  'llm.baseUrl': 'SMM_OPENAI_BASE_URL or SMM_OLLAMA_URL',
  'llm.timeoutMs': 'SMM_LLM_TIMEOUT_MS',
  'llm.sequences': 'SMM_MODEL_SEQUENCES',
  embedder: 'SMM_EMBEDDER (builtin, ollama:<model>, openai:<model>, llamacpp:<path.gguf>)',
  chromaUrl: 'CHROMA_URL',
  vectorCachePosts: 'SMM_VECTOR_CACHE_POSTS',
  listedPostCache: 'SMM_LISTED_POST_CACHE',
  'server.port': '--port or SMM_PORT',
  platformLimits: 'SMM_PLATFORM_LIMITS (e.g. x=25000,mastodon=1000)',
  platformMaxHashtags: 'SMM_PLATFORM_MAX_HASHTAGS (e.g. instagram=30)',
  'server.host': '--host or SMM_HOST',
  'publishing.intervalMs': 'SMM_PUBLISH_INTERVAL_MS',
};

const LlmSchema = z.object({
  provider: z.enum(['embedded', 'ollama', 'openai', 'scripted']),
  model: z.string().min(1).optional(),
  modelPath: z.string().min(1).optional(),
  baseUrl: z.url().optional(),
  apiKey: z.string().optional(),
  timeoutMs: z.coerce.number().int().min(1000).max(600_000).default(60_000),
  /** Embedded model: sequences of its context (variants decoded side by side, prompt prefixes kept). */
  sequences: z.coerce.number().int().min(1).max(16).optional(),
});

const ServerSchema = z.object({
  host: z.string().default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65535).default(8787),
  corsOrigins: z.array(z.string()).default([]),
  /** Give each Open WebUI user (X-OpenWebUI-User-Id) their own profiles inside the key's workspace. */
  perUserProfiles: z.boolean().default(false),
  bodyLimitBytes: z.coerce.number().int().min(1024).default(50 * 1024 * 1024),
  rateLimitPerMinute: z.coerce.number().int().min(1).default(600),
  requestTimeoutMs: z.coerce.number().int().min(1000).default(300_000),
});

export const ConfigSchema = z.object({
  dataDir: z.string().min(1),
  cacheDir: z.string().min(1),
  databaseUrl: z.string().min(1).optional(),
  workspace: z.string().min(1).default('default'),
  llm: LlmSchema,
  embedder: z.string().regex(/^(builtin|ollama:.+|openai:.+|llamacpp:.+)$/, 'expected builtin, ollama:<model>, openai:<model> or llamacpp:<path.gguf>').default('builtin'),
  chromaUrl: z.url().optional(),
  /** Post vectors kept in memory for fast, exact retrieval (about 2 KB each with the built-in embedder); 0 turns the copy off. */
  vectorCachePosts: z.coerce.number().int().min(0).max(10_000_000).default(50_000),
  /** Listed posts' JSON kept in memory by row version, for the REST list routes (about 600 bytes each); 0 keeps none. */
  listedPostCache: z.coerce.number().int().min(0).max(10_000_000).default(10_000),
  /** Per-platform overrides of the text limit: paid X accounts, a Mastodon server's max_characters. */
  platformLimits: z.partialRecord(PlatformSchema, z.number().int().min(1).max(1_000_000)).default({}),
  /** Per-platform hashtag ceilings, e.g. Instagram's 30 (API) instead of the 5 of current guidance. */
  platformMaxHashtags: z.partialRecord(PlatformSchema, z.number().int().min(0).max(100)).default({}),
  server: ServerSchema,
  publishing: z
    .object({
      /** The credentials' key (else a key file in the data folder). Never logged. */
      secretKey: z.string().min(1).optional(),
      /** How often `smm serve` looks for due posts. */
      intervalMs: z.coerce.number().int().min(200).max(3_600_000).default(30_000),
    })
    .default({ intervalMs: 30_000 }),
});
export type Config = z.infer<typeof ConfigSchema>;

export interface ConfigFlags {
  dataDir?: string;
  workspace?: string;
  llm?: string;
  model?: string;
  host?: string;
  port?: string | number;
}

/** The user's data and cache folders (XDG on Linux, Library on macOS, AppData on Windows). */
export function defaultDirs(env: NodeJS.ProcessEnv, platform = process.platform): { data: string; cache: string } {
  const home = env.HOME ?? homedir();
  if (platform === 'darwin') return { data: path.join(home, 'Library', 'Application Support', 'smm'), cache: path.join(home, 'Library', 'Caches', 'smm') };
  if (platform === 'win32') {
    const local = env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local');
    return { data: path.join(local, 'smm', 'Data'), cache: path.join(local, 'smm', 'Cache') };
  }
  return {
    data: path.join(env.XDG_DATA_HOME || path.join(home, '.local', 'share'), 'smm'),
    cache: path.join(env.XDG_CACHE_HOME || path.join(home, '.cache'), 'smm'),
  };
}

/**
 * Builds the configuration once, at the edge: flags win over environment
 * variables, which win over defaults. Every error names the flag or variable
 * that fixes it.
 */
/** The default bound of one whole generation with the embedded model (SMM_LLM_TIMEOUT_MS); servers get 60 s. */
export const EMBEDDED_TIMEOUT_MS = 300_000;

export function loadConfig(env: NodeJS.ProcessEnv, flags: ConfigFlags = {}): Config {
  const dirs = defaultDirs(env);
  const dataDir = path.resolve(flags.dataDir ?? env.SMM_HOME ?? dirs.data);
  const provider = flags.llm ?? env.SMM_LLM ?? 'embedded';
  const baseUrl = provider === 'ollama' ? (env.SMM_OLLAMA_URL ?? env.OLLAMA_HOST ?? 'http://127.0.0.1:11434') : env.SMM_OPENAI_BASE_URL;
  const raw = {
    dataDir,
    cacheDir: path.resolve(env.SMM_CACHE_DIR ?? (flags.dataDir || env.SMM_HOME ? path.join(dataDir, 'cache') : dirs.cache)),
    databaseUrl: env.SMM_DATABASE_URL || undefined,
    workspace: flags.workspace ?? env.SMM_WORKSPACE ?? 'default',
    llm: {
      provider,
      model: flags.model ?? env.SMM_MODEL ?? undefined,
      modelPath: env.SMM_MODEL_PATH || undefined,
      baseUrl: baseUrl && !/^https?:\/\//.test(baseUrl) ? `http://${baseUrl}` : baseUrl,
      apiKey: env.SMM_OPENAI_API_KEY ?? env.OPENAI_API_KEY ?? undefined,
      // A whole generation on a laptop CPU (model load, prompt, three variants, a repair round) takes minutes with
      // the embedded model; a server answers in seconds, and a dead one should be noticed as soon.
      timeoutMs: env.SMM_LLM_TIMEOUT_MS ?? (provider === 'embedded' ? EMBEDDED_TIMEOUT_MS : undefined),
      sequences: env.SMM_MODEL_SEQUENCES || undefined,
    },
    embedder: env.SMM_EMBEDDER || undefined,
    chromaUrl: env.CHROMA_URL || undefined,
    vectorCachePosts: env.SMM_VECTOR_CACHE_POSTS || undefined,
    listedPostCache: env.SMM_LISTED_POST_CACHE || undefined,
    platformLimits: platformNumbers(env.SMM_PLATFORM_LIMITS),
    platformMaxHashtags: platformNumbers(env.SMM_PLATFORM_MAX_HASHTAGS),
    server: {
      host: flags.host ?? env.SMM_HOST ?? undefined,
      port: flags.port ?? env.SMM_PORT ?? undefined,
      corsOrigins: env.SMM_CORS_ORIGINS ? env.SMM_CORS_ORIGINS.split(',').map((origin) => origin.trim()).filter(Boolean) : undefined,
      perUserProfiles: env.SMM_PER_USER_PROFILES ? ['1', 'true', 'yes'].includes(env.SMM_PER_USER_PROFILES.toLowerCase()) : undefined,
      bodyLimitBytes: env.SMM_BODY_LIMIT_BYTES ?? undefined,
      rateLimitPerMinute: env.SMM_RATE_LIMIT_PER_MINUTE ?? undefined,
      requestTimeoutMs: env.SMM_REQUEST_TIMEOUT_MS ?? undefined,
    },
    publishing: { secretKey: env.SMM_SECRET_KEY || undefined, intervalMs: env.SMM_PUBLISH_INTERVAL_MS ?? undefined },
  };
  const result = ConfigSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const key = issue.path.join('.');
    const source = SOURCES[key] ?? SOURCES[String(issue.path[0])] ?? key;
    throw new ConfigInvalidError(`Invalid setting ${key} (${source}): ${issue.message}.`, `Fix ${source}.`);
  }
  if (result.data.llm.provider === 'openai' && !result.data.llm.baseUrl && !result.data.llm.apiKey) {
    throw new ConfigInvalidError(
      'SMM_LLM=openai needs SMM_OPENAI_BASE_URL (an OpenAI-compatible server) or SMM_OPENAI_API_KEY.',
      'Set SMM_OPENAI_BASE_URL (any OpenAI-compatible server) and/or SMM_OPENAI_API_KEY.',
    );
  }
  return result.data;
}

/** "x=25000, mastodon=1000" → { x: 25000, mastodon: 1000 } (values checked by the schema). */
function platformNumbers(value: string | undefined): Record<string, number | string> | undefined {
  if (!value) return undefined;
  return Object.fromEntries(
    value
      .split(',')
      .map((pair) => pair.split('=').map((part) => part.trim()))
      .filter((pair) => pair[0])
      .map(([platform, number]) => [platform!.toLowerCase(), number && /^\d+$/.test(number) ? Number(number) : (number ?? '')]),
  );
}

/** The SQLite file used when SMM_DATABASE_URL is not set. */
export function sqlitePath(config: Config): string {
  return path.join(config.dataDir, 'smm.sqlite');
}
