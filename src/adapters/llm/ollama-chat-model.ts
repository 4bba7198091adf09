import type { AIMessageChunk } from '@langchain/core/messages';
import { AppError, CancelledError, ModelFailedError, ModelUnavailableError } from '../../core/errors.js';
import type { ChatModel, StructuredAnswer, StructuredRequest, ToolChatRequest, ToolChatTurn } from '../../core/ports.js';
import { parseJsonReply } from './json-reply.js';
import { chatWithToolsVia } from './langchain-tool-chat.js';
import { toLangChainMessages } from './langchain-messages.js';
import { probeHttp, startDeadline, type RequestDeadline } from './request-deadline.js';
import { usageOf } from './token-usage.js';

/** Options of a chat model served by Ollama. */
export interface OllamaChatModelOptions {
  /** e.g. "llama3.2" or "qwen2.5:3b" (SMM_MODEL). */
  model: string;
  /** Default "http://127.0.0.1:11434" (SMM_OLLAMA_URL). */
  baseUrl?: string;
  /** Limit for one whole generation, including loading the model (SMM_LLM_TIMEOUT_MS). Default 60 s. */
  timeoutMs?: number;
  /** Limit for the server to answer at all, checked before the first request. Default 5 s. */
  probeTimeoutMs?: number;
}

const DEFAULT_URL = 'http://127.0.0.1:11434';

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * ChatModel over LangChain's ChatOllama, with Ollama's structured outputs
 * (`format` = the JSON schema, enforced by a grammar on the server).
 * Streams tokens to `onToken`; a server that does not answer fails within
 * `probeTimeoutMs`.
 */
export class OllamaChatModel implements ChatModel {
  readonly id: string;
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly probeTimeoutMs: number;
  private reachable = false;

  constructor(private readonly options: OllamaChatModelOptions) {
    this.id = `ollama:${options.model}`;
    this.baseUrl = (options.baseUrl ?? DEFAULT_URL).replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.probeTimeoutMs = options.probeTimeoutMs ?? 5_000;
  }

  /** Checks that Ollama answers and has the model. */
  async ping(signal?: AbortSignal): Promise<void> {
    this.reachable = false;
    await this.ensureReachable(signal);
    let names: string[];
    try {
      const response = await fetch(`${this.baseUrl}/api/tags`, { signal: signal ?? AbortSignal.timeout(this.probeTimeoutMs) });
      names = ((await response.json()) as { models?: { name: string }[] }).models?.map((model) => model.name) ?? [];
    } catch (error) {
      throw this.unreachable(error, messageOf(error));
    }
    const wanted = this.options.model;
    if (!names.some((name) => name === wanted || name === `${wanted}:latest`)) {
      throw new ModelUnavailableError(`Ollama at ${this.baseUrl} has no model "${wanted}".`, {
        hint: `Run \`ollama pull ${wanted}\`, or set SMM_MODEL to one of: ${names.slice(0, 10).join(', ') || '(none installed)'}.`,
        details: { installed: names },
      });
    }
  }

