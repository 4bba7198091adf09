import { afterAll, describe, expect, it } from 'vitest';
import type { ToolChatMessage, ToolSpec } from '../../core/ports.js';
import { EmbeddedChatModel } from './embedded-chat-model.js';
import { grammarSchema, toolChatHistory, unparsedCall } from './embedded-tool-chat.js';
import { disposeLlamaRuntime } from './llama-runtime.js';
import { needSharedFixtures, sharedFixture } from '../../../test/helpers/optional-needs.js';

const tinyModel = sharedFixture('models', 'llama-2-tiny-random.gguf');
const skipReason = needSharedFixtures('EmbeddedChatModel tool-calling tests', 'models/llama-2-tiny-random.gguf');

const tools: ToolSpec[] = [
  {
    name: 'list_posts',
    description: 'Lists the posts of a profile.',
    parameters: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: { handle: { type: 'string', maxLength: 12, pattern: '^[a-z]+$' }, limit: { type: 'integer', minimum: 1, maximum: 50 } },
      required: ['handle', 'limit'],
      additionalProperties: false,
    },
  },
];

describe('the conversation as node-llama-cpp history', () => {
  it('folds each tool result into the call it answers, and ends with the model response to continue', () => {
    const messages: ToolChatMessage[] = [
      { role: 'system', content: 'You help.' },
      { role: 'user', content: 'Posts of @acme?' },
      { role: 'assistant', content: 'Looking.', toolCalls: [{ id: 'a', name: 'list_posts', args: { handle: 'acme', limit: 2 } }, { id: 'b', name: 'get_profile', args: {} }] },
      { role: 'tool', toolCallId: 'b', content: 'not json' },
      { role: 'tool', toolCallId: 'a', content: '{"posts":[]}' },
    ];
    expect(toolChatHistory(messages)).toEqual([
      { type: 'system', text: 'You help.' },
      { type: 'user', text: 'Posts of @acme?' },
      {
        type: 'model',
        response: [
          'Looking.',
          { type: 'functionCall', name: 'list_posts', params: { handle: 'acme', limit: 2 }, result: { posts: [] } },
          { type: 'functionCall', name: 'get_profile', params: {}, result: 'not json' },
        ],
      },
    ]);
  });

  it('drops length bounds too long for a llama.cpp grammar', () => {
    expect(grammarSchema({ type: 'object', properties: { text: { type: 'string', minLength: 1, maxLength: 10_000 }, tags: { type: 'array', items: { type: 'string', maxLength: 40 }, maxItems: 5000 } } })).toEqual({
      type: 'object',
      properties: { text: { type: 'string', minLength: 1 }, tags: { type: 'array', items: { type: 'string', maxLength: 40 } } },
    });
  });

  it('keeps what a grammar can hold and drops the rest of a JSON schema', () => {
    expect(grammarSchema(tools[0]!.parameters)).toEqual({
      type: 'object',
      properties: { handle: { type: 'string', maxLength: 12 }, limit: { type: 'integer' } },
      required: ['handle', 'limit'],
      additionalProperties: false,
    });
  });
});

describe('a function call whose parameters do not parse', () => {
  const calling = { index: 0, name: 'list_posts', paramsText: '{"handle": "acme", \n\n\n\n' };

  it('becomes an invalid call with its text and the parser message when JSON.parse fails', () => {
    const call = unparsedCall(new SyntaxError('Unexpected token }'), calling);
    expect(call).toMatchObject({ name: 'list_posts', args: {}, invalid: { rawArgs: '{"handle": "acme",', error: 'Unexpected token }' } });
    expect(call!.id).toMatch(/^call_\d+$/);
  });

  it("becomes an invalid call when node-llama-cpp's call validation refuses the text", () => {
    const refusal = Object.assign(new Error('Expected function call params for function "list_posts" to end with stop generation trigger'), { callText: '{"handle"' });
    expect(unparsedCall(refusal, calling)?.invalid?.error).toBe(refusal.message);
  });

  it('leaves any other failure to be thrown', () => {
    expect(unparsedCall(new Error('The context size is too small to generate a response'), calling)).toBeUndefined();
    expect(unparsedCall('not an error', calling)).toBeUndefined();
  });
});

describe.skipIf(skipReason)('EmbeddedChatModel function calling with a real GGUF model', () => {
  const model = new EmbeddedChatModel({ modelPath: tinyModel, threads: 1, contextSize: 1024, sequences: 1 });
  afterAll(async () => {
    await model.dispose();
    await disposeLlamaRuntime();
  });

  it('produces a grammar-constrained call, and continues after its result is fed back', async () => {
    const messages: ToolChatMessage[] = [
      { role: 'system', content: 'You manage social media posts.' },
      { role: 'user', content: 'Show two posts of @acme.' },
    ];
    // node-llama-cpp resolves this Llama 2 model (no chat template) to its General chat wrapper, whose function
    // syntax ("||call: name({...})") works with any model: no Llama 3 wrapper needs forcing. Random weights never
    // choose to call on their own: "required" starts the answer in function-calling mode.
    const first = await model.chatWithTools({ messages, tools, toolChoice: 'required', maxTokens: 80, temperature: 0.8 });
    expect(first.toolCalls).toHaveLength(1);
    const call = first.toolCalls[0]!;
    expect(call.name).toBe('list_posts');
    // The grammar held the random model to the parameters' shape (the words are gibberish; a value may still break a
    // bound, e.g. an integer too large for JavaScript: the call comes back all the same, for the caller's validation).
    expect(Object.keys(call.args).sort()).toEqual(['handle', 'limit']);
    expect(typeof call.args.handle).toBe('string');
    expect(typeof call.args.limit).toBe('number');
    expect(first.usage.promptTokens).toBeGreaterThan(0);
    expect(first.usage.completionTokens).toBeGreaterThan(0);

    // The caller runs the tool and sends its result back; the model goes on from there.
    const result = { posts: [{ id: 1, text: `A post of @${String(call.args.handle)}` }] };
    const streamed: string[] = [];
    const second = await model.chatWithTools({
      messages: [...messages, { role: 'assistant', content: first.text, toolCalls: first.toolCalls }, { role: 'tool', toolCallId: call.id, content: JSON.stringify(result) }],
      tools,
      maxTokens: 12,
      temperature: 0.8,
      onToken: (token) => streamed.push(token),
    });
    expect(second.usage.promptTokens).toBeGreaterThan(0);
    expect(second.usage.completionTokens).toBeGreaterThan(0);
    expect(streamed.join('')).toBe(second.text);
  });

  it('returns a call cut off by the token limit as an invalid call, not as an empty turn', async () => {
    // Greedy decoding; 12 tokens take the General wrapper's call prefix and the name, and stop inside the parameters.
    const turn = await model.chatWithTools({ messages: [{ role: 'user', content: 'Show posts of @acme.' }], tools, toolChoice: 'required', maxTokens: 12, temperature: 0 });
    expect(turn.toolCalls).toHaveLength(1);
    const call = turn.toolCalls[0]!;
    expect(call).toMatchObject({ name: 'list_posts', args: {}, invalid: { error: 'The call was cut off before its arguments were complete (token limit).' } });
    expect(call.invalid!.rawArgs).toMatch(/^\{/);
  });
});
