import path from 'node:path';
import type * as NodeLlamaCppModule from 'node-llama-cpp';
import type { ChatHistoryItem, ChatWrapper, LlamaContext, LlamaContextSequence, LlamaGrammar, LlamaModel, Token } from 'node-llama-cpp';
import { AppError, CancelledError, ModelFailedError, ModelUnavailableError } from '../../core/errors.js';
import type { ChatModel, StructuredAnswer, StructuredRequest, TokenUsage, ToolChatRequest, ToolChatTurn } from '../../core/ports.js';
import { toolChatHistory, toolPromptKey, toolTurn } from './embedded-tool-chat.js';
import { heldReplyTokens, turnAfterReply, type HeldReply } from './held-reply.js';
import { jsonInstruction, parseJsonReply } from './json-reply.js';
import { loadLlamaModel } from './llama-runtime.js';
import { LockstepBarrier } from './lockstep-decoding.js';
import { generateInLockstep, type LockstepReply, type LockstepRequest } from './lockstep-generation.js';
import { startDeadline, untilAborted, type RequestDeadline } from './request-deadline.js';
import { SequencePool, sharedPrefixLength, type PoolSlot } from './sequence-pool.js';
import { SharedPromptEvaluations } from './shared-prompt.js';

/** Sequences of the context when the configuration names none: three variants side by side, and one for a repair round or another prompt. */
export const DEFAULT_SEQUENCES = 4;

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
  /**
   * Sequences of the context (SMM_MODEL_SEQUENCES), default 4: how many
   * requests are decoded side by side in one batch, and how many prompt
   * prefixes stay evaluated for reuse. Each one holds `contextSize` tokens of memory.
   */
  sequences?: number;
}

/** The node-llama-cpp module, loaded on first use. */
type NodeLlamaCpp = typeof NodeLlamaCppModule;

/** "embedded:<file name without .gguf>", lowercased. */
export function embeddedModelId(modelPath: string): string {
  return `embedded:${path.basename(modelPath).replace(/\.gguf$/i, '').toLowerCase()}`;
}

/**
 * ChatModel running a GGUF model in this process through node-llama-cpp
 * (loaded lazily, shared per file within the process). Output is held to
 * the request's JSON schema by a grammar, so even small models return
 * parseable JSON; tokens stream to `onToken`; the AbortSignal stops
 * generation at the next token (and stops waiting for the model to load).
 *
 * One context with several sequences: concurrent requests are decoded side
 * by side in one batch (`parallelAnswers`), in lockstep (lockstep-decoding.ts:
 * every generating sequence waits for the others' tokens, so each step is one
 * batched decode; LlamaChatSession only for a reply that may not fit the
 * context, and tool turns through embedded-tool-chat.ts), and each sequence keeps the
 * prompt it last evaluated, so that a request sharing a beginning with an
 * earlier one (same profile, platform and examples) evaluates only the rest.
 */
export class EmbeddedChatModel implements ChatModel {
  readonly id: string;
  readonly parallelAnswers: number;
  private readonly options: EmbeddedChatModelOptions;
  private contextPromise: Promise<{ context: LlamaContext; pool: SequencePool<LlamaContextSequence>; barrier: LockstepBarrier }> | undefined;
  private readonly grammars = new Map<string, Promise<LlamaGrammar | undefined>>();
  private disposed = false;
  private readonly shared = new SharedPromptEvaluations();
  /** The reply each sequence holds as generated, for a next turn of its conversation. */
  private readonly heldReplies = new WeakMap<LlamaContextSequence, HeldReply>();
  /** The model's chat template (node-llama-cpp's choice for it), known after the first prompt. */
  private chatWrapper: ChatWrapper | undefined;

  constructor(options: EmbeddedChatModelOptions) {
    this.options = options;
    this.id = embeddedModelId(options.modelPath);
    this.parallelAnswers = Math.max(1, Math.floor(options.sequences ?? DEFAULT_SEQUENCES));
  }

  /** Loads the model (the slow part, once) and makes sure a context fits in memory. */
  async ping(signal?: AbortSignal): Promise<void> {
    await untilAborted(this.open(), signal);
  }

