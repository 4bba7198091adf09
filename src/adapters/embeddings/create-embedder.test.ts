import { describe, expect, it } from 'vitest';
import { ConfigInvalidError } from '../../core/errors.js';
import { createEmbedder, parseEmbedderSpec } from './create-embedder.js';

describe('createEmbedder', () => {
  it('reads SMM_EMBEDDER specs', () => {
    expect(parseEmbedderSpec('builtin')).toEqual({ provider: 'builtin' });
    expect(parseEmbedderSpec('')).toEqual({ provider: 'builtin' });
    expect(parseEmbedderSpec('ollama:nomic-embed-text:latest')).toEqual({ provider: 'ollama', model: 'nomic-embed-text:latest' });
    expect(parseEmbedderSpec('openai:text-embedding-3-small')).toEqual({ provider: 'openai', model: 'text-embedding-3-small' });
    expect(parseEmbedderSpec('llamacpp:/models/bge-small.gguf')).toEqual({ provider: 'llamacpp', modelPath: '/models/bge-small.gguf' });
    expect(() => parseEmbedderSpec('ollama:')).toThrow(ConfigInvalidError);
    expect(() => parseEmbedderSpec('word2vec')).toThrow(/SMM_EMBEDDER/);
  });

  it('builds each provider with its id', async () => {
    const builtin = await createEmbedder({ provider: 'builtin' });
    expect(builtin.id).toBe('builtin:hash-v1-384');
    expect(builtin.dimensions).toBe(384);
    expect((await createEmbedder({ provider: 'ollama', model: 'nomic-embed-text' })).id).toBe('ollama:nomic-embed-text');
    expect((await createEmbedder({ provider: 'openai', model: 'text-embedding-3-small', dimensions: 256 })).dimensions).toBe(256);
    expect((await createEmbedder({ provider: 'llamacpp', modelPath: '/m/bge.gguf' })).id).toBe('llamacpp:bge');
    await expect(createEmbedder({ provider: 'ollama' })).rejects.toBeInstanceOf(ConfigInvalidError);
  });
});
