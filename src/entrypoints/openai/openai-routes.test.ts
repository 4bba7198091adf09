import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ScriptedChatModel, type ScriptedToolResponder } from '../../adapters/llm/scripted-chat-model.js';
import type { App } from '../../app/create-app.js';
import type { ApiKeyInfo } from '../../core/auth/api-key-service.js';
import type { GenerationResult } from '../../core/generation/index.js';
import { errorReply } from '../http/http-errors.js';
import { registerOpenAiRoutes } from './openai-routes.js';

/**
 * The /v1 routes on a bare Fastify instance driven with inject (nothing
 * listens): a stand-in for the auth hook puts a scope on requests that carry
 * "Bearer good", the error handler is the HTTP layer's mapping. The model is
 * scripted; only generation is behind the App. The official openai client
 * drives the full server in test/openai-chat.test.ts.
 */

const GENERATED: GenerationResult = {
  generationId: 1,
  variants: [{ postId: 4, text: 'Cold brew is back.', length: 18, limit: 280, valid: true, violations: [], voiceScore: 70, voiceNotes: [], hashtags: [] }],
  examples: [{ postId: 2, text: 'Cold brew season is open.' }],
  retrieval: 'vector',
  model: 'scripted:test',
  usage: { promptTokens: 50, completionTokens: 5 },
  latencyMs: 1,
};

const servers: FastifyInstance[] = [];

async function serve(turns: ScriptedToolResponder, options: { useAppModel?: boolean } = {}): Promise<{ server: FastifyInstance; model: ScriptedChatModel; appModel: ReturnType<typeof vi.fn> }> {
  const model = new ScriptedChatModel({ turns });
  const appModel = vi.fn(async () => model);
  const app = {
    config: { server: { requestTimeoutMs: 10_000 } },
    chatModel: appModel,
    generation: async () => ({ generate: async () => GENERATED }),
  } as unknown as App;
  const server = Fastify();
  server.decorateRequest('smm', null);
  server.addHook('onRequest', async (request, reply) => {
    reply.header('access-control-allow-origin', 'https://webui.example');
    request.smm = request.headers.authorization === 'Bearer good' ? { key: {} as ApiKeyInfo, scope: { workspace: 'team' } } : null;
  });
  server.setErrorHandler((error, _request, reply) => {
    const { status, body } = errorReply(error);
    return reply.code(status).send(body);
  });
  registerOpenAiRoutes(server, app, options.useAppModel ? {} : { model: async () => model });
  await server.ready();
  servers.push(server);
  return { server, model, appModel };
}

const auth = { authorization: 'Bearer good' };
const ask = (content: string, extra: Record<string, unknown> = {}) => ({ model: 'smm-assistant', messages: [{ role: 'user', content }], ...extra });