  async generateStructured(request: StructuredRequest): Promise<StructuredAnswer> {
    return this.generate(request);
  }

  /**
   * One turn with tools through node-llama-cpp's function calling: the chat
   * wrapper of the model (resolved from its chat template) tells the model
   * about the functions; once the model starts a call, a grammar holds it to
   * a function's name and parameters. Generation stops at the calls, which
   * the caller runs; their results come back folded into the history.
   */
  async chatWithTools(request: ToolChatRequest): Promise<ToolChatTurn> {
    return this.run(request.signal, async ({ model, pool, deadline, timeoutMs }) => {
      const history = toolChatHistory(request.messages);
      const key = toolPromptKey(history, request.tools);
      return this.onSequence(pool, key, deadline, async (slot, keep) => {
        const turn = await toolTurn({ model, sequence: slot.item, history, request, maxTokens: request.maxTokens ?? this.options.maxTokens ?? 1024, signal: deadline.signal, modelId: this.id });
        deadline.throwIfCancelled();
        if (deadline.timedOut()) throw this.timeoutError(timeoutMs);
        keep();
        return turn;
      });
    });
  }

  /** Frees this model's context; the loaded model stays cached for the process (see disposeLlamaRuntime). */
  async dispose(): Promise<void> {
    this.disposed = true;
    const opened = await this.contextPromise?.catch(() => undefined);
    this.contextPromise = undefined;
    await opened?.context.dispose();
  }

  private async generate(request: StructuredRequest): Promise<StructuredAnswer> {
    return this.run(request.signal, async ({ model, pool, barrier, deadline, timeoutMs }) => {
      const grammar = await untilAborted(this.grammar(request.jsonSchema), deadline.signal);
      const llama = await import('node-llama-cpp');
      const messages = [...request.messages];
      const last = messages.at(-1)?.role === 'user' ? messages.pop()!.content : '';
      const history: ChatHistoryItem[] = messages.map((message) =>
        message.role === 'assistant' ? { type: 'model', response: [message.content] } : { type: message.role, text: message.content },
      );
      if (!grammar) history.unshift({ type: 'system', text: jsonInstruction(request.schemaName, request.jsonSchema) });
      const key = promptKey(history, last);
      return this.onSequence(pool, key, deadline, async (slot, keep) => {
        const sequence = slot.item;
        const before = sequence.tokenMeter.getState();
        const reply = {
          model,
          barrier,
          GrammarEvaluationState: llama.LlamaGrammarEvaluationState,
          grammar,
          maxTokens: request.maxTokens ?? this.options.maxTokens ?? 1024,
          temperature: request.temperature,
          signal: deadline.signal,
          onTextChunk: request.onToken,
        };
        const generated: Token[] = [];
        // A next turn of the conversation whose reply this sequence holds as generated: only the new turn is evaluated.
        const continued = await this.continueHeldReply(llama, model, slot, history, last, reply);
        let result: { text: string; stopReason: string };
        if (continued) {
          generated.push(...continued.tokens);
          result = continued;
        } else {
          const chatWrapper = (this.chatWrapper ??= llama.resolveChatWrapper(model));
          const { contextText, stopGenerationTriggers } = chatWrapper.generateContextState({
            chatHistory: [...history, { type: 'user', text: last }, { type: 'model', response: [] }],
          });
          const tokens = contextText.tokenize(model.tokenizer);
          // One evaluation of a beginning shared by requests starting together (the variants side by side).
          await this.shared.prepare(key, sharedPrefixLength(slot.key, key), sequence, async () => {
            await sequence.adaptStateToTokens(tokens.slice(0, -1), false);
            const rest = tokens.slice(sequence.nextTokenIndex, -1);
            if (rest.length > 0) await sequence.evaluateWithoutGeneratingNewTokens(rest);
          });
          deadline.throwIfCancelled();
          if (tokens.length + reply.maxTokens < sequence.contextSize) {
            // Decoded in lockstep with the other sequences generating on this context: one batched decode a token for all.
            const answer = await generateInLockstep({ ...reply, sequence, tokens, stopTriggers: stopGenerationTriggers });
            generated.push(...answer.tokens);
            result = answer;
          } else {
            // The reply may not fit after the prompt: LlamaChatSession shifts the context as it goes.
            const session = new llama.LlamaChatSession({ contextSequence: sequence, autoDisposeSequence: false });
            try {
              session.setChatHistory(history);
              const answer = await session.promptWithMeta(last, {
                grammar,
                maxTokens: reply.maxTokens,
                temperature: reply.temperature,
                signal: deadline.signal,
                stopOnAbortSignal: true,
                onTextChunk: reply.onTextChunk,
                onToken: (tokens) => generated.push(...tokens),
              });
              result = { text: answer.responseText, stopReason: answer.stopReason };
            } finally {
              session.dispose({ disposeSequence: false });
            }
          }
        }
        deadline.throwIfCancelled();
        if (deadline.timedOut()) throw this.timeoutError(timeoutMs);
        // The sequence now holds this prompt and its answer as generated: the next request sharing its beginning evaluates only the rest.
        const held = `${key}\nmodel\n${result.text}`;
        keep(held);
        const tokens = heldReplyTokens(sequence.contextTokens, generated);
        if (tokens) this.heldReplies.set(sequence, { key: held, tokens });
        else this.heldReplies.delete(sequence);
        const after = sequence.tokenMeter.getState();
        const usage: TokenUsage = {
          promptTokens: after.usedInputTokens - before.usedInputTokens,
          completionTokens: model.tokenize(result.text).length,
        };
        return { value: this.parse(result.text, result.stopReason), usage, reply: result.text };
      });
    });
  }

