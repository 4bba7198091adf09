import type { FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { App } from '../../app/create-app.js';
import { NotFoundError, UnauthorizedError } from '../../core/errors.js';
import type { ChatModel } from '../../core/ports.js';
import { errorReply } from '../http/http-errors.js';
import { requestSignal } from '../http/request-deadline.js';
import { runAssistant, type AssistantEvent, type AssistantUsage } from './assistant-runner.js';
import { ASSISTANT_MODEL_ID, parseChatRequest, toChatMessages } from './chat-request.js';

export interface AssistantOptions {
  /** The chat model (default: the app's, the one generation uses). */
  model?: () => Promise<ChatModel>;
  timeoutMs?: number;
}

/**
 * The OpenAI-compatible API Open WebUI connects to as a model: GET /v1/models
 * and POST /v1/chat/completions (SSE when stream is true). Status lines and
 * sources go out as top-level `event` objects; tools run here and never
 * reach the client as tool_calls.
 */
export function registerOpenAiRoutes(server: FastifyInstance, app: App, options: AssistantOptions): void {
  const model = options.model ?? app.chatModel;
  const timeoutMs = options.timeoutMs ?? app.config.server.requestTimeoutMs;

  server.get('/v1/models', async () => ({
    object: 'list',
    data: [{ id: ASSISTANT_MODEL_ID, object: 'model', created: 1_767_225_600, owned_by: 'smm', name: 'Social Media Manager' }],
  }));

  server.post('/v1/chat/completions', async (request, reply) => {
    const auth = request.smm;
    if (!auth) throw new UnauthorizedError('This endpoint needs an API key.', 'Send `Authorization: Bearer <key>`.');
    const chat = parseChatRequest(request.body);
    if (chat.model !== ASSISTANT_MODEL_ID) {
      throw new NotFoundError('model', chat.model, `This server has one model: "${ASSISTANT_MODEL_ID}" (see GET /v1/models).`);
    }
    const messages = toChatMessages(chat.messages);
    const chatModel = await model();
    const id = `chatcmpl-${randomUUID()}`;
    const created = Math.floor(Date.now() / 1000);
    const deadline = requestSignal(reply, timeoutMs);

    if (!chat.stream) {
      try {
        const sources: AssistantEvent[] = [];
        const answer = await deadline.race(
          runAssistant({ app, scope: auth.scope, model: chatModel, messages, signal: deadline.signal, onEvent: (event) => event.type === 'source' && sources.push(event) }),
        );
        return {
          id,
          object: 'chat.completion',
          created,
          model: ASSISTANT_MODEL_ID,
          choices: [{ index: 0, message: { role: 'assistant', content: answer.text }, finish_reason: 'stop', logprobs: null }],
          usage: usageOf(answer.usage),
        };
      } finally {
        deadline.dispose();
      }
    }

    // Headers already set on the reply (CORS) would be lost once hijacked: carry them over.
    const inherited = reply.getHeaders();
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, { ...(inherited as Record<string, string>), 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    const send = (data: unknown) => {
      if (!raw.writableEnded) raw.write(`data: ${JSON.stringify(data)}\n\n`);
    };
    const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
      send({ id, object: 'chat.completion.chunk', created, model: ASSISTANT_MODEL_ID, choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }] });
    const envelope = (extra: Record<string, unknown>) => send({ id, object: 'chat.completion.chunk', created, model: ASSISTANT_MODEL_ID, choices: [], ...extra });

    chunk({ role: 'assistant', content: '' });
    try {
      const answer = await deadline.race(
        runAssistant({
          app,
          scope: auth.scope,
          model: chatModel,
          messages,
          signal: deadline.signal,
          onEvent: (event) => {
            if (event.type === 'content') chunk({ content: event.text });
            else if (event.type === 'status') envelope({ event: { type: 'status', data: { description: event.description, done: event.done } } });
            else envelope({ event: { type: 'source', data: { source: { name: event.name }, document: [event.text], metadata: [{ source: event.name }] } } });
          },
        }),
      );
      chunk({}, 'stop');
      envelope({ usage: usageOf(answer.usage) });
    } catch (error) {
      const { body } = errorReply(error);
      envelope({ event: { type: 'status', data: { description: 'Failed', done: true } } });
      send({ error: { message: body.error.hint ? `${body.error.message} ${body.error.hint}` : body.error.message, type: body.error.code, code: body.error.code } });
    } finally {
      deadline.dispose();
      if (!raw.writableEnded) raw.end('data: [DONE]\n\n');
    }
    return reply;
  });
}

function usageOf(usage: AssistantUsage): { prompt_tokens: number; completion_tokens: number; total_tokens: number } {
  return { prompt_tokens: usage.promptTokens, completion_tokens: usage.completionTokens, total_tokens: usage.promptTokens + usage.completionTokens };
}
