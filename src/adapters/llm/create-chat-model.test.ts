import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigInvalidError, ModelUnavailableError } from '../../core/errors.js';
import { createChatModel, embeddedIdForUri } from './create-chat-model.js';
import { sampleFromSchema } from './schema-sample.js';

const base = { cacheDir: '/nonexistent/smm-cache', timeoutMs: 10_000 };
const variantsSchema = {
  type: 'object',
  properties: {
    variants: { type: 'array', minItems: 3, items: { type: 'object', properties: { text: { type: 'string', maxLength: 12 }, hashtags: { type: 'array', items: { type: 'string' } } } } },
    tone: { enum: ['warm', 'dry'] },
  },
  required: ['variants'],
};

describe('createChatModel', () => {
  it('builds each provider with its id', async () => {
    expect((await createChatModel({ ...base, provider: 'ollama' })).id).toBe('ollama:llama3.2');
    expect((await createChatModel({ ...base, provider: 'ollama', model: 'qwen2.5:3b' })).id).toBe('ollama:qwen2.5:3b');
    expect((await createChatModel({ ...base, provider: 'openai', apiKey: 'k' })).id).toBe('openai:gpt-4o-mini');
    expect((await createChatModel({ ...base, provider: 'openai', baseUrl: 'http://127.0.0.1:1234/v1', model: 'local' })).id).toBe('openai:local');
    await expect(createChatModel({ ...base, provider: 'openai', baseUrl: 'http://127.0.0.1:1234/v1' })).rejects.toBeInstanceOf(ConfigInvalidError);
  });

  it('names the embedded model without touching the disk, and explains a missing file on first use', async () => {
    const model = await createChatModel({ ...base, provider: 'embedded' });
    expect(model.id).toBe('embedded:llama-3.2-3b-instruct-q4_k_m');
    const error = await model.ping().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ModelUnavailableError);
    expect((error as ModelUnavailableError).hint).toContain('smm models pull');
    const local = await createChatModel({ ...base, provider: 'embedded', modelPath: fileURLToPath(new URL('./fixtures/Any-Model.Q4.gguf', import.meta.url)) });
    expect(local.id).toBe('embedded:any-model.q4');
  });

  it('derives embedded ids from hf: URIs and URLs', () => {
    expect(embeddedIdForUri('hf:Qwen/Qwen2.5-1.5B-Instruct-GGUF:Q4_K_M')).toBe('embedded:qwen2.5-1.5b-instruct-q4_k_m');
    expect(embeddedIdForUri('hf:user/repo/file-name.gguf')).toBe('embedded:file-name');
    expect(embeddedIdForUri('https://example.org/models/My-Model.gguf')).toBe('embedded:my-model');
  });

  it('gives the scripted provider a sample of each request schema by default', async () => {
    const model = await createChatModel({ ...base, provider: 'scripted' });
    const request = { messages: [{ role: 'user' as const, content: 'x' }], jsonSchema: variantsSchema, schemaName: 'variants' };
    const { value } = await model.generateStructured(request);
    expect(value).toEqual(sampleFromSchema(variantsSchema));
    const typed = value as { variants: { text: string; hashtags: string[] }[]; tone: string };
    expect(typed.variants).toHaveLength(3);
    expect(typed.variants.every((variant) => variant.text.length <= 12)).toBe(true);
    expect(typed.tone).toBe('warm');
    expect((await model.generateStructured(request)).value).toEqual(value);
  });
});
