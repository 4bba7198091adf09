/**
 * A real HTTP server that speaks the parts of Ollama's API that smm uses
 * (/api/version, /api/tags, streaming /api/chat, /api/embed). Its words are
 * scripted: it stands in for a language model, nothing else.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fakeEmbedding } from './openai-protocol-server.js';

export interface OllamaProtocolServerOptions {
  /** Installed model names. Default ["llama3.2:latest"]. */
  models?: string[];
  /** The reply text of /api/chat. */
  reply?: string;
  /** Dimensions of /api/embed vectors. Default 5. */
  embeddingDimensions?: number;
  /** Accept connections and never answer. */
  silent?: boolean;
  /** Misbehave on /api/chat: "empty" ends the stream at once; "garbage" streams lines that are not JSON; "cut" closes the connection mid-stream. */
  brokenChat?: 'empty' | 'garbage' | 'cut';
  /** A tool call to answer a /api/chat request that offers tools, unless its last message is a tool result (then `reply` answers). */
  toolCall?: { name: string; arguments: Record<string, unknown> };
}

export interface OllamaProtocolServer {
  readonly baseUrl: string;
  readonly requests: { method: string; path: string; body: unknown }[];
  close(): Promise<void>;
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as unknown) : undefined;
}

export async function startOllamaProtocolServer(options: OllamaProtocolServerOptions = {}): Promise<OllamaProtocolServer> {
  const models = options.models ?? ['llama3.2:latest'];
  const requests: OllamaProtocolServer['requests'] = [];
  const hanging = new Set<ServerResponse>();
  const json = (response: ServerResponse, status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };
  const known = (name: string) => models.includes(name) || models.includes(`${name}:latest`);
  const server = createServer((request, response) => {
    void (async () => {
      const body = await readJson(request);
      const path = request.url ?? '';
      requests.push({ method: request.method ?? 'GET', path, body });
      if (options.silent) return void hanging.add(response);
      if (path === '/api/version') return json(response, 200, { version: '0.12.0' });
      if (path === '/api/tags') return json(response, 200, { models: models.map((name) => ({ name, model: name })) });
      const model = (body as { model?: string } | undefined)?.model ?? '';
      if (!known(model)) return json(response, 404, { error: `model "${model}" not found, try pulling it first` });
      if (path === '/api/embed') {
        const input = (body as { input: string | string[] }).input;
        const texts = Array.isArray(input) ? input : [input];
        return json(response, 200, { model, embeddings: texts.map((text) => fakeEmbedding(text, options.embeddingDimensions ?? 5)) });
      }
      if (path === '/api/chat') {
        response.writeHead(200, { 'content-type': 'application/x-ndjson' });
        if (options.brokenChat === 'empty') return void response.end();
        if (options.brokenChat === 'garbage') return void response.end('<html>Bad gateway</html>\nnot json either\n');
        if (options.brokenChat === 'cut') {
          response.write(`${JSON.stringify({ model, created_at: new Date(0).toISOString(), message: { role: 'assistant', content: '{"va' }, done: false })}\n`);
          return void setTimeout(() => response.destroy(), 20);
        }
        const chat = body as { tools?: unknown[]; messages?: Array<{ role: string }> };
        if (options.toolCall && (chat.tools?.length ?? 0) > 0 && chat.messages?.at(-1)?.role !== 'tool') {
          const message = { role: 'assistant', content: '', tool_calls: [{ function: options.toolCall }] };
          response.write(`${JSON.stringify({ model, created_at: new Date(0).toISOString(), message, done: false })}\n`);
          response.end(`${JSON.stringify({ model, created_at: new Date(0).toISOString(), message: { role: 'assistant', content: '' }, done: true, done_reason: 'stop', prompt_eval_count: 40, eval_count: 12 })}\n`);
          return;
        }
        const text = options.reply ?? '{"ok":true}';
        for (const piece of text.match(/[\s\S]{1,5}/g) ?? []) {
          response.write(`${JSON.stringify({ model, created_at: new Date(0).toISOString(), message: { role: 'assistant', content: piece }, done: false })}\n`);
        }
        response.end(
          `${JSON.stringify({ model, created_at: new Date(0).toISOString(), message: { role: 'assistant', content: '' }, done: true, done_reason: 'stop', prompt_eval_count: 31, eval_count: 9 })}\n`,
        );
        return;
      }
      json(response, 404, { error: `no route ${path}` });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    close: async () => {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
