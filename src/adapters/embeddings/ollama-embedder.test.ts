import { afterEach, describe, expect, it } from 'vitest';
import { fakeEmbedding } from '../../../test/support/openai-protocol-server.js';
import { startOllamaProtocolServer, type OllamaProtocolServer } from '../../../test/support/ollama-protocol-server.js';
import { ModelUnavailableError } from '../../core/errors.js';
import { OllamaEmbedder } from './ollama-embedder.js';

describe('OllamaEmbedder against an Ollama-protocol HTTP server', () => {
  let server: OllamaProtocolServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('embeds in batches through /api/embed and learns the vector size', async () => {
    server = await startOllamaProtocolServer({ models: ['nomic-embed-text:latest'], embeddingDimensions: 5 });
    const embedder = new OllamaEmbedder({ model: 'nomic-embed-text', baseUrl: server.baseUrl, batchSize: 2 });
    expect(embedder.id).toBe('ollama:nomic-embed-text');
    expect(await embedder.ready()).toBe(5);
    const texts = ['a post', 'another post', 'a third one'];
    const vectors = await embedder.embed(texts);
    vectors.forEach((vector, index) => vector.forEach((value, i) => expect(value).toBeCloseTo(fakeEmbedding(texts[index]!, 5)[i]!, 6)));
    expect(server.requests.filter((entry) => entry.path === '/api/embed')).toHaveLength(3);
  });

  it('names the pull command for a missing model and the URL setting when Ollama is down', async () => {
    server = await startOllamaProtocolServer({ models: [] });
    const missing = await new OllamaEmbedder({ model: 'nomic-embed-text', baseUrl: server.baseUrl }).embed(['x']).catch((caught: unknown) => caught);
    expect(missing).toBeInstanceOf(ModelUnavailableError);
    expect((missing as ModelUnavailableError).hint).toContain('ollama pull nomic-embed-text');
    const down = await new OllamaEmbedder({ model: 'm', baseUrl: 'http://127.0.0.1:9' }).embed(['x']).catch((caught: unknown) => caught);
    expect(down).toBeInstanceOf(ModelUnavailableError);
    expect((down as ModelUnavailableError).hint).toMatch(/SMM_OLLAMA_URL/);
  });
});
