import { afterEach, describe, expect, it } from 'vitest';
import { startOllamaProtocolServer, type OllamaProtocolServer } from '../../../test/support/ollama-protocol-server.js';
import { ModelFailedError, ModelUnavailableError } from '../../core/errors.js';
import type { StructuredRequest } from '../../core/ports.js';
import { OllamaChatModel } from './ollama-chat-model.js';

const schema = { type: 'object', properties: { text: { type: 'string', maxLength: 50 } }, required: ['text'] };
const request: StructuredRequest = {
  messages: [{ role: 'user', content: 'One post about coffee.' }],
  jsonSchema: schema,
  schemaName: 'post',
  temperature: 0.2,
  maxTokens: 120,
};

describe('OllamaChatModel against an Ollama-protocol HTTP server', () => {
  let server: OllamaProtocolServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('sends the JSON schema as format, streams tokens and reports usage', async () => {
    server = await startOllamaProtocolServer({ reply: '{"text":"Roast day."}' });
    const model = new OllamaChatModel({ model: 'llama3.2', baseUrl: server.baseUrl });
    const tokens: string[] = [];
    const result = await model.generateStructured({ ...request, onToken: (token) => tokens.push(token) });
    expect(model.id).toBe('ollama:llama3.2');
    expect(result).toEqual({ value: { text: 'Roast day.' }, usage: { promptTokens: 31, completionTokens: 9 }, reply: '{"text":"Roast day."}' });
    expect(tokens.join('')).toBe('{"text":"Roast day."}');
    const chat = server.requests.find((entry) => entry.path === '/api/chat')!.body as Record<string, unknown>;
    expect(chat).toMatchObject({ model: 'llama3.2', format: schema, stream: true, options: { temperature: 0.2, num_predict: 120 } });
  });

  // Vitest fails the run on any unhandled rejection: these also show that nothing escapes the model.
  for (const broken of ['empty', 'garbage', 'cut'] as const) {
    it(`fails with model_failed when the server's chat stream is ${broken}, and nothing escapes`, async () => {
      server = await startOllamaProtocolServer({ brokenChat: broken });
      const model = new OllamaChatModel({ model: 'llama3.2', baseUrl: server.baseUrl });
      const error = await model.generateStructured(request).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ModelFailedError);
      expect((error as ModelFailedError).hint).toBeTruthy();
      await new Promise((resolve) => setTimeout(resolve, 50));
    });
  }

  it('checks on ping that the model is installed, naming the pull command', async () => {
    server = await startOllamaProtocolServer({ models: ['qwen2.5:3b'] });
    await expect(new OllamaChatModel({ model: 'qwen2.5:3b', baseUrl: server.baseUrl }).ping()).resolves.toBeUndefined();
    const error = await new OllamaChatModel({ model: 'llama3.2', baseUrl: server.baseUrl }).ping().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ModelUnavailableError);
    expect((error as ModelUnavailableError).hint).toContain('ollama pull llama3.2');
    expect((error as ModelUnavailableError).hint).toContain('qwen2.5:3b');
  });

  it('reports a missing model on generate', async () => {
    server = await startOllamaProtocolServer({ models: [] });
    const error = await new OllamaChatModel({ model: 'llama3.2', baseUrl: server.baseUrl }).generateStructured(request).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ModelUnavailableError);
    expect((error as ModelUnavailableError).hint).toContain('SMM_MODEL');
  });

  it('fails fast with SMM_OLLAMA_URL in the hint when Ollama does not answer', async () => {
    server = await startOllamaProtocolServer({ silent: true });
    const model = new OllamaChatModel({ model: 'llama3.2', baseUrl: server.baseUrl, probeTimeoutMs: 500 });
    const error = await model.generateStructured(request).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ModelUnavailableError);
    expect((error as ModelUnavailableError).hint).toMatch(/SMM_OLLAMA_URL/);
    const closed = new OllamaChatModel({ model: 'llama3.2', baseUrl: 'http://127.0.0.1:9' });
    await expect(closed.generateStructured(request)).rejects.toBeInstanceOf(ModelUnavailableError);
  });
});
