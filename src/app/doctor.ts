import { toAppError } from '../core/errors.js';
import { phraseHint } from '../core/hint-phrasing.js';
import { measureIndexCoverage } from '../core/indexing/index.js';
import type { IndexSyncService } from '../core/indexing/index.js';
import type { ChatModel, Embedder, Storage, VectorIndex } from '../core/ports.js';
import type { Config } from './config.js';

export interface DoctorCheck {
  name: 'database' | 'vector index' | 'chat model' | 'embedder';
  ok: boolean;
  /** What was found, in plain words. */
  detail: string;
  /** What to do when it failed (or a warning's remedy). */
  fix: string | null;
  warning?: boolean;
  /** Counts behind the detail, for scripts (the vector index: posts, indexed, waiting, missing). */
  figures?: Record<string, number>;
}

/** What a check found: fine, fine with a warning (its remedy), or failed with what to do. */
export interface CheckOutcome {
  detail: string;
  warning?: string;
  failure?: string;
  figures?: Record<string, number>;
}

/** Runs one check with a time limit; a failure becomes a failed check, never a throw. */
export async function runCheck(
  name: DoctorCheck['name'],
  timeoutMs: number,
  check: (signal: AbortSignal) => Promise<CheckOutcome>,
  fixFor: (message: string) => string,
): Promise<DoctorCheck> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const timeout = new Promise<never>((_, reject) =>
      controller.signal.addEventListener('abort', () => reject(new Error(`no answer within ${Math.round(timeoutMs / 1000)} s`)), { once: true }),
    );
    const result = await Promise.race([check(controller.signal), timeout]);
    const figures = result.figures ? { figures: result.figures } : {};
    if (result.failure) return { name, ok: false, detail: result.detail, fix: result.failure, ...figures };
    return result.warning
      ? { name, ok: true, warning: true, detail: result.detail, fix: result.warning, ...figures }
      : { name, ok: true, detail: result.detail, fix: null, ...figures };
  } catch (error) {
    const appError = toAppError(error);
    return { name, ok: false, detail: appError.message, fix: phraseHint(appError.hint, 'cli') ?? fixFor(appError.message) };
  } finally {
    clearTimeout(timer);
  }
}

export interface DoctorReport {
  ok: boolean;
  checks: DoctorCheck[];
}

/** What `doctor` needs from the app (kept narrow so the doctor is easy to test). */
export interface DoctorTarget {
  config: Config;
  storage: Storage;
  vectorIndex: VectorIndex;
  chatModel(): Promise<ChatModel>;
  embedder(): Promise<Embedder>;
  indexing(): Promise<IndexSyncService>;
}

function databaseLabel(config: DoctorTarget['config']): string {
  if (!config.databaseUrl) return `SQLite at ${config.dataDir}/smm.sqlite`;
  try {
    const url = new URL(config.databaseUrl);
    return `PostgreSQL at ${url.hostname}:${url.port || 5432}${url.pathname}`;
  } catch {
    return 'PostgreSQL';
  }
}

/**
 * Checks each moving part in plain words, with what to do when it fails:
 * the database, the vector index (and drift from SQL), the chat model, the
 * embedder. Never throws.
 */
