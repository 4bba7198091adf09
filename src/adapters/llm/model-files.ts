import { access, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ModelDownloader } from 'node-llama-cpp';
import { AppError, CancelledError, ModelUnavailableError } from '../../core/errors.js';
import type { ProgressListener } from '../../core/ports.js';
import { LOCAL_MODEL_HINT } from './llama-runtime.js';

/** A model the app knows how to fetch with node-llama-cpp's `hf:` URIs. */
export interface KnownModel {
  name: string;
  uri: string;
  /** Approximate download size, for the confirmation prompt. */
  approximateBytes: number;
  licence: string;
}

/**
 * The default embedded model: Llama 3.2 3B Instruct, Q4_K_M (about 2.0 GB).
 * - Quality: among 1–3 GB instruct models it writes the most natural short
 *   posts and follows voice guides well; it has no "thinking" phase (unlike
 *   Qwen 3 / 3.5), which on a CPU would cost seconds before the first word.
 *   JSON shape is not a concern: the embedded model decodes under a grammar
 *   built from the schema.
 * - Size: runs in about 3 GB of RAM at a 4k context, a few tokens a second
 *   on a laptop CPU.
 * - Licence: Llama 3.2 Community License (commercial use allowed, with
 *   attribution and Meta's acceptable-use policy). Teams that need
 *   Apache-2.0 can pull SMALL_MODEL instead.
 * The repository is the one node-llama-cpp itself recommends for this model.
 */
export const DEFAULT_MODEL: KnownModel = {
  name: 'Llama 3.2 3B Instruct (Q4_K_M)',
  uri: 'hf:mradermacher/Llama-3.2-3B-Instruct-GGUF:Q4_K_M',
  approximateBytes: 2_020_000_000,
  licence: 'Llama 3.2 Community License',
};

/** A lighter alternative (about 1.1 GB, Apache-2.0) for machines with little memory. */
export const SMALL_MODEL: KnownModel = {
  name: 'Qwen2.5 1.5B Instruct (Q4_K_M)',
  uri: 'hf:Qwen/Qwen2.5-1.5B-Instruct-GGUF:Q4_K_M',
  approximateBytes: 1_120_000_000,
  licence: 'Apache-2.0',
};

export const KNOWN_MODELS: readonly KnownModel[] = [DEFAULT_MODEL, SMALL_MODEL];

export interface EnsureModelOptions {
  /** A local .gguf to use as is (SMM_MODEL_PATH); wins over `uri`. */
  path?: string;
  /** What to fetch: an `hf:` URI or an http(s) URL of a .gguf. Default DEFAULT_MODEL.uri. */
  uri?: string;
  /** The app's cache folder; models live in `<cacheDir>/models`. */
  cacheDir: string;
  /** False: only look in the cache (fast, no network). True: download what is missing. */
  download: boolean;
  /** Download progress in bytes. */
  onProgress?: ProgressListener;
  /** Cancels the download; the partial file stays and the next call resumes it. */
  signal?: AbortSignal;
  /** How long reaching the model host may take before the download is declared impossible. Default 10 s. */
  connectTimeoutMs?: number;
  /** Another base URL for `hf:` URIs (a mirror); default node-llama-cpp's (which also reads HF_ENDPOINT). */
  hubEndpoint?: string;
}

export interface EnsuredModel {
  path: string;
  /** True when this call downloaded (or finished downloading) the file. */
  downloaded: boolean;
}

/** The folder of downloaded models inside the app's cache. */
export function modelsDir(cacheDir: string): string {
  return path.join(cacheDir, 'models');
}

const sleep = (ms: number) => new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), ms).unref());

/**
 * Returns a usable model file: the given path, else the URI's file in the
 * cache, else (with `download`) downloads it once into the cache with
 * progress. Offline it fails within `connectTimeoutMs` with what to do.
 * Downloads resume: node-llama-cpp (through ipull) keeps the partial file
 * with a `.ipull` suffix and its progress, and continues from there.
 */
