import type { OllamaEmbeddings } from '@langchain/ollama';
import { AppError, ModelFailedError, ModelUnavailableError } from '../../core/errors.js';
import { probeHttp } from '../llm/request-deadline.js';
import type { DiscoverableEmbedder } from './discoverable-embedder.js';
import { checkedDimensions, raceAbort } from './remote-embedder-support.js';

/** Options of the Ollama embedder (SMM_EMBEDDER=ollama:<model>). */
export interface OllamaEmbedderOptions {
  /** e.g. "nomic-embed-text". */
  model: string;
  /** Default "http://127.0.0.1:11434" (SMM_OLLAMA_URL). */
  baseUrl?: string;
  /** Limit per request. Default 30 s (the first request loads the model). */
  timeoutMs?: number;
  /** Limit for Ollama to answer at all. Default 5 s. */
  probeTimeoutMs?: number;
  /** Texts per request. Default 64. */
  batchSize?: number;
}

/** Embedder over LangChain's OllamaEmbeddings (`/api/embed`); the vector size is learnt on the first call. */
export class OllamaEmbedder implements DiscoverableEmbedder {
  readonly id: string;
  private readonly baseUrl: string;
  private knownDimensions = 0;
  private client: OllamaEmbeddings | undefined;
  private reachable = false;

  constructor(private readonly options: OllamaEmbedderOptions) {
    this.id = `ollama:${options.model}`;
    this.baseUrl = (options.baseUrl ?? 'http://127.0.0.1:11434').replace(/\/+$/, '');
  }

  /** 0 until the first call has asked the model. */
  get dimensions(): number {
    return this.knownDimensions;
  }

  async ready(signal?: AbortSignal): Promise<number> {
    if (!this.knownDimensions) await this.embed(['dimensions probe'], signal);
    return this.knownDimensions;
  }

  async embed(texts: readonly string[], signal?: AbortSignal): Promise<number[][]> {
    if (texts.length === 0) return [];
    const vectors: number[][] = [];
    try {
      await this.ensureReachable();
      const client = await this.open();
      const batchSize = this.options.batchSize ?? 64;
      for (let start = 0; start < texts.length; start += batchSize) {
        vectors.push(...(await raceAbort(client.embedDocuments(texts.slice(start, start + batchSize)), signal)));
      }
      this.knownDimensions = checkedDimensions(vectors, this.knownDimensions, this.id);
      return vectors;
    } catch (error) {
      throw this.wrap(error);
    }
  }

  private async open(): Promise<OllamaEmbeddings> {
    if (!this.client) {
      const { OllamaEmbeddings } = await import('@langchain/ollama');
      const timeoutMs = this.options.timeoutMs ?? 30_000;
      this.client = new OllamaEmbeddings({
        model: this.options.model,
        baseUrl: this.baseUrl,
        // LangChain retries six times with backoff by default: half a minute before a clear error.
        maxRetries: 1,
        fetch: (input, init) => fetch(input, { ...init, signal: AbortSignal.timeout(timeoutMs) }),
      });
    }
    return this.client;
  }

  private async ensureReachable(): Promise<void> {
    if (this.reachable) return;
    try {
      await probeHttp(`${this.baseUrl}/api/version`, this.options.probeTimeoutMs ?? 5_000);
      this.reachable = true;
    } catch (error) {
      throw new ModelUnavailableError(`Ollama at ${this.baseUrl} is unreachable for embeddings.`, {
        cause: error,
        hint: 'Start Ollama or fix SMM_OLLAMA_URL (OLLAMA_BASE_URL), or set SMM_EMBEDDER=builtin.',
      });
    }
  }

  private wrap(error: unknown): AppError {
    if (AppError.isInstance(error)) return error;
    const message = error instanceof Error ? error.message : String(error);
    if (/not found/i.test(message)) {
      return new ModelUnavailableError(`Ollama at ${this.baseUrl} has no embedding model "${this.options.model}".`, {
        cause: error,
        hint: `Run \`ollama pull ${this.options.model}\`, or change SMM_EMBEDDER.`,
      });
    }
    if (/fetch failed|ECONNREFUSED|timed? ?out|abort/i.test(message)) {
      this.reachable = false;
      return new ModelUnavailableError(`Ollama at ${this.baseUrl} did not answer the embedding request: ${message}`, {
        cause: error,
        hint: 'Check that Ollama runs (SMM_OLLAMA_URL / OLLAMA_BASE_URL), or set SMM_EMBEDDER=builtin.',
      });
    }
    return new ModelFailedError(`The Ollama embedder ${this.id} failed: ${message}`, { cause: error, hint: 'Check the Ollama log, or set SMM_EMBEDDER=builtin.' });
  }
}
