import type { OpenAIEmbeddings } from '@langchain/openai';
import { AppError, ModelFailedError, ModelUnavailableError } from '../../core/errors.js';
import { probeHttp } from '../llm/request-deadline.js';
import type { DiscoverableEmbedder } from './discoverable-embedder.js';
import { checkedDimensions, raceAbort } from './remote-embedder-support.js';

/** Options of the OpenAI-compatible embedder (SMM_EMBEDDER=openai:<model>). */
export interface OpenAiEmbedderOptions {
  /** e.g. "text-embedding-3-small". */
  model: string;
  /** SMM_OPENAI_BASE_URL; default OpenAI's own API. */
  baseUrl?: string;
  /** SMM_OPENAI_API_KEY. */
  apiKey?: string;
  /** Ask the server for shorter vectors (text-embedding-3-*); otherwise learnt on the first call. */
  dimensions?: number;
  /** Limit per request. Default 30 s. */
  timeoutMs?: number;
  /** Limit for the server to answer at all (when baseUrl is set). Default 5 s. */
  probeTimeoutMs?: number;
}

/** Embedder over LangChain's OpenAIEmbeddings, for OpenAI and any server with /v1/embeddings. */
export class OpenAiEmbedder implements DiscoverableEmbedder {
  readonly id: string;
  private knownDimensions: number;
  private client: OpenAIEmbeddings | undefined;
  private reachable = false;

  constructor(private readonly options: OpenAiEmbedderOptions) {
    this.id = `openai:${options.model}${options.dimensions ? `:${options.dimensions}` : ''}`;
    this.knownDimensions = options.dimensions ?? 0;
  }

  /** The requested size, else 0 until the first call has asked the model. */
  get dimensions(): number {
    return this.knownDimensions;
  }

  async ready(signal?: AbortSignal): Promise<number> {
    if (!this.knownDimensions) await this.embed(['dimensions probe'], signal);
    return this.knownDimensions;
  }

  async embed(texts: readonly string[], signal?: AbortSignal): Promise<number[][]> {
    if (texts.length === 0) return [];
    try {
      await this.ensureReachable();
      const client = await this.open();
      const vectors = await raceAbort(client.embedDocuments([...texts]), signal);
      this.knownDimensions = checkedDimensions(vectors, this.knownDimensions, this.id);
      return vectors;
    } catch (error) {
      throw this.wrap(error);
    }
  }

  private get where(): string {
    return this.options.baseUrl ? `the OpenAI-compatible server at ${this.options.baseUrl}` : 'the OpenAI API';
  }

  private async open(): Promise<OpenAIEmbeddings> {
    if (!this.client) {
      const { OpenAIEmbeddings } = await import('@langchain/openai');
      this.client = new OpenAIEmbeddings({
        model: this.options.model,
        apiKey: this.options.apiKey ?? (this.options.baseUrl ? 'not-needed' : undefined),
        configuration: this.options.baseUrl ? { baseURL: this.options.baseUrl } : undefined,
        dimensions: this.options.dimensions,
        timeout: this.options.timeoutMs ?? 30_000,
        maxRetries: 1,
      });
    }
    return this.client;
  }

  private async ensureReachable(): Promise<void> {
    if (this.reachable) return;
    if (!this.options.baseUrl) {
      if (!this.options.apiKey) {
        throw new ModelUnavailableError('No OpenAI API key and no OpenAI-compatible server are configured for embeddings.', {
          hint: 'Set SMM_OPENAI_API_KEY or SMM_OPENAI_BASE_URL, or set SMM_EMBEDDER=builtin.',
        });
      }
      this.reachable = true;
      return;
    }
    try {
      await probeHttp(`${this.options.baseUrl.replace(/\/+$/, '')}/models`, this.options.probeTimeoutMs ?? 5_000);
      this.reachable = true;
    } catch (error) {
      throw new ModelUnavailableError(`${capitalise(this.where)} is unreachable for embeddings.`, {
        cause: error,
        hint: 'Start the server or fix SMM_OPENAI_BASE_URL, or set SMM_EMBEDDER=builtin.',
      });
    }
  }

  private wrap(error: unknown): AppError {
    if (AppError.isInstance(error)) return error;
    const message = error instanceof Error ? error.message : String(error);
    const status = (error as { status?: number } | null)?.status;
    if (status === 401 || status === 403) {
      return new ModelUnavailableError(`${capitalise(this.where)} refused the API key for embeddings.`, { cause: error, hint: 'Set SMM_OPENAI_API_KEY to a valid key.' });
    }
    if (status === 404) {
      return new ModelUnavailableError(`${capitalise(this.where)} has no embedding model "${this.options.model}".`, {
        cause: error,
        hint: 'Set SMM_EMBEDDER=openai:<a model the server serves>, or SMM_EMBEDDER=builtin.',
      });
    }
    if (status === undefined) {
      this.reachable = false;
      return new ModelUnavailableError(`${capitalise(this.where)} did not answer the embedding request: ${message}`, {
        cause: error,
        hint: 'Check SMM_OPENAI_BASE_URL, or set SMM_EMBEDDER=builtin.',
      });
    }
    return new ModelFailedError(`The embedder ${this.id} failed: ${message}`, { cause: error, hint: 'Try again, or set SMM_EMBEDDER=builtin.' });
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
