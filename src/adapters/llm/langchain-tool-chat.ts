import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { AIMessage, AIMessageChunk, BaseMessage } from '@langchain/core/messages';
import type { ToolCall, ToolChatMessage, ToolChatRequest, ToolChatTurn } from '../../core/ports.js';
import { usageOf } from './token-usage.js';

/**
 * One turn with tools through a LangChain chat model (OpenAI-compatible
 * servers, Ollama): the tools bound as OpenAI-style functions, the reply
 * streamed (text to `onToken`), its tool calls read back. A server that
 * streams no chunk at all (it ignored `stream: true`) is asked once more
 * without streaming. Errors are the caller's to explain.
 */
export async function chatWithToolsVia(llm: BaseChatModel, request: ToolChatRequest, signal: AbortSignal): Promise<ToolChatTurn> {
  if (!llm.bindTools) throw new TypeError(`${llm._llmType()} cannot bind tools`);
  const tools = request.tools.map((tool) => ({ type: 'function' as const, function: { name: tool.name, description: tool.description, parameters: tool.parameters } }));
  const model = llm.bindTools(tools, request.toolChoice === 'required' ? { tool_choice: 'required' } : {});
  const messages = await toLangChainToolMessages(request.messages);
  let reply: AIMessageChunk | undefined;
  for await (const chunk of await model.stream(messages, { signal })) {
    reply = reply ? reply.concat(chunk) : chunk;
    if (typeof chunk.content === 'string' && chunk.content) request.onToken?.(chunk.content);
  }
  if (!reply) {
    const answer = await model.invoke(messages, { signal }).catch((error: unknown) => {
      // An answer without any choice makes LangChain trip over the missing message: an empty reply too.
      if (signal.aborted || typeof (error as { status?: unknown } | null)?.status === 'number' || !(error instanceof TypeError)) throw error;
      return undefined;
    });
    if (answer && (answer.text || (answer.tool_calls?.length ?? 0) > 0 || (answer.invalid_tool_calls?.length ?? 0) > 0)) {
      reply = answer as AIMessageChunk;
      if (answer.text) request.onToken?.(answer.text);
    }
  }
  const text = reply?.text ?? '';
  return { text, toolCalls: toolCallsOf(reply), usage: usageOf(reply, request.messages, text) };
}

/**
 * The reply's tool calls, those LangChain could not parse (`invalid_tool_calls`:
 * arguments that are not JSON) included, marked invalid with their raw text,
 * so the caller answers them with an error instead of losing the turn.
 */
function toolCallsOf(reply: AIMessage | undefined): ToolCall[] {
  const parsed = (reply?.tool_calls ?? []).map((call) => ({ id: call.id, name: call.name, args: call.args ?? {} }));
  const unparsed = (reply?.invalid_tool_calls ?? []).map((call) => ({
    id: call.id,
    name: call.name ?? '',
    args: {},
    invalid: { rawArgs: call.args ?? '', error: call.error || 'The arguments are not valid JSON.' },
  }));
  return [...parsed, ...unparsed].map((call, index) => ({ ...call, id: call.id || `call_${index + 1}` }));
}

/** The name a call the model left unnamed is sent back under: OpenAI-compatible servers refuse an empty function name. */
const UNNAMED_CALL = 'unnamed_call';

async function toLangChainToolMessages(messages: readonly ToolChatMessage[]): Promise<BaseMessage[]> {
  const { AIMessage, HumanMessage, SystemMessage, ToolMessage } = await import('@langchain/core/messages');
  return messages.map((message) => {
    switch (message.role) {
      case 'system':
        return new SystemMessage(message.content);
      case 'user':
        return new HumanMessage(message.content);
      case 'assistant':
        // An invalid call goes back with its empty args (a server may refuse arguments that are not JSON; its tool
        // message says what was wrong), and under a placeholder name when the model gave none (an empty name is refused).
        return new AIMessage({
          content: message.content,
          tool_calls: (message.toolCalls ?? []).map((call) => ({ id: call.id, name: call.name || UNNAMED_CALL, args: call.args, type: 'tool_call' as const })),
        });
      case 'tool':
        return new ToolMessage({ tool_call_id: message.toolCallId ?? '', content: message.content });
    }
  });
}