export async function ensureModel(options: EnsureModelOptions): Promise<EnsuredModel> {
  if (options.path) {
    const resolved = path.resolve(options.path);
    try {
      await access(resolved);
    } catch (error) {
      throw new ModelUnavailableError(`SMM_MODEL_PATH points to ${resolved}, which does not exist.`, { cause: error, hint: LOCAL_MODEL_HINT });
    }
    return { path: resolved, downloaded: false };
  }
  const uri = options.uri ?? DEFAULT_MODEL.uri;
  const directory = modelsDir(options.cacheDir);
  const { resolveModelFile, createModelDownloader } = await import('node-llama-cpp');
  const endpoints = options.hubEndpoint ? { huggingFace: options.hubEndpoint } : undefined;
  const cached = await findInCache(uri, directory, () => resolveModelFile(uri, { directory, download: false, cli: false, endpoints }));
  if (cached) return { path: cached, downloaded: false };
  if (!options.download) {
    throw new ModelUnavailableError(`The model ${uri} is not in ${directory} yet.`, { hint: LOCAL_MODEL_HINT, details: { uri, directory } });
  }
  if (options.signal?.aborted) throw new CancelledError('The model download was cancelled.');

  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  const cannotDownload = (cause: unknown, why: string) =>
    new ModelUnavailableError(`Cannot download ${uri}: ${why}.`, { cause, hint: LOCAL_MODEL_HINT, details: { uri, directory } });
  // Creating the downloader asks the host for the file's name and size; it takes no signal and can hang offline.
  const creating = createModelDownloader({
    modelUri: uri,
    dirPath: directory,
    showCliProgress: false,
    deleteTempFileOnCancel: false,
    // With skipExisting, ipull writes straight to the final name and saves no progress: no resume.
    // The cache was checked above, so a finished file is never fetched twice.
    skipExisting: false,
    endpoints,
    onProgress: options.onProgress
      ? ({ downloadedSize, totalSize }) => options.onProgress!({ phase: 'download', done: downloadedSize, total: totalSize, unit: 'bytes', message: uri })
      : undefined,
  });
  const aborted = new Promise<'aborted'>((resolve) => options.signal?.addEventListener('abort', () => resolve('aborted'), { once: true }));
  let downloader: ModelDownloader;
  try {
    const outcome = await Promise.race([creating, sleep(connectTimeoutMs), aborted]);
    if (outcome === 'timeout' || outcome === 'aborted') {
      void creating.then((late) => late.cancel({ deleteTempFile: false })).catch(() => undefined);
      if (outcome === 'aborted') throw new CancelledError('The model download was cancelled.');
      throw cannotDownload(undefined, `the model host did not answer within ${connectTimeoutMs} ms (no internet?)`);
    }
    downloader = outcome;
  } catch (error) {
    if (AppError.isInstance(error)) throw error;
    throw cannotDownload(error, (error as Error).message);
  }

  options.onProgress?.({ phase: 'download', done: downloader.downloadedSize, total: downloader.totalSize, unit: 'bytes', message: uri });
  try {
    const file = await downloader.download({ signal: options.signal });
    // A cancelled download can end without an error: the finished file is the proof.
    if (options.signal?.aborted || !(await exists(file))) throw new Error('the download stopped before the end');
    return { path: file, downloaded: true };
  } catch (error) {
    if (options.signal?.aborted) {
      throw new CancelledError(`The model download was cancelled at ${downloader.downloadedSize} of ${downloader.totalSize} bytes; run it again to resume.`);
    }
    throw cannotDownload(error, `${(error as Error).message} (run it again to resume)`);
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * The URI's finished file in the cache, without the network. node-llama-cpp
 * knows the file name of an `hf:` URI; a plain URL's file keeps its name.
 */
async function findInCache(uri: string, directory: string, resolveHubUri: () => Promise<string>): Promise<string | undefined> {
  if (/^https?:\/\//i.test(uri)) {
    const file = path.join(directory, decodeURIComponent(path.posix.basename(new URL(uri).pathname)));
    return (await exists(file)) ? file : undefined;
  }
  return resolveHubUri().catch(() => undefined);
}

export interface ModelFileInfo {
  name: string;
  path: string;
  sizeBytes: number;
  modifiedAt: string;
  /** True for an unfinished download (resumed by the next pull). */
  partial: boolean;
}

/** The model files in the cache, for `smm models list`, largest first. */
export async function listModels(cacheDir: string): Promise<ModelFileInfo[]> {
  const directory = modelsDir(cacheDir);
  let names: string[];
  try {
    names = await readdir(directory);
  } catch {
    return [];
  }
  const files: ModelFileInfo[] = [];
  for (const name of names) {
    const partial = name.endsWith('.gguf.ipull');
    if (!partial && !name.endsWith('.gguf')) continue;
    const filePath = path.join(directory, name);
    const info = await stat(filePath);
    if (!info.isFile()) continue;
    files.push({ name: partial ? name.slice(0, -'.ipull'.length) : name, path: filePath, sizeBytes: info.size, modifiedAt: info.mtime.toISOString(), partial });
  }
  return files.sort((left, right) => right.sizeBytes - left.sizeBytes || left.name.localeCompare(right.name));
}
