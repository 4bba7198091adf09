import path from 'node:path';
import type { LlamaEmbeddingContext, LlamaModel } from 'node-llama-cpp';
import { AppError, CancelledError, ModelFailedError, ModelUnavailableError } from '../../core/errors.js';
import { loadLlamaModel } from '../llm/llama-runtime.js';
import type { DiscoverableEmbedder } from './discoverable-embedder.js';

/** Options of the in-process llama.cpp embedder. */
export interface LlamaCppEmbedderOptions {
  /** A GGUF embedding model (SMM_EMBEDDER=llamacpp:<path.gguf>). */
  modelPath: string;
  /** Largest context to allocate; longer texts are cut to it. Default 2048. */
  contextSize?: number;
  /** CPU threads; default node-llama-cpp's choice (see EmbeddedChatModelOptions.threads). */
  threads?: number;
}

/**
 * Embedder running a GGUF model in this process through node-llama-cpp
 * (`model.createEmbeddingContext()`); the model is shared with any chat
 * model on the same file. Dimensions are known once the model is loaded.
 */
export class LlamaCppEmbedder implements DiscoverableEmbedder {
  readonly id: string;
  private knownDimensions = 0;
  private contextPromise: Promise<{ model: LlamaModel; context: LlamaEmbeddingContext }> | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: LlamaCppEmbedderOptions) {
    this.id = `llamacpp:${path.basename(options.modelPath).replace(/\.gguf$/i, '')}`;
  }

  /** 0 until the model is loaded (by `ready()` or the first `embed()`). */
  get dimensions(): number {
    return this.knownDimensions;
  }

  async ready(): Promise<number> {
    await this.open();
    return this.knownDimensions;
  }

  async embed(texts: readonly string[], signal?: AbortSignal): Promise<number[][]> {
    const run = this.queue.then(() => this.embedAll(texts, signal));
    this.queue = run.catch(() => undefined);
    return run;
  }

  async dispose(): Promise<void> {
    const opened = await this.contextPromise?.catch(() => undefined);
    this.contextPromise = undefined;
    await opened?.context.dispose();
  }

  private async embedAll(texts: readonly string[], signal?: AbortSignal): Promise<number[][]> {
    const { model, context } = await this.open();
    // A few tokens of room: the context adds its own start and end tokens.
    const limit = Math.min(this.options.contextSize ?? 2048, model.trainContextSize) - 8;
    const vectors: number[][] = [];
    for (const text of texts) {
      if (signal?.aborted) throw new CancelledError('Embedding was cancelled.');
      try {
        // An empty text would get an empty vector: give it the vector of a neutral character instead.
        const tokens = model.tokenize(text.trim() === '' ? '.' : text);
        const embedding = await context.getEmbeddingFor(tokens.length > limit ? tokens.slice(0, limit) : tokens);
        vectors.push(Array.from(embedding.vector));
      } catch (error) {
        throw new ModelFailedError(`The llama.cpp embedder ${this.id} failed: ${(error as Error).message}`, {
          cause: error,
          hint: 'Check that SMM_EMBEDDER points to an embedding model (.gguf), or use SMM_EMBEDDER=builtin.',
        });
      }
    }
    return vectors;
  }

  private async open(): Promise<{ model: LlamaModel; context: LlamaEmbeddingContext }> {
    this.contextPromise ??= (async () => {
      const { model } = await loadLlamaModel(this.options.modelPath);
      try {
        const context = await model.createEmbeddingContext({
          contextSize: { max: this.options.contextSize ?? 2048 },
          ...(this.options.threads !== undefined ? { threads: this.options.threads } : {}),
        });
        this.knownDimensions = model.embeddingVectorSize;
        return { model, context };
      } catch (error) {
        throw new ModelUnavailableError(`The llama.cpp embedder ${this.id} could not start: ${(error as Error).message}`, {
          cause: error,
          hint: 'Use an embedding model that fits in memory in SMM_EMBEDDER, or SMM_EMBEDDER=builtin.',
        });
      }
    })();
    try {
      return await this.contextPromise;
    } catch (error) {
      this.contextPromise = undefined;
      throw AppError.isInstance(error) ? error : new ModelUnavailableError(String(error), { cause: error });
    }
  }
}
