import { afterAll, describe, expect, it } from 'vitest';
import { ModelFailedError } from '../src/core/errors.js';
import type { ChatModel, ToolChatRequest } from '../src/core/ports.js';
import { runAssistant, type AssistantEvent } from '../src/entrypoints/openai/assistant-runner.js';
import { seedProfile, startHarness } from './http-harness.js';
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

  it('runs the /v1 assistant end to end: the call is parsed, executed as an operation, and its result fed back', async () => {
    const h = await startHarness();
    try {
      await seedProfile(h.app, 'default', 'acme');
      // The real embedded model's words; this wrapper only makes the first turn call a tool (random weights never
      // choose to), offers it list_profiles alone then (random weights rarely close a string that has no maxLength,
      // which most other tools have), and keeps the answers short.
      const requests: ToolChatRequest[] = [];
      const calling: ChatModel = {
        id: model.id,
        ping: (signal) => model.ping(signal),
        generateStructured: (request) => model.generateStructured(request),
        chatWithTools: (request) => {
          requests.push(request);
          if (requests.length > 1) return model.chatWithTools({ ...request, maxTokens: 16 });
          return model.chatWithTools({ ...request, tools: request.tools.filter((tool) => tool.name === 'list_profiles'), toolChoice: 'required', maxTokens: 200 });
        },
      };
      const events: AssistantEvent[] = [];
      const answer = await runAssistant({
        app: h.app,
        scope: { workspace: 'default' },
        model: calling,
        messages: [{ role: 'user', content: 'Which profiles do I have?' }],
        signal: AbortSignal.timeout(60_000),
        onEvent: (event) => events.push(event),
      }).catch((error: unknown) => error);
      // A random second turn may call again, answer gibberish, or say nothing (an empty reply is reported as such).
      if (answer instanceof Error) expect(answer).toBeInstanceOf(ModelFailedError);
      expect(requests.length).toBeGreaterThanOrEqual(2);
      const [call, result] = requests[1]!.messages.slice(-2);
      expect(call!.role).toBe('assistant');
      expect(call!.toolCalls![0]!.name).toBe('list_profiles');
      // Executed: the operation ran (or its validation answered), and the model got its result as a tool message.
      expect(result).toMatchObject({ role: 'tool', toolCallId: call!.toolCalls![0]!.id });
      expect(() => JSON.parse(result!.content) as unknown).not.toThrow();
      expect(events.some((event) => event.type === 'status' && event.done && /: (done|failed)$/.test(event.description))).toBe(true);
    } finally {
      await h.close();
    }
  });
});