export async function runDoctor(app: DoctorTarget, workspace: string): Promise<DoctorReport> {
  const { config } = app;
  const database = await runCheck(
    'database',
    10_000,
    async () => {
      await app.storage.ping();
      const profiles = await app.storage.profiles.list(workspace, { includeArchived: true });
      return { detail: `${databaseLabel(config)} answers; workspace "${workspace}" has ${profiles.length} profiles.` };
    },
    () => (config.databaseUrl ? 'Check that PostgreSQL runs and SMM_DATABASE_URL is right.' : 'Check that the data folder (--data-dir / SMM_HOME) is writable.'),
  );
  const embedder = await runCheck(
    'embedder',
    30_000,
    async (signal) => {
      const embed = await app.embedder();
      const [vector] = await embed.embed(['doctor check'], signal);
      return { detail: `${embed.id} answers (${vector?.length ?? 0} dimensions).` };
    },
    () => 'Check SMM_EMBEDDER (builtin needs nothing; ollama:<model> needs Ollama running with that model pulled).',
  );
  const index = await runCheck(
    'vector index',
    30_000,
    async () => {
      await app.vectorIndex.ping();
      const where = config.chromaUrl ? `Chroma at ${config.chromaUrl}` : `the local Chroma server (data in ${config.dataDir}/chroma)`;
      if (database.ok === false || embedder.ok === false) return { detail: `${where} answers.` };
      const workspaceRow = await app.storage.profiles.ensureWorkspace(workspace);
      const indexing = await app.indexing();
      const status = await indexing.status(workspaceRow.id);
      let figures = `${status.indexed ?? '?'} posts indexed, ${status.pending} waiting`;
      if (!status.embedderMatches) {
        return {
          detail: `${where} answers, but the index was built with ${status.recordedEmbedder} and the embedder is now ${status.currentEmbedder} (${figures}).`,
          warning: 'Run `smm reindex` to rebuild the index with the current embedder; until then, examples come from full-text search.',
        };
      }
      // Posts the outbox will never queue again (a restored database, a deleted index folder) are not "waiting".
      const coverage = await measureIndexCoverage(
        { profiles: app.storage.profiles, posts: app.storage.posts, outbox: app.storage.outbox, vectorIndex: app.vectorIndex },
        { id: workspaceRow.id, name: workspace },
        indexing.collectionFor(workspaceRow.id),
      );
      const counts = { posts: coverage.posts, indexed: status.indexed ?? 0, waiting: status.pending, missing: coverage.missing };
      if (coverage.missing > 0) {
        figures += `, ${coverage.missing} missing`;
        return {
          detail: `${where} answers, but ${coverage.missing} of ${coverage.posts} posts are missing from the vector index (${figures}; e.g. post ${coverage.sampleIds.slice(0, 5).join(', ')}).`,
          failure: `${coverage.missing} posts missing from the vector index: run \`smm reindex\` to rebuild it from the database (needed after a restore or a lost index folder). Until then their examples come only from full-text search.`,
          figures: counts,
        };
      }
      if (coverage.stale > 0) {
        return {
          detail: `${where} answers; ${figures}, and at least ${coverage.stale} vectors of posts that are no longer in the database.`,
          warning: 'The index holds vectors of posts the database no longer has (after restoring a backup?): run `smm reindex` to rebuild it from the database.',
          figures: { ...counts, stale: coverage.stale },
        };
      }
      if (status.pending > 0) return { detail: `${where} answers; ${figures}.`, warning: 'The index catches up on the next generation, or run `smm reindex` now.', figures: counts };
      return { detail: `${where} answers; ${figures}.`, figures: counts };
    },
    () => (config.chromaUrl ? 'Start the Chroma server at CHROMA_URL, fix CHROMA_URL, or unset it to use the local one.' : 'See the log in the data folder (chroma.log); retrieval falls back to full-text search meanwhile.'),
  );
  const model = await runCheck(
    'chat model',
    20_000,
    async (signal) => {
      const chat = await app.chatModel();
      await chat.ping(signal);
      return { detail: `${chat.id} is ready.` };
    },
    () =>
      config.llm.provider === 'embedded'
        ? 'Run `smm models pull` to download the embedded model, or set SMM_MODEL_PATH to a local .gguf, or use SMM_LLM=ollama / SMM_LLM=openai.'
        : config.llm.provider === 'ollama'
          ? 'Start Ollama (`ollama serve`), pull the model (`ollama pull <model>`), or fix SMM_OLLAMA_URL / SMM_MODEL.'
          : 'Check SMM_OPENAI_BASE_URL, SMM_OPENAI_API_KEY and SMM_MODEL.',
  );
  const checks = [database, index, model, embedder];
  return { ok: checks.every((check) => check.ok), checks };
}