  /**
   * When `history` ends with the reply `slot` holds as generated (a repair
   * round continuing its conversation), generates the answer to `last` from
   * the held tokens plus the template's next turn, in lockstep like a first
   * reply; undefined otherwise.
   */
  private async continueHeldReply(
    llama: NodeLlamaCpp,
    model: LlamaModel,
    slot: PoolSlot<LlamaContextSequence>,
    history: readonly ChatHistoryItem[],
    last: string,
    reply: Omit<LockstepRequest, 'sequence' | 'tokens' | 'stopTriggers'>,
  ): Promise<LockstepReply | undefined> {
    const sequence = slot.item;
    const held = this.heldReplies.get(sequence);
    if (!held || !this.chatWrapper || held.key !== slot.key || held.key !== historyKey(history)) return undefined;
    const turn = turnAfterReply(llama.LlamaText, this.chatWrapper, model, history, last);
    if (!turn) return undefined;
    const tokens = [...held.tokens, ...turn.tokens];
    if (tokens.length + reply.maxTokens >= sequence.contextSize) return undefined;
    return generateInLockstep({ ...reply, sequence, tokens, stopTriggers: turn.stopTriggers });
  }

  /** One request's lifecycle: its deadline (model load included), the open model, and errors said in the app's words. */
  private async run<T>(
    signal: AbortSignal | undefined,
    work: (opened: { model: LlamaModel; pool: SequencePool<LlamaContextSequence>; barrier: LockstepBarrier; deadline: RequestDeadline; timeoutMs: number }) => Promise<T>,
  ): Promise<T> {
    const timeoutMs = this.options.timeoutMs ?? 120_000;
    const deadline = startDeadline(timeoutMs, signal);
    try {
      deadline.throwIfCancelled();
      if (this.disposed) throw new ModelUnavailableError(`The embedded model ${this.id} was closed.`, { hint: 'Create a new chat model.' });
      const { model, pool, barrier } = await untilAborted(this.open(), deadline.signal);
      return await work({ model, pool, barrier, deadline, timeoutMs });
    } catch (error) {
      throw this.failure(error, deadline, timeoutMs);
    } finally {
      deadline.dispose();
    }
  }