/** The data lines of an SSE body, parsed (the final "[DONE]" kept as text). */
function events(body: string): unknown[] {
  return body
    .split('\n\n')
    .filter((block) => block.startsWith('data: '))
    .map((block) => block.slice('data: '.length))
    .map((data) => (data === '[DONE]' ? data : JSON.parse(data)));
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

describe('GET /v1/models', () => {
  it('lists the one assistant model', async () => {
    const { server } = await serve(() => ({ text: 'hi' }));
    const reply = await server.inject({ method: 'GET', url: '/v1/models' });
    expect(reply.json()).toEqual({ object: 'list', data: [{ id: 'smm-assistant', object: 'model', created: 1_767_225_600, owned_by: 'smm', name: 'Social Media Manager' }] });
  });
});

describe('POST /v1/chat/completions: refusals', () => {
  it('needs a key', async () => {
    const { server, model } = await serve(() => ({ text: 'hi' }));
    const reply = await server.inject({ method: 'POST', url: '/v1/chat/completions', payload: ask('hi') });
    expect(reply.statusCode).toBe(401);
    expect(reply.json().error).toMatchObject({ code: 'unauthorized', message: 'This endpoint needs an API key.' });
    expect(model.toolCalls).toHaveLength(0);
  });

  it('names the one model there is when asked for another', async () => {
    const { server, model } = await serve(() => ({ text: 'hi' }));
    const reply = await server.inject({ method: 'POST', url: '/v1/chat/completions', headers: auth, payload: { ...ask('hi'), model: 'gpt-4o' } });
    expect(reply.statusCode).toBe(404);
    expect(reply.json().error).toMatchObject({ code: 'not_found', message: 'No model "gpt-4o".', hint: expect.stringContaining('"smm-assistant"') });
    expect(model.toolCalls).toHaveLength(0);
  });

  it('refuses a conversation with nothing from the user before asking the model', async () => {
    const { server, appModel } = await serve(() => ({ text: 'hi' }), { useAppModel: true });
    const reply = await server.inject({ method: 'POST', url: '/v1/chat/completions', headers: auth, payload: { model: 'smm-assistant', messages: [{ role: 'system', content: 'Be brief.' }] } });
    expect(reply.statusCode).toBe(400);
    expect(reply.json().error).toMatchObject({ code: 'invalid_input', message: 'messages has no user message.' });
    expect(appModel).not.toHaveBeenCalled();
  });
});

describe('POST /v1/chat/completions without streaming', () => {
  it("answers as a chat completion with the app's model when none is given, and adds up the usage", async () => {
    const { server, appModel } = await serve(() => ({ text: 'Hello from the assistant.' }), { useAppModel: true });
    const reply = await server.inject({ method: 'POST', url: '/v1/chat/completions', headers: auth, payload: ask('hi') });
    expect(reply.statusCode).toBe(200);
    const body = reply.json();
    expect(appModel).toHaveBeenCalledTimes(1);
    expect(body.id).toMatch(/^chatcmpl-[0-9a-f-]{36}$/);
    expect(body).toMatchObject({ object: 'chat.completion', model: 'smm-assistant', choices: [{ index: 0, message: { role: 'assistant', content: 'Hello from the assistant.' }, finish_reason: 'stop', logprobs: null }] });
    expect(body.usage.total_tokens).toBe(body.usage.prompt_tokens + body.usage.completion_tokens);
    expect(body.usage.completion_tokens).toBeGreaterThan(0);
  });

  it('answers a model failure in the error shape', async () => {
    const { server } = await serve(() => ({ text: '' }));
    const reply = await server.inject({ method: 'POST', url: '/v1/chat/completions', headers: auth, payload: ask('hi') });
    expect(reply.statusCode).toBe(502);
    expect(reply.json().error).toMatchObject({ code: 'model_failed', message: 'The model returned an empty reply.' });
  });
});

describe('POST /v1/chat/completions streaming', () => {
  const writer: ScriptedToolResponder = (messages) =>
    messages.at(-1)!.role === 'tool' ? { text: 'Pick 1.' } : { toolCalls: [{ name: 'generate_posts', args: { handle: 'acme', platform: 'x', topic: 'cold brew', n: 1 } }] };

  it('streams chunks, status and source events, the stop, the usage, then [DONE], keeping headers set before', async () => {
    const { server } = await serve(writer);
    const reply = await server.inject({ method: 'POST', url: '/v1/chat/completions', headers: auth, payload: ask('write a post', { stream: true }) });
    expect(reply.statusCode).toBe(200);
    expect(reply.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(reply.headers['x-accel-buffering']).toBe('no');
    expect(reply.headers['access-control-allow-origin']).toBe('https://webui.example');

    const data = events(reply.body) as Array<Record<string, unknown> | string>;
    const chunks = data.filter((item): item is Record<string, unknown> => typeof item === 'object');
    const ids = new Set(chunks.map((chunk) => chunk.id));
    expect(ids.size).toBe(1);
    expect(chunks.every((chunk) => chunk.object === 'chat.completion.chunk' && chunk.model === 'smm-assistant')).toBe(true);
    expect(chunks[0]!.choices).toEqual([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null, logprobs: null }]);

    const text = chunks.flatMap((chunk) => chunk.choices as Array<{ delta: { content?: string } }>).map((choice) => choice.delta.content ?? '').join('');
    expect(text).toMatch(/^\*\*Variant 1\*\* · draft #4 · x\n/);
    expect(text.endsWith('Pick 1.')).toBe(true);

    const extras = chunks.filter((chunk) => 'event' in chunk).map((chunk) => chunk.event as { type: string; data: Record<string, unknown> });
    expect(extras).toContainEqual({ type: 'status', data: { description: 'Write new posts in a profile’s voice…', done: false } });
    expect(extras).toContainEqual({
      type: 'source',
      data: { source: { name: 'Past post #2' }, document: ['Cold brew season is open.'], metadata: [{ source: 'Past post #2' }] },
    });
    expect(extras.at(-1)).toEqual({ type: 'status', data: { description: 'Done', done: true } });
    for (const chunk of chunks.filter((item) => 'event' in item || 'usage' in item)) expect(chunk.choices).toEqual([]);

    const [stop, usage, done] = data.slice(-3) as [Record<string, unknown>, Record<string, { total_tokens: number; prompt_tokens: number }>, string];
    expect(stop.choices).toEqual([{ index: 0, delta: {}, finish_reason: 'stop', logprobs: null }]);
    // The generation's own tokens count in the usage.
    expect(usage.usage!.prompt_tokens).toBeGreaterThanOrEqual(50);
    expect(done).toBe('[DONE]');
  });

  it('ends a stream that failed with a Failed status, the error with its hint, then [DONE]', async () => {
    const { server } = await serve(() => ({ text: ' ' }));
    const reply = await server.inject({ method: 'POST', url: '/v1/chat/completions', headers: auth, payload: ask('hi', { stream: true }) });
    expect(reply.statusCode).toBe(200);
    const data = events(reply.body);
    const [failed, error, done] = data.slice(-3) as [{ event: unknown }, { error: { message: string; type: string; code: string } }, string];
    expect(failed.event).toEqual({ type: 'status', data: { description: 'Failed', done: true } });
    expect(error.error.code).toBe('model_failed');
    expect(error.error.type).toBe('model_failed');
    expect(error.error.message).toMatch(/^The model returned an empty reply\. Try again; .*SMM_MODEL/);
    expect(done).toBe('[DONE]');
    expect(data.some((item) => typeof item === 'object' && (item as { choices?: Array<{ finish_reason: unknown }> }).choices?.[0]?.finish_reason === 'stop')).toBe(false);
  });
});
