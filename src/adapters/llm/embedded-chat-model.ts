import path from 'node:path';
import type { ChatHistoryItem, LlamaContext, LlamaContextSequence, LlamaGrammar } from 'node-llama-cpp';
import { AppError, CancelledError, ModelFailedError, ModelUnavailableError } from '../../core/errors.js';
import type { ChatModel, StructuredRequest, TokenUsage } from '../../core/ports.js';
import { jsonInstruction, parseJsonReply } from './json-reply.js';
import { loadLlamaModel } from './llama-runtime.js';
import { startDeadline } from './request-deadline.js';

/** Options of the in-process llama.cpp chat model. */
export interface EmbeddedChatModelOptions {
  /** The .gguf file (SMM_MODEL_PATH, or the one `smm models pull` put in the cache). */
  modelPath: string;
  /** Largest context to allocate, in tokens; the model's own limit applies too. Default 4096. */
  contextSize?: number;
  /**
   * CPU threads for evaluation; default: node-llama-cpp's choice (the math cores).
   * On a machine already busy with other work, fewer threads are much faster:
   * llama.cpp's threads wait for each other at every step.
   */
  threads?: number;
  /** Limit for one whole generation (SMM_LLM_TIMEOUT_MS). Default 120 s: CPUs are slow. */
  timeoutMs?: number;
  /** Default maxTokens when the request has none. Default 1024. */
  maxTokens?: number;
}

/** "embedded:<file name without .gguf>", lowercased. */
export function embeddedModelId(modelPath: string): string {
  return `embedded:${path.basename(modelPath).replace(/\.gguf$/i, '').toLowerCase()}`;
}

/**
 * ChatModel running a GGUF model in this process through node-llama-cpp
 * (loaded lazily, shared per file within the process). Output is held to
 * the request's JSON schema by a grammar, so even small models return
 * parseable JSON; tokens stream to `onToken`; the AbortSignal stops
 * generation at the next token. One generation at a time per instance.
 */
export class EmbeddedChatModel implements ChatModel {
  readonly id: string;
  private readonly options: EmbeddedChatModelOptions;
  private contextPromise: Promise<{ context: LlamaContext; sequence: LlamaContextSequence }> | undefined;
  private readonly grammars = new Map<string, Promise<LlamaGrammar | undefined>>();
  private queue: Promise<unknown> = Promise.resolve();
  private disposed = false;

  constructor(options: EmbeddedChatModelOptions) {
    this.options = options;
    this.id = embeddedModelId(options.modelPath);
  }

  /** Loads the model (the slow part, once) and makes sure a context fits in memory. */
  async ping(): Promise<void> {
    await this.sequence();
  }

