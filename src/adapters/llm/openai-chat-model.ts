import type { AIMessage, AIMessageChunk } from '@langchain/core/messages';
import type { ChatOpenAI, ChatOpenAICallOptions } from '@langchain/openai';
import { AppError, CancelledError, ModelFailedError, ModelUnavailableError } from '../../core/errors.js';
import type { ChatMessage, ChatModel, StructuredAnswer, StructuredRequest, TokenUsage, ToolChatRequest, ToolChatTurn } from '../../core/ports.js';
import { jsonInstruction, parseJsonReply } from './json-reply.js';
import { chatWithToolsVia } from './langchain-tool-chat.js';
import { toLangChainMessages } from './langchain-messages.js';
import { probeHttp, startDeadline, type RequestDeadline } from './request-deadline.js';
import { usageOf } from './token-usage.js';

/** How the JSON object is asked for; "auto" tries them in this order and remembers what the server accepts. */
export type StructuredOutputMethod = 'jsonSchema' | 'functionCalling' | 'prompt';

/** Options of a chat model behind any OpenAI-compatible endpoint (OpenAI, LM Studio, vLLM, llama.cpp server…). */
export interface OpenAiChatModelOptions {
  /** Model name as the server knows it (SMM_MODEL). */
  model: string;
  /** e.g. "http://127.0.0.1:1234/v1" (SMM_OPENAI_BASE_URL); default: OpenAI's own API. */
  baseUrl?: string;
  /** SMM_OPENAI_API_KEY; local servers usually need none. */
  apiKey?: string;
  /** Limit for one whole generation, retries included (SMM_LLM_TIMEOUT_MS). Default 60 s. */
  timeoutMs?: number;
  /** Limit for the server to answer at all, checked before the first request. Default 5 s. */
  probeTimeoutMs?: number;
  /** Retries of a failed request (connection reset, 5xx). Default 1. */
  maxRetries?: number;
  /** Force one way of asking for JSON; default "auto". */
  structuredOutput?: 'auto' | StructuredOutputMethod;
}

const METHODS: readonly StructuredOutputMethod[] = ['jsonSchema', 'functionCalling', 'prompt'];
// Statuses with which a server says "I do not support this request shape".
const UNSUPPORTED_STATUSES = new Set([400, 415, 422, 500, 501]);

function status(error: unknown): number | undefined {
  const value = (error as { status?: unknown } | null)?.status;
  return typeof value === 'number' ? value : undefined;
}

