import { BaseChatModel, type BindToolsInput } from '@langchain/core/language_models/chat_models';
import { AIMessage, AIMessageChunk, type BaseMessage } from '@langchain/core/messages';
import { ChatGenerationChunk, type ChatResult } from '@langchain/core/outputs';
import { estimateTokens } from '../../core/generation/token-estimate.js';

/** One turn of a scripted model: words to say and/or tools to call. */
export interface ScriptedTurn {
  text?: string;
  toolCalls?: Array<{ name: string; args: Record<string, unknown> }>;
}

/** Decides the next turn from the conversation so far (and the names of the tools bound). */
export type ScriptedResponder = (messages: readonly BaseMessage[], tools: readonly string[]) => ScriptedTurn | Promise<ScriptedTurn>;

let callCounter = 0;

/**
 * A LangChain chat model with tool calling whose words come from a function
 * instead of a language model: the test double of the /v1 assistant, the
 * `scripted` provider, and (with the intent responder) the fallback for
 * models that cannot call tools. Streams its text word by word, then its
 * tool calls, like an OpenAI-compatible model does; reports estimated usage.
 */
export class ScriptedAssistantModel extends BaseChatModel {
  constructor(
    private readonly respond: ScriptedResponder,
    private readonly options: { delayMs?: number; tools?: readonly string[] } = {},
  ) {
    super({});
  }

  _llmType(): string {
    return 'scripted';
  }

  override bindTools(tools: BindToolsInput[]): ScriptedAssistantModel {
    const names = tools.map((tool) => toolName(tool)).filter((name): name is string => name !== undefined);
    return new ScriptedAssistantModel(this.respond, { ...this.options, tools: names });
  }

  async _generate(messages: BaseMessage[], options: this['ParsedCallOptions']): Promise<ChatResult> {
    const turn = await this.turn(messages, options.signal);
    const message = new AIMessage({
      content: turn.text ?? '',
      tool_calls: (turn.toolCalls ?? []).map((call) => ({ ...call, id: nextCallId(), type: 'tool_call' as const })),
      usage_metadata: usage(messages, turn),
    });
    return { generations: [{ message, text: turn.text ?? '' }] };
  }

  override async *_streamResponseChunks(messages: BaseMessage[], options: this['ParsedCallOptions']): AsyncGenerator<ChatGenerationChunk> {
    const turn = await this.turn(messages, options.signal);
    for (const piece of (turn.text ?? '').match(/\S+\s*|\s+/g) ?? []) {
      yield new ChatGenerationChunk({ message: new AIMessageChunk({ content: piece }), text: piece });
    }
    const calls = turn.toolCalls ?? [];
    const chunk = new AIMessageChunk({
      content: '',
      tool_call_chunks: calls.map((call, index) => ({ name: call.name, args: JSON.stringify(call.args), id: nextCallId(), index, type: 'tool_call_chunk' as const })),
      usage_metadata: usage(messages, turn),
    });
    yield new ChatGenerationChunk({ message: chunk, text: '' });
  }

  private async turn(messages: BaseMessage[], signal: AbortSignal | undefined): Promise<ScriptedTurn> {
    if (this.options.delayMs) await sleep(this.options.delayMs, signal);
    return this.respond(messages, this.options.tools ?? []);
  }
}

function toolName(tool: BindToolsInput): string | undefined {
  const value = tool as { name?: unknown; function?: { name?: unknown } };
  if (typeof value.function?.name === 'string') return value.function.name;
  return typeof value.name === 'string' ? value.name : undefined;
}

function nextCallId(): string {
  callCounter += 1;
  return `call_${callCounter}`;
}

function usage(messages: readonly BaseMessage[], turn: ScriptedTurn): { input_tokens: number; output_tokens: number; total_tokens: number } {
  const input = messages.reduce((sum, message) => sum + estimateTokens(typeof message.content === 'string' ? message.content : JSON.stringify(message.content)), 0);
  const output = estimateTokens((turn.text ?? '') + JSON.stringify(turn.toolCalls ?? []));
  return { input_tokens: input, output_tokens: output, total_tokens: input + output };
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason as Error);
      },
      { once: true },
    );
  });
}