  async generateStructured(request: StructuredRequest): Promise<{ value: unknown; usage: TokenUsage }> {
    const run = this.queue.then(() => this.generate(request));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Frees this model's context; the loaded model stays cached for the process (see disposeLlamaRuntime). */
  async dispose(): Promise<void> {
    this.disposed = true;
    const opened = await this.contextPromise?.catch(() => undefined);
    this.contextPromise = undefined;
    await opened?.context.dispose();
  }

  private async generate(request: StructuredRequest): Promise<{ value: unknown; usage: TokenUsage }> {
    const timeoutMs = this.options.timeoutMs ?? 120_000;
    const deadline = startDeadline(timeoutMs, request.signal);
    try {
      deadline.throwIfCancelled();
      if (this.disposed) throw new ModelUnavailableError(`The embedded model ${this.id} was closed.`, { hint: 'Create a new chat model.' });
      const { sequence, model } = await this.sequence();
      const grammar = await this.grammar(request.jsonSchema);
      const { LlamaChatSession } = await import('node-llama-cpp');
      const messages = [...request.messages];
      const last = messages.at(-1)?.role === 'user' ? messages.pop()!.content : '';
      const history: ChatHistoryItem[] = messages.map((message) =>
        message.role === 'assistant' ? { type: 'model', response: [message.content] } : { type: message.role, text: message.content },
      );
      if (!grammar) history.unshift({ type: 'system', text: jsonInstruction(request.schemaName, request.jsonSchema) });
      const session = new LlamaChatSession({ contextSequence: sequence, autoDisposeSequence: false });
      try {
        session.setChatHistory(history);
        const before = sequence.tokenMeter.getState();
        const result = await session.promptWithMeta(last, {
          grammar,
          maxTokens: request.maxTokens ?? this.options.maxTokens ?? 1024,
          temperature: request.temperature,
          signal: deadline.signal,
          stopOnAbortSignal: true,
          onTextChunk: request.onToken,
        });
        deadline.throwIfCancelled();
        if (deadline.timedOut()) throw this.timeoutError(timeoutMs);
        const after = sequence.tokenMeter.getState();
        const usage: TokenUsage = {
          promptTokens: after.usedInputTokens - before.usedInputTokens,
          completionTokens: model.tokenize(result.responseText).length,
        };
        try {
          return { value: parseJsonReply(result.responseText, this.id), usage };
        } catch (error) {
          if (result.stopReason !== 'maxTokens') throw error;
          throw new ModelFailedError(`The embedded model ${this.id} ran out of tokens before it closed its JSON reply.`, {
            cause: error,
            hint: 'Give string fields a maxLength in the schema, or allow more tokens (maxTokens).',
            details: { reply: result.responseText.slice(0, 500) },
          });
        }
      } finally {
        session.dispose({ disposeSequence: false });
        await sequence.clearHistory();
      }
    } catch (error) {
      if (AppError.isInstance(error)) throw error;
      if (deadline.cancelled()) throw new CancelledError('The model request was cancelled.');
      if (deadline.timedOut()) throw this.timeoutError(timeoutMs, error);
      throw new ModelFailedError(`The embedded model ${this.id} failed: ${(error as Error).message}`, {
        cause: error,
        hint: 'Try again; if it persists, use another model (SMM_MODEL_PATH) or server (SMM_LLM).',
      });
    } finally {
      deadline.dispose();
    }
  }

  private timeoutError(timeoutMs: number, cause?: unknown): ModelFailedError {
    return new ModelFailedError(`The embedded model ${this.id} did not finish within ${timeoutMs} ms.`, {
      cause,
      hint: 'Raise SMM_LLM_TIMEOUT_MS, ask for fewer or shorter variants, or use a faster model or server (SMM_LLM).',
    });
  }

  private async sequence() {
    const { model } = await loadLlamaModel(this.options.modelPath);
    this.contextPromise ??= (async () => {
      try {
        const context = await model.createContext({
          contextSize: { max: this.options.contextSize ?? 4096 },
          ...(this.options.threads !== undefined ? { threads: this.options.threads } : {}),
        });
        return { context, sequence: context.getSequence() };
      } catch (error) {
        this.contextPromise = undefined;
        throw new ModelUnavailableError(`Not enough memory for a context of the embedded model ${this.id}: ${(error as Error).message}`, {
          cause: error,
          hint: 'Close other programs, use a smaller model (SMM_MODEL_PATH), or use Ollama / an OpenAI-compatible server (SMM_LLM).',
        });
      }
    })();
    const { sequence } = await this.contextPromise;
    return { sequence, model };
  }

  /** A grammar for the schema, cached; undefined when llama.cpp cannot express the schema (then the prompt carries it). */
  private grammar(schema: Record<string, unknown>): Promise<LlamaGrammar | undefined> {
    const key = JSON.stringify(schema);
    let grammar = this.grammars.get(key);
    if (!grammar) {
      grammar = (async () => {
        const { llama } = await loadLlamaModel(this.options.modelPath);
        try {
          return await llama.createGrammarForJsonSchema(schema as Parameters<typeof llama.createGrammarForJsonSchema>[0]);
        } catch {
          return undefined;
        }
      })();
      if (this.grammars.size > 32) this.grammars.clear();
      this.grammars.set(key, grammar);
    }
    return grammar;
  }
}