  /** A LangChain Ollama client for one request, its fetch bound to the request's deadline. */
  private async client(deadline: RequestDeadline, options: { format?: StructuredRequest['jsonSchema']; temperature?: number; maxTokens?: number }) {
    const { ChatOllama } = await import('@langchain/ollama');
    return new ChatOllama({
      model: this.options.model,
      baseUrl: this.baseUrl,
      ...(options.format === undefined ? {} : { format: options.format }),
      temperature: options.temperature,
      numPredict: options.maxTokens,
      // The Ollama client takes no per-request signal: bind the deadline into its fetch.
      fetch: (input, init) => fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, deadline.signal]) : deadline.signal }),
    });
  }

  async generateStructured(request: StructuredRequest): Promise<StructuredAnswer> {
    const deadline = startDeadline(this.timeoutMs, request.signal);
    try {
      deadline.throwIfCancelled();
      await this.ensureReachable(deadline.signal);
      const llm = await this.client(deadline, { format: request.jsonSchema, temperature: request.temperature, maxTokens: request.maxTokens });
      const callbacks = request.onToken ? [{ handleLLMNewToken: (token: string) => (token ? request.onToken!(token) : undefined) }] : [];
      let reply: AIMessageChunk | undefined;
      for await (const chunk of await llm.stream(toLangChainMessages(request.messages), { signal: deadline.signal, callbacks })) {
        reply = reply ? reply.concat(chunk) : chunk;
      }
      deadline.throwIfCancelled();
      if (deadline.timedOut()) throw new DOMException('The model request timed out.', 'TimeoutError');
      const text = reply?.text ?? '';
      return { value: parseJsonReply(text, this.id), usage: usageOf(reply, request.messages, text), reply: text };
    } catch (error) {
      throw this.wrap(error, deadline);
    } finally {
      deadline.dispose();
    }
  }

  /** Ollama's tool calling (models with tool support, e.g. llama3.x, qwen2.5); it has no "required" tool choice, so the prompt decides. */
  async chatWithTools(request: ToolChatRequest): Promise<ToolChatTurn> {
    const deadline = startDeadline(this.timeoutMs, request.signal);
    try {
      deadline.throwIfCancelled();
      await this.ensureReachable(deadline.signal);
      const llm = await this.client(deadline, { temperature: request.temperature, maxTokens: request.maxTokens });
      const turn = await chatWithToolsVia(llm, { ...request, toolChoice: 'auto' }, deadline.signal);
      deadline.throwIfCancelled();
      if (deadline.timedOut()) throw new DOMException('The model request timed out.', 'TimeoutError');
      return turn;
    } catch (error) {
      throw this.wrap(error, deadline);
    } finally {
      deadline.dispose();
    }
  }

  private async ensureReachable(signal?: AbortSignal): Promise<void> {
    if (this.reachable) return;
    try {
      await probeHttp(`${this.baseUrl}/api/version`, this.probeTimeoutMs, {}, signal);
    } catch (error) {
      if (signal?.aborted) throw error;
      throw this.unreachable(error, `did not answer within ${this.probeTimeoutMs} ms`);
    }
    this.reachable = true;
  }

  private unreachable(cause: unknown, how: string): ModelUnavailableError {
    return new ModelUnavailableError(`Ollama at ${this.baseUrl} is unreachable (${how}).`, {
      cause,
      hint: 'Start Ollama (`ollama serve`) or fix SMM_OLLAMA_URL, or choose another model with SMM_LLM (embedded, openai).',
      details: { baseUrl: this.baseUrl, model: this.options.model },
    });
  }

  private wrap(error: unknown, deadline: RequestDeadline): AppError {
    // The caller's cancel and the deadline explain whatever failed after them (a cut stream parses badly).
    if (deadline.cancelled()) return new CancelledError('The model request was cancelled.');
    if (AppError.isInstance(error) && !deadline.timedOut()) return error;
    if (deadline.timedOut()) {
      return new ModelFailedError(`Ollama at ${this.baseUrl} did not finish within ${this.timeoutMs} ms.`, {
        cause: error,
        hint: 'Raise SMM_LLM_TIMEOUT_MS (the first request also loads the model), ask for fewer variants, or use a smaller model (SMM_MODEL).',
      });
    }
    const statusCode = (error as { status_code?: unknown } | null)?.status_code;
    const message = messageOf(error);
    if (statusCode === 404 || /not found/i.test(message)) {
      return new ModelUnavailableError(`Ollama at ${this.baseUrl} has no model "${this.options.model}".`, {
        cause: error,
        hint: `Run \`ollama pull ${this.options.model}\`, or set SMM_MODEL to an installed model (\`ollama list\`).`,
      });
    }
    if (statusCode === undefined && /fetch failed|ECONNREFUSED|ECONNRESET|socket/i.test(message)) {
      this.reachable = false;
      return this.unreachable(error, message);
    }
    return new ModelFailedError(`Ollama at ${this.baseUrl} failed: ${message}`, {
      cause: error,
      hint: 'Try again; if it persists, check the Ollama log.',
      details: { status: statusCode },
    });
  }
}