  /**
   * Runs `work` on the pool's sequence best placed for `key`. The sequence
   * keeps its evaluated prompt for the next request only when `work` called
   * keep() (the prompt went through; with what it now holds, as text, when
   * more than the prompt); otherwise its history is cleared.
   */
  private async onSequence<T>(
    pool: SequencePool<LlamaContextSequence>,
    key: string,
    deadline: RequestDeadline,
    work: (slot: PoolSlot<LlamaContextSequence>, keep: (held?: string) => void) => Promise<T>,
  ): Promise<T> {
    const slot = await pool.acquire(key, deadline.signal);
    let kept = '';
    try {
      return await work(slot, (held = key) => (kept = held));
    } finally {
      if (!kept) {
        this.heldReplies.delete(slot.item);
        await slot.item.clearHistory().catch(() => undefined);
      }
      pool.release(slot, kept);
    }
  }

  private parse(reply: string, stopReason: string): unknown {
    try {
      return parseJsonReply(reply, this.id);
    } catch (error) {
      if (stopReason !== 'maxTokens') throw error;
      throw new ModelFailedError(`The embedded model ${this.id} ran out of tokens before it closed its JSON reply.`, {
        cause: error,
        hint: 'Give string fields a maxLength in the schema, or allow more tokens (maxTokens).',
        // A problem with this one answer (as a malformed one is): side by side, it costs only its own variant.
        details: { reply: reply.slice(0, 500), problem: 'the reply ran out of tokens before its JSON closed' },
      });
    }
  }

  private failure(error: unknown, deadline: RequestDeadline, timeoutMs: number): AppError {
    if (AppError.isInstance(error) && !(error instanceof CancelledError && deadline.timedOut())) return error;
    if (deadline.cancelled()) return new CancelledError('The model request was cancelled.');
    if (deadline.timedOut()) return this.timeoutError(timeoutMs, error);
    return new ModelFailedError(`The embedded model ${this.id} failed: ${(error as Error).message}`, {
      cause: error,
      hint: 'Try again; if it persists, use another model (SMM_MODEL_PATH) or server (SMM_LLM).',
    });
  }

  private timeoutError(timeoutMs: number, cause?: unknown): ModelFailedError {
    return new ModelFailedError(`The embedded model ${this.id} did not finish within ${timeoutMs} ms.`, {
      cause,
      hint: 'Raise SMM_LLM_TIMEOUT_MS, ask for fewer or shorter variants, or use a faster model or server (SMM_LLM).',
    });
  }

  /** The loaded model and this instance's context, made once with its pool of sequences. */
  private async open(): Promise<{ model: LlamaModel; pool: SequencePool<LlamaContextSequence>; barrier: LockstepBarrier }> {
    const { model } = await loadLlamaModel(this.options.modelPath);
    this.contextPromise ??= (async () => {
      try {
        const context = await model.createContext({
          contextSize: { max: this.options.contextSize ?? 4096 },
          sequences: this.parallelAnswers,
          ...(this.options.threads !== undefined ? { threads: this.options.threads } : {}),
        });
        const sequences = Array.from({ length: this.parallelAnswers }, () => context.getSequence());
        return { context, pool: new SequencePool(sequences), barrier: new LockstepBarrier() };
      } catch (error) {
        this.contextPromise = undefined;
        throw new ModelUnavailableError(`Not enough memory for a context of the embedded model ${this.id}: ${(error as Error).message}`, {
          cause: error,
          hint:
            'Close other programs, lower SMM_MODEL_SEQUENCES (each sequence holds a context), use a smaller model (SMM_MODEL_PATH), ' +
            'or use Ollama / an OpenAI-compatible server (SMM_LLM).',
        });
      }
    })();
    const { pool, barrier } = await this.contextPromise;
    return { model, pool, barrier };
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

/** The prompt as text, to find the sequence that already holds the longest part of it. */
function promptKey(history: readonly ChatHistoryItem[], last: string): string {
  return `${historyKey(history)}\nuser\n${last}`;
}

/** The history as text; a prompt's key followed by its reply is the key of that history with the reply. */
function historyKey(history: readonly ChatHistoryItem[]): string {
  return history.map((item) => (item.type === 'model' ? `model\n${item.response.join('')}` : `${item.type}\n${item.text}`)).join('\n');
}
