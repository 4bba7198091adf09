import { afterEach, describe, expect, it } from 'vitest';
import { fakeEmbedding, startOpenAiProtocolServer, type OpenAiProtocolServer } from '../../../test/support/openai-protocol-server.js';
import { CancelledError, ModelUnavailableError } from '../../core/errors.js';
import { OpenAiEmbedder } from './openai-embedder.js';

describe('OpenAiEmbedder against an OpenAI-protocol HTTP server', () => {
  let server: OpenAiProtocolServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('embeds through /v1/embeddings and learns the vector size on the first call', async () => {
    server = await startOpenAiProtocolServer({ embeddingDimensions: 6 });
    const embedder = new OpenAiEmbedder({ model: 'text-embedding-test', baseUrl: server.baseUrl, apiKey: 'sk-test' });
    expect(embedder.id).toBe('openai:text-embedding-test');
    expect(embedder.dimensions).toBe(0);
    const vectors = await embedder.embed(['coffee roasting', 'football']);
    expect(vectors).toHaveLength(2);
    vectors[0]!.forEach((value, i) => expect(value).toBeCloseTo(fakeEmbedding('coffee roasting', 6)[i]!, 6));
    expect(embedder.dimensions).toBe(6);
    expect(await embedder.ready()).toBe(6);
    const request = server.requests.find((entry) => entry.path === '/v1/embeddings')!;
    expect(request.body).toMatchObject({ model: 'text-embedding-test', input: ['coffee roasting', 'football'] });
    expect(request.authorization).toBe('Bearer sk-test');
    expect(await embedder.embed([])).toEqual([]);
  });

  it('fails fast with the settings to fix when the server does not answer', async () => {
    server = await startOpenAiProtocolServer({ silent: true });
    const embedder = new OpenAiEmbedder({ model: 'm', baseUrl: server.baseUrl, probeTimeoutMs: 300 });
    const error = await embedder.embed(['x']).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ModelUnavailableError);
    expect((error as ModelUnavailableError).hint).toMatch(/SMM_OPENAI_BASE_URL.*SMM_EMBEDDER/);
    const keyless = await new OpenAiEmbedder({ model: 'm' }).embed(['x']).catch((caught: unknown) => caught);
    expect((keyless as ModelUnavailableError).hint).toMatch(/SMM_OPENAI_API_KEY/);
  });

  it('stops waiting when cancelled', async () => {
    server = await startOpenAiProtocolServer();
    const controller = new AbortController();
    controller.abort();
    await expect(new OpenAiEmbedder({ model: 'm', baseUrl: server.baseUrl }).embed(['x'], controller.signal)).rejects.toBeInstanceOf(CancelledError);
  });
});
