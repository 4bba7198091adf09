import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { AIMessage, AIMessageChunk, type BaseMessage } from '@langchain/core/messages';
import { describe, expect, it } from 'vitest';
import type { ToolCall, ToolChatMessage, ToolChatRequest } from '../../core/ports.js';
import { chatWithToolsVia } from './langchain-tool-chat.js';

/**
 * chatWithToolsVia against a hand-written stand-in for a LangChain chat
 * model: `bindTools` returns a runnable that streams the given chunks (or
 * none) and answers `invoke` with the given message, recording what it was sent.
 */
function fakeChatModel(reply: { chunks?: AIMessageChunk[]; message?: AIMessage }): BaseChatModel & { sent: BaseMessage[][] } {
  const sent: BaseMessage[][] = [];
  const bound = {
    async *stream(messages: BaseMessage[]) {
      sent.push(messages);
      for (const chunk of reply.chunks ?? []) yield chunk;
    },
    async invoke(messages: BaseMessage[]) {
      sent.push(messages);
      return reply.message ?? new AIMessage('');
    },
  };
  return { sent, _llmType: () => 'fake', bindTools: () => bound } as unknown as BaseChatModel & { sent: BaseMessage[][] };
}

const request: ToolChatRequest = {
  messages: [{ role: 'user', content: 'Show @acme.' }],
  tools: [{ name: 'get_profile', description: 'One profile.', parameters: { type: 'object', properties: { handle: { type: 'string' } } } }],
};

const signal = new AbortController().signal;

describe('chatWithToolsVia: tool calls the provider could not parse', () => {
  it('keeps a streamed call whose arguments are not JSON, marked invalid with its raw text, beside a good call', async () => {
    const llm = fakeChatModel({
      chunks: [
        new AIMessageChunk({ content: '', tool_call_chunks: [{ index: 0, id: 'a', name: 'get_profile', args: '{"handle": ' }] }),
        new AIMessageChunk({ content: '', tool_call_chunks: [{ index: 0, args: 'acme}' }] }),
        new AIMessageChunk({ content: '', tool_call_chunks: [{ index: 1, id: 'b', name: 'list_profiles', args: '{}' }] }),
      ],
    });
    const turn = await chatWithToolsVia(llm, request, signal);
    expect(turn.text).toBe('');
    expect(turn.toolCalls).toHaveLength(2);
    expect(turn.toolCalls[0]).toEqual({ id: 'b', name: 'list_profiles', args: {} });
    expect(turn.toolCalls[1]).toMatchObject({ id: 'a', name: 'get_profile', args: {}, invalid: { rawArgs: '{"handle": acme}' } });
    expect(turn.toolCalls[1]!.invalid!.error).not.toBe('');
  });

  it('keeps an unparsable call of an answer that was not streamed, numbering calls without an id after the good ones', async () => {
    const llm = fakeChatModel({
      message: new AIMessage({
        content: '',
        tool_calls: [{ id: '', name: 'list_profiles', args: {}, type: 'tool_call' }],
        invalid_tool_calls: [
          { name: 'get_profile', args: "{'handle': 'acme'}", error: 'Malformed args.', type: 'invalid_tool_call' },
          { args: '{"handle"', type: 'invalid_tool_call' },
        ],
      }),
    });
    const turn = await chatWithToolsVia(llm, request, signal);
    expect(turn.toolCalls).toEqual([
      { id: 'call_1', name: 'list_profiles', args: {} },
      { id: 'call_2', name: 'get_profile', args: {}, invalid: { rawArgs: "{'handle': 'acme'}", error: 'Malformed args.' } },
      { id: 'call_3', name: '', args: {}, invalid: { rawArgs: '{"handle"', error: 'The arguments are not valid JSON.' } },
    ]);
  });

  /** What the provider is sent for an earlier turn that made `call`, answered by a tool message. */
  async function sentBack(call: ToolCall): Promise<BaseMessage[]> {
    const llm = fakeChatModel({ chunks: [new AIMessageChunk('Retrying.')] });
    const messages: ToolChatMessage[] = [
      ...request.messages,
      { role: 'assistant', content: '', toolCalls: [call] },
      { role: 'tool', toolCallId: call.id, content: '{"error":"not JSON"}' },
    ];
    await chatWithToolsVia(llm, { ...request, messages }, signal);
    return llm.sent[0]!;
  }

  it('sends an invalid call back in the next turn with empty arguments, answered by its tool message', async () => {
    const [, assistant, tool] = await sentBack({ id: 'a', name: 'get_profile', args: {}, invalid: { rawArgs: '{"handle": acme}', error: 'Bad JSON.' } });
    expect((assistant as AIMessage).tool_calls).toEqual([{ id: 'a', name: 'get_profile', args: {}, type: 'tool_call' }]);
    expect(tool!.content).toBe('{"error":"not JSON"}');
  });

  it('sends a call the model gave no name back under a placeholder name, which a strict server accepts', async () => {
    const [, assistant] = await sentBack({ id: 'b', name: '', args: {}, invalid: { rawArgs: '{"handle"', error: 'Bad JSON.' } });
    expect((assistant as AIMessage).tool_calls).toEqual([{ id: 'b', name: 'unnamed_call', args: {}, type: 'tool_call' }]);
  });
});
