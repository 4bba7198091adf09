import { afterAll, describe, expect, it } from 'vitest';
import { ModelFailedError } from '../src/core/errors.js';
import { EmbeddedChatModel } from '../src/adapters/llm/embedded-chat-model.js';
import { grammarSchema } from '../src/adapters/llm/embedded-tool-chat.js';
import { disposeLlamaRuntime, getLlamaRuntime } from '../src/adapters/llm/llama-runtime.js';
import { assistantOperations, assistantToolSpecs } from '../src/entrypoints/openai/assistant-tools.js';
import { needSharedFixtures, sharedFixture } from './helpers/optional-needs.js';

const tinyModel = sharedFixture('models', 'llama-2-tiny-random.gguf');
const skipReason = needSharedFixtures('the embedded assistant tools test', 'models/llama-2-tiny-random.gguf');

/**
 * Every tool the /v1 assistant offers (the operations catalogue's schemas,
 * whatever operations it holds) becomes a node-llama-cpp function whose
 * parameters a grammar can hold the embedded model to.
 */
describe.skipIf(skipReason)('the assistant tools on the embedded model', () => {
  const model = new EmbeddedChatModel({ modelPath: tinyModel, threads: 1, contextSize: 4096, sequences: 1 });
  afterAll(async () => {
    await model.dispose();
    await disposeLlamaRuntime();
  });

  it('builds a llama.cpp grammar for the parameters of every catalogue operation', async () => {
    const llama = await getLlamaRuntime();
    const failed: string[] = [];
    for (const tool of assistantToolSpecs()) {
      await llama.createGrammarForJsonSchema(grammarSchema(tool.parameters) as never).catch((error: unknown) => failed.push(`${tool.name}: ${(error as Error).message}`));
    }
    expect(failed).toEqual([]);
  });

  it('accepts every catalogue operation as a function, fits them in the context, and starts a call', async () => {
    const tools = assistantToolSpecs();
    expect(tools.length).toBe(assistantOperations.length);
    const streamed: string[] = [];
    // Random weights rarely close a string that has no maxLength: the call may not finish within maxTokens, but it must start.
    const turn = await model.chatWithTools({ messages: [{ role: 'user', content: 'Which profiles do I have?' }], tools, toolChoice: 'required', maxTokens: 60, temperature: 0.8, onToken: (token) => streamed.push(token) });
    expect(turn.usage.promptTokens).toBeGreaterThan(0);
    expect(turn.usage.completionTokens).toBeGreaterThan(0);
    // In function-calling mode nothing is said in words: whatever was generated went into a call.
    expect(turn.text).toBe('');
    expect(streamed).toEqual([]);
    for (const call of turn.toolCalls) expect(tools.map((tool) => tool.name)).toContain(call.name);
  });

  it('says what to do when the tools do not fit the context, instead of failing inside llama.cpp', async () => {
    const small = new EmbeddedChatModel({ modelPath: tinyModel, threads: 1, contextSize: 512, sequences: 1 });
    try {
      const error = await small.chatWithTools({ messages: [{ role: 'user', content: 'Hi' }], tools: assistantToolSpecs() }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ModelFailedError);
      expect((error as ModelFailedError).message).toMatch(/do not fit the embedded model .* context of 512 tokens/);
      expect((error as ModelFailedError).hint).toMatch(/new chat|SMM_LLM/);
    } finally {
      await small.dispose();
    }
  });
});
