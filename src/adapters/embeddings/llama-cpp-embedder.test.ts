import { afterAll, describe, expect, it } from 'vitest';
import { CancelledError, ModelUnavailableError } from '../../core/errors.js';
import { disposeLlamaRuntime } from '../llm/llama-runtime.js';
import { LlamaCppEmbedder } from './llama-cpp-embedder.js';
import { needSharedFixtures, sharedFixture } from '../../../test/helpers/optional-needs.js';

const tinyModel = sharedFixture('models', 'llama-2-tiny-random.gguf');
const skipReason = needSharedFixtures('LlamaCppEmbedder tests', 'models/llama-2-tiny-random.gguf');

describe.skipIf(skipReason)('LlamaCppEmbedder with a real GGUF model', () => {
  const embedder = new LlamaCppEmbedder({ modelPath: tinyModel, threads: 1, contextSize: 512 });
  afterAll(async () => {
    await embedder.dispose();
    await disposeLlamaRuntime();
  });

  it('discovers its dimensions from the model and embeds deterministically', async () => {
    expect(embedder.id).toBe('llamacpp:llama-2-tiny-random');
    expect(embedder.dimensions).toBe(0);
    expect(await embedder.ready()).toBe(8);
    expect(embedder.dimensions).toBe(8);
    const [first, second, again] = await embedder.embed(['coffee roasting at dawn', 'football match tonight', 'coffee roasting at dawn']);
    expect(first).toHaveLength(8);
    expect(first!.every(Number.isFinite)).toBe(true);
    expect(again).toEqual(first);
    expect(second).not.toEqual(first);
  });

  it('cuts texts longer than its context instead of failing, and embeds empty texts too', async () => {
    const [long, empty] = await embedder.embed(['word '.repeat(2_000), '']);
    expect(long).toHaveLength(8);
    expect(empty).toHaveLength(8);
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(embedder.embed(['x'], controller.signal)).rejects.toBeInstanceOf(CancelledError);
  });

});

// Needs no model file, so it runs on every machine.
describe('LlamaCppEmbedder without its model file', () => {
  afterAll(async () => {
    await disposeLlamaRuntime();
  });

  it('names the setting when the model file is missing', async () => {
    const error = await new LlamaCppEmbedder({ modelPath: '/nowhere/embed.gguf' }).embed(['x']).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ModelUnavailableError);
    expect((error as ModelUnavailableError).message).toContain('/nowhere/embed.gguf');
  });
});
