import { afterAll, describe, expect, it } from 'vitest';
import { CancelledError, ModelFailedError, ModelUnavailableError } from '../../core/errors.js';
import type { StructuredRequest } from '../../core/ports.js';
import { EmbeddedChatModel } from './embedded-chat-model.js';
import { disposeLlamaRuntime } from './llama-runtime.js';
import { needSharedFixtures, sharedFixture } from '../../../test/helpers/optional-needs.js';

// The tiny real LLaMA-architecture model with random weights (see its README): real loading,
// tokenizing, grammar and streaming; gibberish words, which is all these tests need.
const tinyModel = sharedFixture('models', 'llama-2-tiny-random.gguf');
const skipReason = needSharedFixtures('EmbeddedChatModel tests', 'models/llama-2-tiny-random.gguf');

const schema = {
  type: 'object',
  properties: {
    variants: {
      type: 'array',
      items: { type: 'object', properties: { text: { type: 'string', maxLength: 40 } }, required: ['text'] },
      minItems: 2,
      maxItems: 2,
    },
  },
  required: ['variants'],
};

function request(extra: Partial<StructuredRequest> = {}): StructuredRequest {
  return {
    messages: [
      { role: 'system', content: 'You write social media posts.' },
      { role: 'user', content: 'Two posts about coffee roasting.' },
    ],
    jsonSchema: schema,
    schemaName: 'post_variants',
    // Random weights pick rare characters that take several byte tokens each: leave room to close the JSON.
    maxTokens: 600,
    temperature: 0.8,
    ...extra,
  };
}

describe.skipIf(skipReason)('EmbeddedChatModel with a real GGUF model', () => {
  // One thread: on a busy machine llama.cpp's threads wait on each other at every token.
  const model = new EmbeddedChatModel({ modelPath: tinyModel, threads: 1, contextSize: 1024 });
  afterAll(async () => {
    await model.dispose();
    await disposeLlamaRuntime();
  });

  it('loads the model and returns grammar-constrained JSON that parses, streaming its tokens', async () => {
    await model.ping();
    const tokens: string[] = [];
    const result = await model.generateStructured(request({ onToken: (token) => tokens.push(token) }));
    expect(model.id).toBe('embedded:llama-2-tiny-random');
    const value = result.value as { variants: { text: string }[] };
    expect(value.variants).toHaveLength(2);
    for (const variant of value.variants) {
      expect(typeof variant.text).toBe('string');
      // The grammar counts characters (code points), not UTF-16 units.
      expect(Array.from(variant.text).length).toBeLessThanOrEqual(40);
    }
    expect(tokens.length).toBeGreaterThan(2);
    expect(JSON.parse(tokens.join(''))).toEqual(value);
    expect(result.usage.promptTokens).toBeGreaterThan(10);
    expect(result.usage.completionTokens).toBeGreaterThan(5);
  });

  it('takes a conversation with an earlier answer (a repair round)', async () => {
    const result = await model.generateStructured(
      request({
        messages: [
          { role: 'system', content: 'You write social media posts.' },
          { role: 'user', content: 'Two posts about coffee roasting.' },
          { role: 'assistant', content: '{"variants":[{"text":"too long"},{"text":"fine"}]}' },
          { role: 'user', content: 'The first variant is too long: shorten it.' },
        ],
      }),
    );
    expect((result.value as { variants: unknown[] }).variants).toHaveLength(2);
  });

  it('stops on the abort signal, then serves the next request', async () => {
    let full = 0;
    await model.generateStructured(request({ onToken: () => (full += 1) }));
    const controller = new AbortController();
    let seen = 0;
    const error = await model
      .generateStructured(request({ signal: controller.signal, onToken: () => (seen += 1) === 2 && controller.abort() }))
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CancelledError);
    // Chunks can arrive a few at a time, so the bound is loose: well short of a whole reply.
    expect(seen).toBeLessThan(full / 2);
    const aborted = new AbortController();
    aborted.abort();
    await expect(model.generateStructured(request({ signal: aborted.signal }))).rejects.toBeInstanceOf(CancelledError);
    const next = await model.generateStructured(request());
    expect((next.value as { variants: unknown[] }).variants).toHaveLength(2);
  });

  it('runs concurrent requests one after the other', async () => {
    const results = await Promise.all([model.generateStructured(request()), model.generateStructured(request({ temperature: 0 }))]);
    for (const result of results) expect((result.value as { variants: unknown[] }).variants).toHaveLength(2);
  });

  it('gives up at its deadline, naming the setting', async () => {
    const hurried = new EmbeddedChatModel({ modelPath: tinyModel, threads: 1, contextSize: 1024, timeoutMs: 1 });
    const error = await hurried.generateStructured(request()).catch((caught: unknown) => caught);
    await hurried.dispose();
    expect(error).toBeInstanceOf(ModelFailedError);
    expect((error as ModelFailedError).hint).toMatch(/SMM_LLM_TIMEOUT_MS/);
  });

});

// Needs no model file, so it runs on every machine.
describe('EmbeddedChatModel without its model file', () => {
  afterAll(async () => {
    await disposeLlamaRuntime();
  });

  it('says what to do when the model file is missing', async () => {
    const missing = new EmbeddedChatModel({ modelPath: '/nowhere/qwen.gguf' });
    const error = await missing.generateStructured(request()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ModelUnavailableError);
    expect((error as ModelUnavailableError).hint).toMatch(/smm models pull/);
    expect((error as ModelUnavailableError).hint).toMatch(/SMM_MODEL_PATH/);
  });
});
