import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startOpenAiProtocolServer, type ChatBody, type OpenAiProtocolServer } from '../../../test/support/openai-protocol-server.js';
import { CancelledError, ModelFailedError, ModelUnavailableError } from '../../core/errors.js';
import type { StructuredRequest } from '../../core/ports.js';
import { OpenAiChatModel } from './openai-chat-model.js';

const schema = {
  type: 'object',
  properties: { variants: { type: 'array', items: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] } } },
  required: ['variants'],
  additionalProperties: false,
};
const reply = '{"variants":[{"text":"Fresh roast day ☕"},{"text":"New beans!"}]}';

function request(extra: Partial<StructuredRequest> = {}): StructuredRequest {
  return {
    messages: [
      { role: 'system', content: 'You write posts.' },
      { role: 'user', content: 'Two posts about coffee roasting.' },
    ],
    jsonSchema: schema,
    schemaName: 'post_variants',
    temperature: 0.7,
    maxTokens: 300,
    ...extra,
  };
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('OpenAiChatModel against an OpenAI-protocol HTTP server', () => {
  let server: OpenAiProtocolServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  const chatBodies = () => server!.requests.filter((entry) => entry.path === '/v1/chat/completions').map((entry) => entry.body as ChatBody);

  it('asks for json_schema output, streams tokens and reports the server usage', async () => {
    server = await startOpenAiProtocolServer({ reply });
    const model = new OpenAiChatModel({ model: 'test-model', baseUrl: server.baseUrl, apiKey: 'sk-test' });
    const tokens: string[] = [];
    const result = await model.generateStructured(request({ onToken: (token) => tokens.push(token) }));

    expect(model.id).toBe('openai:test-model');
    expect(result.value).toEqual(JSON.parse(reply));
    expect(result.usage).toEqual({ promptTokens: 42, completionTokens: 7 });
    expect(tokens.length).toBeGreaterThan(3);
    expect(tokens.join('')).toBe(reply);
    const [body] = chatBodies();
    expect(body).toMatchObject({
      model: 'test-model',
      stream: true,
      temperature: 0.7,
      response_format: { type: 'json_schema', json_schema: { name: 'post_variants', schema } },
    });
    expect(body!.max_tokens ?? body!.max_completion_tokens).toBe(300);
    expect(body!.messages.map((message) => message.role)).toEqual(['system', 'user']);
    expect(server.requests.find((entry) => entry.path === '/v1/models')?.authorization).toBe('Bearer sk-test');
  });

  it('falls back to function calling when the server lacks json_schema, and remembers it', async () => {
    server = await startOpenAiProtocolServer({ reply, supportsJsonSchema: false });
    const model = new OpenAiChatModel({ model: 'test-model', baseUrl: server.baseUrl });
    expect((await model.generateStructured(request())).value).toEqual(JSON.parse(reply));
    expect((await model.generateStructured(request())).value).toEqual(JSON.parse(reply));
    const bodies = chatBodies();
    expect(bodies).toHaveLength(3);
    expect(bodies[0]!.response_format?.type).toBe('json_schema');
    expect(bodies[1]!.tools?.[0]?.function).toMatchObject({ name: 'post_variants', parameters: schema });
    expect(bodies[2]!.tools).toBeDefined();
  });

  it('falls back to a JSON instruction when the server has neither, reading JSON out of fences', async () => {
    server = await startOpenAiProtocolServer({ reply: `Sure! Here it is:\n\`\`\`json\n${reply}\n\`\`\``, supportsJsonSchema: false, supportsTools: false, reportUsage: false });
    const model = new OpenAiChatModel({ model: 'test-model', baseUrl: server.baseUrl });
    const result = await model.generateStructured(request());
    expect(result.value).toEqual(JSON.parse(reply));
    expect(result.usage.promptTokens).toBeGreaterThan(0);
    expect(result.usage.completionTokens).toBeGreaterThan(0);
    const last = chatBodies().at(-1)!;
    expect(last.response_format).toBeUndefined();
    expect(last.tools).toBeUndefined();
    expect(last.messages[0]!.content).toContain('"post_variants"');
    expect(last.messages[0]!.content).toContain(JSON.stringify(schema));
  });

  it('says so when the reply is not JSON', async () => {
    server = await startOpenAiProtocolServer({ reply: 'I would rather not.', supportsJsonSchema: false, supportsTools: false });
    const model = new OpenAiChatModel({ model: 'test-model', baseUrl: server.baseUrl, structuredOutput: 'prompt' });
    const error = await model.generateStructured(request()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ModelFailedError);
    expect((error as ModelFailedError).details.reply).toBe('I would rather not.');
  });

  // The bound is the point of this test: a silent server must fail within 15 s with the default settings.
  it('fails within 15 s against a server that never answers, naming the setting to fix', { timeout: 15_000 }, async () => {
    server = await startOpenAiProtocolServer({ silent: true });
    const model = new OpenAiChatModel({ model: 'test-model', baseUrl: server.baseUrl });
    const error = await model.generateStructured(request()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ModelUnavailableError);
    expect((error as ModelUnavailableError).message).toContain(server.baseUrl);
    expect((error as ModelUnavailableError).hint).toMatch(/SMM_OPENAI_BASE_URL/);
    expect((error as ModelUnavailableError).hint).toMatch(/SMM_LLM/);
  });

  it('gives up on a generation that outlives its deadline', async () => {
    server = await startOpenAiProtocolServer({ silentChat: true });
    const model = new OpenAiChatModel({ model: 'test-model', baseUrl: server.baseUrl, timeoutMs: 1_000 });
    const error = await model.generateStructured(request()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ModelFailedError);
    expect((error as ModelFailedError).hint).toMatch(/SMM_LLM_TIMEOUT_MS/);
  });

  it('fails at once on a closed port', async () => {
    const port = await closedPort();
    const model = new OpenAiChatModel({ model: 'test-model', baseUrl: `http://127.0.0.1:${port}/v1` });
    const error = await model.generateStructured(request()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ModelUnavailableError);
    expect((error as ModelUnavailableError).hint).toMatch(/SMM_OPENAI_BASE_URL/);
    await expect(model.ping()).rejects.toBeInstanceOf(ModelUnavailableError);
  });

  it('stops streaming when the caller aborts', async () => {
    server = await startOpenAiProtocolServer({ reply: reply.repeat(20), chunkDelayMs: 20 });
    const model = new OpenAiChatModel({ model: 'test-model', baseUrl: server.baseUrl });
    const controller = new AbortController();
    const tokens: string[] = [];
    const error = await model
      .generateStructured(request({ signal: controller.signal, onToken: (token) => (tokens.push(token), tokens.length === 3 && controller.abort()) }))
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CancelledError);
    expect(tokens.length).toBeLessThan(20);
  });

  it('names the key setting when the server refuses it', async () => {
    server = await startOpenAiProtocolServer({ failWith: 401 });
    const model = new OpenAiChatModel({ model: 'test-model', baseUrl: server.baseUrl, apiKey: 'wrong' });
    const error = await model.generateStructured(request()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ModelUnavailableError);
    expect((error as ModelUnavailableError).hint).toMatch(/SMM_OPENAI_API_KEY/);
  });

  // Both used to end the process: LangChain's structured-output pipeline rejected a promise nobody awaited.
  // Vitest fails a run on any unhandled rejection, so these also guard against that coming back.
  for (const structuredOutput of ['jsonSchema', 'functionCalling', 'prompt'] as const) {
    for (const broken of ['empty-stream', 'json-body'] as const) {
      it(`asks again without streaming when the server answers a streaming request with ${broken} (${structuredOutput})`, async () => {
        server = await startOpenAiProtocolServer({ reply, brokenStream: broken });
        const model = new OpenAiChatModel({ model: 'test-model', baseUrl: server.baseUrl, structuredOutput });
        const tokens: string[] = [];
        const result = await model.generateStructured(request({ onToken: (token) => tokens.push(token) }));
        expect(result.value).toEqual(JSON.parse(reply));
        expect(result.usage).toEqual({ promptTokens: 42, completionTokens: 7 });
        expect(chatBodies().map((body) => body.stream ?? false)).toEqual([true, false]);
      });
    }

    it(`fails with model_failed, and nothing escapes, when the server answers nothing, streaming or not (${structuredOutput})`, async () => {
      server = await startOpenAiProtocolServer({ reply, brokenStream: 'empty' });
      const model = new OpenAiChatModel({ model: 'test-model', baseUrl: server.baseUrl, structuredOutput });
      const error = await model.generateStructured(request()).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ModelFailedError);
      expect((error as ModelFailedError).message).toMatch(/empty reply/);
      expect((error as ModelFailedError).hint).toMatch(/SMM_MODEL/);
    });
  }

  it('answers ping when the server is up', async () => {
    server = await startOpenAiProtocolServer();
    await expect(new OpenAiChatModel({ model: 'test-model', baseUrl: server.baseUrl }).ping()).resolves.toBeUndefined();
  });

  it('calls tools through the port: streamed tool calls come back parsed, results go back as tool messages', async () => {
    server = await startOpenAiProtocolServer({ reply: (body) => (body.messages.at(-1)?.role === 'tool' ? 'You have @acme.' : '{"handle":"acme"}') });
    const model = new OpenAiChatModel({ model: 'test-model', baseUrl: server.baseUrl, apiKey: 'sk-test' });
    const tools = [{ name: 'get_profile', description: 'One profile.', parameters: { type: 'object', properties: { handle: { type: 'string' } }, required: ['handle'] } }];
    const messages = [{ role: 'user' as const, content: 'Show @acme.' }];
    const first = await model.chatWithTools({ messages, tools, toolChoice: 'required' });
    expect(first.toolCalls).toEqual([{ id: 'call_1', name: 'get_profile', args: { handle: 'acme' } }]);
    expect(first.usage).toEqual({ promptTokens: 42, completionTokens: 7 });
    const tokens: string[] = [];
    const second = await model.chatWithTools({
      messages: [...messages, { role: 'assistant', content: first.text, toolCalls: first.toolCalls }, { role: 'tool', toolCallId: 'call_1', content: '{"handle":"acme"}' }],
      tools,
      onToken: (token) => tokens.push(token),
    });
    expect(second).toMatchObject({ text: 'You have @acme.', toolCalls: [] });
    expect(tokens.join('')).toBe('You have @acme.');
    const [firstBody, secondBody] = chatBodies() as unknown as Array<Omit<ChatBody, 'messages'> & { tool_choice?: unknown; messages: Array<{ role: string; tool_call_id?: string; tool_calls?: unknown[] }> }>;
    expect(firstBody!.tools![0]!.function.name).toBe('get_profile');
    expect(firstBody!.tool_choice).toBe('required');
    expect(secondBody!.messages.at(-2)!.tool_calls).toHaveLength(1);
    expect(secondBody!.messages.at(-1)).toMatchObject({ role: 'tool', tool_call_id: 'call_1' });
  });
});
