import { CancelledError, ModelUnavailableError } from '../../core/errors.js';
import type { ChatModel, StructuredAnswer, StructuredRequest, TokenUsage, ToolCall, ToolChatMessage, ToolChatRequest, ToolChatTurn, ToolSpec } from '../../core/ports.js';
import { estimateTokens } from './json-reply.js';

/** One scripted answer: a JSON value to return, or an error to throw. */
export type ScriptedReply =
  | { value: unknown; usage?: Partial<TokenUsage>; delayMs?: number }
  | { error: Error; delayMs?: number };

/** A reply, or a function that writes one from the request (e.g. as many variants as asked for). */
export type ScriptedStep = ScriptedReply | ((request: StructuredRequest, callIndex: number) => ScriptedReply);

/**
 * One scripted turn of a conversation with tools: words to say and/or tools
 * to call, or an error to throw. A call with `rawArgs` instead of `args` is one
 * whose arguments are that text; when it is not JSON the call comes back
 * invalid, as a provider's unparsable call does.
 */
export type ScriptedToolTurn = { text?: string; toolCalls?: Array<{ name: string; args: Record<string, unknown> } | { name: string; rawArgs: string }> } | { error: Error };

/** Writes the next turn from the conversation so far and the tools offered (`callIndex` counts tool turns from 0). */
export type ScriptedToolResponder = (messages: readonly ToolChatMessage[], tools: readonly ToolSpec[], callIndex: number) => ScriptedToolTurn | Promise<ScriptedToolTurn>;

export interface ScriptedChatModelOptions {
  /** Default "scripted:test". */
  id?: string;
  /** Replies to generateStructured, in order. */
  replies?: readonly ScriptedStep[];
  /** Turns of chatWithTools (the /v1 assistant's model); without it, chatWithTools fails saying so. */
  turns?: ScriptedToolResponder;
  /** After the last reply: repeat it ("repeat-last"), start over ("cycle"), or throw ("error", the default). */
  whenExhausted?: 'repeat-last' | 'cycle' | 'error';
  /** Delay before each reply unless the reply sets its own. Default 0. */
  delayMs?: number;
  /** When the request has onToken: characters per streamed token (default 4) and the pause between tokens (default 0). */
  tokenSize?: number;
  tokenDelayMs?: number;
  /** Makes ping() fail with this error (for doctor and fallback tests). */
  pingError?: Error;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (ms <= 0) return resolve();
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new CancelledError('The model request was cancelled.'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/**
 * A ChatModel that answers from a script: the test double of pipeline tests
 * and the "instant model" of benchmarks. It streams the JSON text of each
 * reply to `onToken`, honours the AbortSignal, and records every request.
 */
export class ScriptedChatModel implements ChatModel {
  readonly id: string;
  /** Every request received, in order. */
  readonly calls: StructuredRequest[] = [];
  /** Every tool-chat request received, in order. */
  readonly toolCalls: ToolChatRequest[] = [];
  private readonly options: ScriptedChatModelOptions;

  constructor(options: ScriptedChatModelOptions) {
    this.options = options;
    this.id = options.id ?? 'scripted:test';
  }

  /** A model that gives the same value to every request, at once. */
  static instant(value: unknown, usage: Partial<TokenUsage> = {}): ScriptedChatModel {
    return new ScriptedChatModel({ id: 'scripted:instant', replies: [{ value, usage }], whenExhausted: 'repeat-last' });
  }

  async ping(): Promise<void> {
    if (this.options.pingError) throw this.options.pingError;
  }

  async generateStructured(request: StructuredRequest): Promise<StructuredAnswer> {
    const callIndex = this.calls.length;
    this.calls.push(request);
    if (request.signal?.aborted) throw new CancelledError('The model request was cancelled.');
    const step = this.step(callIndex);
    const reply = typeof step === 'function' ? step(request, callIndex) : step;
    await sleep(reply.delayMs ?? this.options.delayMs ?? 0, request.signal);
    if ('error' in reply) throw reply.error;
    const text = JSON.stringify(reply.value);
    if (request.onToken) {
      const size = this.options.tokenSize ?? 4;
      for (let offset = 0; offset < text.length; offset += size) {
        if (request.signal?.aborted) throw new CancelledError('The model request was cancelled.');
        request.onToken(text.slice(offset, offset + size));
        await sleep(this.options.tokenDelayMs ?? 0, request.signal);
      }
    }
    return {
      // A copy, so a caller that edits the value cannot change the script.
      value: JSON.parse(text) as unknown,
      usage: {
        promptTokens: reply.usage?.promptTokens ?? estimateTokens(request.messages.map((message) => message.content).join('\n')),
        completionTokens: reply.usage?.completionTokens ?? estimateTokens(text),
      },
    };
  }

  /** The next scripted turn; its text streams to onToken word by word, then its tool calls are returned with fresh ids. */
  async chatWithTools(request: ToolChatRequest): Promise<ToolChatTurn> {
    const callIndex = this.toolCalls.length;
    this.toolCalls.push(request);
    if (request.signal?.aborted) throw new CancelledError('The model request was cancelled.');
    if (!this.options.turns) {
      throw new ModelUnavailableError(`The scripted model ${this.id} has no tool turns scripted.`, { hint: 'Script them (turns), or set SMM_LLM to embedded, ollama or openai.' });
    }
    await sleep(this.options.delayMs ?? 0, request.signal);
    const turn = await this.options.turns(request.messages, request.tools, callIndex);
    if ('error' in turn) throw turn.error;
    const text = turn.text ?? '';
    for (const piece of text.match(/\S+\s*|\s+/g) ?? []) {
      if (request.signal?.aborted) throw new CancelledError('The model request was cancelled.');
      request.onToken?.(piece);
      await sleep(this.options.tokenDelayMs ?? 0, request.signal);
    }
    const toolCalls = (turn.toolCalls ?? []).map((call, index): ToolCall => {
      const id = `call_${callIndex + 1}_${index + 1}`;
      if (!('rawArgs' in call)) return { id, name: call.name, args: call.args };
      try {
        return { id, name: call.name, args: JSON.parse(call.rawArgs) as Record<string, unknown> };
      } catch (error) {
        return { id, name: call.name, args: {}, invalid: { rawArgs: call.rawArgs, error: (error as Error).message } };
      }
    });
    return {
      text,
      toolCalls,
      usage: {
        promptTokens: estimateTokens(request.messages.map((message) => message.content).join('\n')),
        completionTokens: estimateTokens(text + JSON.stringify(turn.toolCalls ?? [])),
      },
    };
  }

  private step(callIndex: number): ScriptedStep {
    const replies = this.options.replies ?? [];
    if (replies.length === 0) {
      return { error: new ModelUnavailableError(`The scripted model ${this.id} has no structured replies scripted.`, { hint: 'Script them (replies).' }) };
    }
    if (callIndex < replies.length) return replies[callIndex]!;
    switch (this.options.whenExhausted ?? 'error') {
      case 'repeat-last':
        return replies[replies.length - 1]!;
      case 'cycle':
        return replies[callIndex % replies.length]!;
      case 'error':
        return {
          error: new ModelUnavailableError(`The scripted model ${this.id} has no reply left (call ${callIndex + 1} of ${replies.length} scripted).`, {
            hint: 'Script more replies, or set whenExhausted.',
          }),
        };
    }
  }
}
