/**
 * A real HTTP server (node:http) that speaks the OpenAI chat completions and
 * embeddings protocol, streaming (SSE) and not. The words it returns are
 * scripted: it stands in for a language model, nothing else.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OpenAiProtocolServerOptions {
  /** The assistant's reply text (or function-call arguments); a function sees the request body. */
  reply?: string | ((body: ChatBody) => string);
  /** Reject `response_format: json_schema` with HTTP 400, like servers that lack it. Default true (supported). */
  supportsJsonSchema?: boolean;
  /** Reject `tools` with HTTP 400. Default true (supported). */
  supportsTools?: boolean;
  /** Send usage figures (in the last SSE chunk when stream_options.include_usage). Default true. */
  reportUsage?: boolean;
  /** Accept connections but never answer anything. */
  silent?: boolean;
  /** Answer /models but never answer chat completions. */
  silentChat?: boolean;
  /** Milliseconds between streamed chunks. Default 0. */
  chunkDelayMs?: number;
  /** HTTP status to fail every chat completion with. */
  failWith?: number;
  /** Dimensions of the fake embeddings. Default 6. */
  embeddingDimensions?: number;
  /**
   * Misbehave on streaming chat requests, like some real servers do:
   * "empty-stream" answers 200 text/event-stream with only `data: [DONE]`;
   * "json-body" answers a plain (non-SSE) JSON completion;
   * "empty" does the first, and answers non-streaming requests with no choices.
   */
  brokenStream?: 'empty-stream' | 'json-body' | 'empty';
}

export interface ChatBody {
  model: string;
  messages: { role: string; content: string }[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  response_format?: { type: string; json_schema?: { name: string; schema: unknown } };
  tools?: { type: string; function: { name: string; parameters: unknown } }[];
  max_tokens?: number;
  max_completion_tokens?: number;
  temperature?: number;
}

export interface OpenAiProtocolServer {
  readonly baseUrl: string;
  /** Every request received: method, path and parsed JSON body. */
  readonly requests: { method: string; path: string; body: unknown; authorization?: string }[];
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as unknown) : undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A deterministic embedding of a text: counts of characters by code point modulo the size, normalised. */
export function fakeEmbedding(text: string, dimensions: number): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  for (const character of text) vector[character.codePointAt(0)! % dimensions]! += 1;
  const norm = Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0)) || 1;
  return vector.map((value) => value / norm);
}

export async function startOpenAiProtocolServer(options: OpenAiProtocolServerOptions = {}): Promise<OpenAiProtocolServer> {
  const requests: OpenAiProtocolServer['requests'] = [];
  const open = new Set<ServerResponse>();
  const server: Server = createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { message: String(error) } }));
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    const path = (request.url ?? '').replace(/\?.*$/, '');
    requests.push({ method: request.method ?? 'GET', path, body, authorization: request.headers.authorization });
    if (options.silent) {
      open.add(response);
      return;
    }
    if (request.method === 'GET' && path === '/v1/models') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ object: 'list', data: [{ id: 'test-model', object: 'model' }] }));
      return;
    }
    if (request.method === 'POST' && path === '/v1/embeddings') {
      const { input, encoding_format: encoding } = body as { input: string | string[]; encoding_format?: string };
      const texts = Array.isArray(input) ? input : [input];
      // The openai client asks for base64 (little-endian float32) unless told otherwise.
      const encode = (vector: number[]) => (encoding === 'base64' ? Buffer.from(Float32Array.from(vector).buffer).toString('base64') : vector);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          object: 'list',
          data: texts.map((text, index) => ({ object: 'embedding', index, embedding: encode(fakeEmbedding(text, options.embeddingDimensions ?? 6)) })),
          model: (body as { model: string }).model,
          usage: { prompt_tokens: texts.length, total_tokens: texts.length },
        }),
      );
      return;
    }
    if (request.method !== 'POST' || path !== '/v1/chat/completions') {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { message: `No route ${path}` } }));
      return;
    }
    if (options.silentChat) {
      open.add(response);
      return;
    }
    const chat = body as ChatBody;
    const reject = (status: number, message: string) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { message, type: 'invalid_request_error' } }));
    };
    if (options.failWith) return reject(options.failWith, `Failing on purpose with ${options.failWith}`);
    if (chat.response_format?.type === 'json_schema' && options.supportsJsonSchema === false) {
      return reject(400, "response_format type 'json_schema' is not supported");
    }
    if (chat.tools && options.supportsTools === false) return reject(400, 'tools are not supported');
    const text = typeof options.reply === 'function' ? options.reply(chat) : (options.reply ?? '{"ok":true}');
    // With tools offered, it calls the first one, unless the conversation ends with a tool's result: then it answers in words.
    const tool = chat.messages.at(-1)?.role === 'tool' ? undefined : chat.tools?.[0]?.function.name;
    const usage = { prompt_tokens: 42, completion_tokens: 7, total_tokens: 49 };
    const id = `chatcmpl-${requests.length}`;
    if (!chat.stream && options.brokenStream === 'empty') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ id, object: 'chat.completion', created: 1, model: chat.model, choices: [] }));
      return;
    }
    if (!chat.stream || options.brokenStream === 'json-body') {
      const message = tool
        ? { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: tool, arguments: text } }] }
        : { role: 'assistant', content: text };
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          id,
          object: 'chat.completion',
          created: 1,
          model: chat.model,
          choices: [{ index: 0, message, finish_reason: tool ? 'tool_calls' : 'stop' }],
          ...(options.reportUsage === false ? {} : { usage }),
        }),
      );
      return;
    }
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    if (options.brokenStream === 'empty-stream' || options.brokenStream === 'empty') {
      response.end('data: [DONE]\n\n');
      return;
    }
    open.add(response);
    const send = (payload: unknown) => response.write(`data: ${JSON.stringify(payload)}\n\n`);
    const chunk = (delta: unknown, finish: string | null = null) =>
      send({ id, object: 'chat.completion.chunk', created: 1, model: chat.model, choices: [{ index: 0, delta, finish_reason: finish }] });
    const pieces = text.match(/[\s\S]{1,4}/g) ?? [];
    chunk({ role: 'assistant', content: tool ? null : '' });
    for (const [index, piece] of pieces.entries()) {
      if (options.chunkDelayMs) await sleep(options.chunkDelayMs);
      if (response.destroyed) return;
      if (tool) {
        chunk({ tool_calls: [{ index: 0, ...(index === 0 ? { id: 'call_1', type: 'function' } : {}), function: { ...(index === 0 ? { name: tool } : {}), arguments: piece } }] });
      } else {
        chunk({ content: piece });
      }
    }
    chunk({}, tool ? 'tool_calls' : 'stop');
    if (options.reportUsage !== false && chat.stream_options?.include_usage) {
      send({ id, object: 'chat.completion.chunk', created: 1, model: chat.model, choices: [], usage });
    }
    response.write('data: [DONE]\n\n');
    response.end();
    open.delete(response);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    close: async () => {
      for (const response of open) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