function errorName(error: unknown): string {
  const candidate = error as { name?: unknown; constructor?: { name?: string } } | null;
  return `${typeof candidate?.name === 'string' ? candidate.name : ''} ${candidate?.constructor?.name ?? ''}`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * ChatModel over LangChain's ChatOpenAI. Structured output through
 * `response_format: json_schema`, falling back to function calling and then
 * to a JSON instruction for servers that support neither. Always streams,
 * so tokens reach `onToken` and the request timeout covers only the wait
 * for the first byte. An endpoint that does not answer fails within
 * `probeTimeoutMs`, before any generation starts.
 */
export class OpenAiChatModel implements ChatModel {
  readonly id: string;
  private readonly options: Required<Pick<OpenAiChatModelOptions, 'timeoutMs' | 'probeTimeoutMs' | 'maxRetries'>> & OpenAiChatModelOptions;
  /** The first method to try: the last one the server accepted. */
  private method: StructuredOutputMethod = 'jsonSchema';
  private readonly forced: StructuredOutputMethod | undefined;
  private reachable = false;

  constructor(options: OpenAiChatModelOptions) {
    this.options = { timeoutMs: 60_000, probeTimeoutMs: 5_000, maxRetries: 1, ...options };
    this.id = `openai:${options.model}`;
    this.forced = options.structuredOutput === 'auto' ? undefined : options.structuredOutput;
  }

  private get where(): string {
    return this.options.baseUrl ? `the OpenAI-compatible server at ${this.options.baseUrl}` : 'the OpenAI API';
  }

  async ping(signal?: AbortSignal): Promise<void> {
    this.reachable = false;
    await this.ensureReachable(signal);
  }

  async generateStructured(request: StructuredRequest): Promise<StructuredAnswer> {
    const deadline = startDeadline(this.options.timeoutMs, request.signal);
    try {
      deadline.throwIfCancelled();
      await this.ensureReachable(deadline.signal);
      const order = this.forced ? [this.forced] : METHODS.slice(METHODS.indexOf(this.method));
      for (const [position, method] of order.entries()) {
        try {
          const result = await this.attempt(method, request, deadline);
          this.method = method;
          return result;
        } catch (error) {
          const code = status(error);
          const isLast = position === order.length - 1;
          if (isLast || code === undefined || !UNSUPPORTED_STATUSES.has(code)) throw error;
        }
      }
      throw new Error('unreachable: the method list is never empty');
    } catch (error) {
      throw this.wrap(error, deadline);
    } finally {
      deadline.dispose();
    }
  }

  async chatWithTools(request: ToolChatRequest): Promise<ToolChatTurn> {
    const deadline = startDeadline(this.options.timeoutMs, request.signal);
    try {
      deadline.throwIfCancelled();
      await this.ensureReachable(deadline.signal);
      return await chatWithToolsVia(await this.createModel(request), request, deadline.signal);
    } catch (error) {
      throw this.wrap(error, deadline);
    } finally {
      deadline.dispose();
    }
  }

  private async attempt(
    method: StructuredOutputMethod,
    request: StructuredRequest,
    deadline: RequestDeadline,
  ): Promise<{ value: unknown; usage: TokenUsage }> {
    const llm = await this.createModel(request);
    const callbacks = request.onToken ? [{ handleLLMNewToken: (token: string) => (token ? request.onToken!(token) : undefined) }] : [];
    const config = { signal: deadline.signal, callbacks };
    // Streamed, never invoke(): with `streaming: true`, invoke() estimates token counts through a
    // tokenizer that LangChain downloads at run time, which stalls for a minute offline.
    // Never withStructuredOutput(...).stream() either: when the server streams no chunk at all (an
    // empty SSE stream, or a plain JSON body to a streaming request), its parser pipeline rejects a
    // promise nobody awaits, and that unhandled rejection ends the process. The request options it
    // would set are set here, the raw reply is streamed, and the JSON is read out of it below.
    const messages: ChatMessage[] =
      method === 'prompt' ? [{ role: 'system', content: jsonInstruction(request.schemaName, request.jsonSchema) }, ...request.messages] : request.messages;
    const bound = method === 'prompt' ? llm : llm.withConfig(structuredCallOptions(method, request));
    let raw: AIMessageChunk | AIMessage | undefined;
    for await (const chunk of await bound.stream(toLangChainMessages(messages), config)) raw = raw ? (raw as AIMessageChunk).concat(chunk) : chunk;
    if (raw === undefined) {
      // Not one chunk: some servers ignore `stream: true` and answer a plain JSON body (or nothing).
      // Ask once more without streaming (no token callbacks: they would make LangChain stream again).
      deadline.throwIfCancelled();
      raw = await bound.invoke(toLangChainMessages(messages), { signal: deadline.signal }).catch((error: unknown) => {
        // An answer without any choice makes LangChain trip over the missing message: an empty reply too.
        if (deadline.signal.aborted || status(error) !== undefined || !(error instanceof TypeError)) throw error;
        return undefined;
      });
      if (raw?.text) request.onToken?.(raw.text);
    }
    const rawText = raw ? rawReplyText(raw) : '';
    return { value: parseJsonReply(rawText, this.id), usage: usageOf(raw, request.messages, rawText) };
  }

  private async createModel(request: Pick<StructuredRequest, 'temperature' | 'maxTokens'>): Promise<ChatOpenAI> {
    const { ChatOpenAI } = await import('@langchain/openai');
    return new ChatOpenAI({
      model: this.options.model,
      // The client insists on a key; local servers ignore it.
      apiKey: this.options.apiKey ?? (this.options.baseUrl ? 'not-needed' : undefined),
      configuration: this.options.baseUrl ? { baseURL: this.options.baseUrl } : undefined,
      maxRetries: this.options.maxRetries,
      timeout: this.options.timeoutMs,
      temperature: request.temperature,
      maxTokens: request.maxTokens,
    });
  }

  private async ensureReachable(signal?: AbortSignal): Promise<void> {
    if (this.reachable || !this.options.baseUrl) {
      if (!this.options.baseUrl && !this.options.apiKey) {
        throw new ModelUnavailableError('No OpenAI API key and no OpenAI-compatible server are configured.', {
          hint: 'Set SMM_OPENAI_API_KEY, or SMM_OPENAI_BASE_URL to a local server, or choose another model with SMM_LLM.',
        });
      }
      return;
    }
    const url = `${this.options.baseUrl.replace(/\/+$/, '')}/models`;
    const headers: Record<string, string> = this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : {};
    let code: number;
    try {
      code = await probeHttp(url, this.options.probeTimeoutMs, headers, signal);
    } catch (error) {
      if (signal?.aborted) throw error;
      throw this.unreachable(error, `did not answer within ${this.options.probeTimeoutMs} ms`);
    }
    if (code === 401 || code === 403) throw this.authError(code);
    this.reachable = true;
  }

  private unreachable(cause: unknown, how: string): ModelUnavailableError {
    return new ModelUnavailableError(`${capitalise(this.where)} is unreachable (${how}).`, {
      cause,
      hint: 'Start the server or fix SMM_OPENAI_BASE_URL, or choose another model with SMM_LLM (embedded, ollama, openai).',
      details: { baseUrl: this.options.baseUrl, model: this.options.model },
    });
  }

  private authError(code: number, cause?: unknown): ModelUnavailableError {
    return new ModelUnavailableError(`${capitalise(this.where)} refused the API key (HTTP ${code}).`, {
      cause,
      hint: 'Set SMM_OPENAI_API_KEY to a valid key for this server.',
    });
  }

  private wrap(error: unknown, deadline: RequestDeadline): AppError {
    // The caller's cancel and the deadline explain whatever failed after them (a cut stream parses badly).
    if (deadline.cancelled()) return new CancelledError('The model request was cancelled.');
    if (AppError.isInstance(error) && !deadline.timedOut()) return error;
    if (deadline.timedOut() || /TimeoutError|APIConnectionTimeoutError/.test(errorName(error))) {
      return new ModelFailedError(`${capitalise(this.where)} did not finish within ${this.options.timeoutMs} ms.`, {
        cause: error,
        hint: 'Raise SMM_LLM_TIMEOUT_MS, ask for fewer variants, or use a faster model (SMM_MODEL).',
      });
    }
    const code = status(error);
    if (code === undefined && /APIConnectionError|FetchError|TypeError/.test(errorName(error))) {
      this.reachable = false;
      return this.unreachable(error, messageOf(error));
    }
    if (code === 401 || code === 403) return this.authError(code, error);
    if (code === 404) {
      return new ModelUnavailableError(`${capitalise(this.where)} has no model "${this.options.model}".`, {
        cause: error,
        hint: 'Set SMM_MODEL to a model the server serves (see its /v1/models).',
      });
    }
    return new ModelFailedError(`${capitalise(this.where)} failed: ${messageOf(error)}`, {
      cause: error,
      hint: code === 429 ? 'The server is rate limiting: wait and try again.' : 'Try again; if it persists, check the server log.',
      details: { status: code },
    });
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The request options that ask an OpenAI-compatible server for a JSON object (what LangChain's withStructuredOutput sets). */
function structuredCallOptions(method: Exclude<StructuredOutputMethod, 'prompt'>, request: StructuredRequest): Partial<ChatOpenAICallOptions> {
  if (method === 'jsonSchema') {
    return { response_format: { type: 'json_schema', json_schema: { name: request.schemaName, schema: request.jsonSchema } } };
  }
  return {
    tools: [{ type: 'function', function: { name: request.schemaName, description: '', parameters: request.jsonSchema } }],
    tool_choice: { type: 'function', function: { name: request.schemaName } },
  };
}

/** The reply's text; for a function call, its arguments as streamed (what holds the JSON). */
function rawReplyText(raw: AIMessageChunk | AIMessage): string {
  const chunks = 'tool_call_chunks' in raw ? raw.tool_call_chunks : undefined;
  const pieces = (chunks ?? []).filter((chunk) => (chunk.index ?? 0) === (chunks?.[0]?.index ?? 0));
  const args = pieces.map((chunk) => chunk.args ?? '').join('');
  if (args.trim() !== '') return args;
  const toolCalls = raw.tool_calls;
  if (toolCalls && toolCalls.length > 0 && toolCalls[0]?.args !== undefined) return JSON.stringify(toolCalls[0].args);
  return raw.text;
}
