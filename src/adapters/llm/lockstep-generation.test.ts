import { afterAll, describe, expect, it } from 'vitest';
import { CancelledError } from '../../core/errors.js';
import type { StructuredRequest } from '../../core/ports.js';
import { EmbeddedChatModel } from './embedded-chat-model.js';
import { disposeLlamaRuntime, loadLlamaModel } from './llama-runtime.js';
import { LockstepBarrier } from './lockstep-decoding.js';
import { generateInLockstep } from './lockstep-generation.js';
import { needSharedFixtures, sharedFixture } from '../../../test/helpers/optional-needs.js';

// The tiny real GGUF (random weights): real tokenizing, grammar, sampling and batching.
const tinyModel = sharedFixture('models', 'llama-2-tiny-random.gguf');
const skipReason = needSharedFixtures('lockstep generation tests', 'models/llama-2-tiny-random.gguf');

const schema = {
  type: 'object',
  properties: {
    text: { type: 'string', maxLength: 60 },
    hashtags: {
      type: 'array',
      items: { type: 'string', maxLength: 12 },
      maxItems: 2,
    },
  },
  required: ['text', 'hashtags'],
};

function request(topic: string, maxTokens = 400): StructuredRequest {
  return {
    messages: [
      {
        role: 'system',
        content: 'You write social media posts for a small roastery.',
      },
      { role: 'user', content: `One post about ${topic}.` },
    ],
    jsonSchema: schema,
    schemaName: 'post',
    maxTokens,
    temperature: 0,
  };
}

/** The same request through node-llama-cpp's LlamaChatSession alone on its own context: the reply the adapter gave before lockstep decoding. */
async function sessionReply(input: StructuredRequest): Promise<string> {
  const { llama, model } = await loadLlamaModel(tinyModel);
  const { LlamaChatSession } = await import('node-llama-cpp');
  const grammar = await llama.createGrammarForJsonSchema(input.jsonSchema as Parameters<typeof llama.createGrammarForJsonSchema>[0]);
  const context = await model.createContext({ contextSize: 1024, threads: 1 });
  try {
    const session = new LlamaChatSession({
      contextSequence: context.getSequence(),
    });
    const messages = input.messages.slice(0, -1);
    session.setChatHistory(
      messages.map((message) => ({
        type: message.role as 'system' | 'user',
        text: message.content,
      })),
    );
    return await session.prompt(input.messages.at(-1)!.content, {
      grammar,
      maxTokens: input.maxTokens,
      temperature: 0,
    });
  } finally {
    await context.dispose();
  }
}

/** A reply the request's grammar allows: JSON of the schema's shape and limits. */
function expectSchemaReply(reply: string | undefined): void {
  const value = JSON.parse(reply ?? '') as { text: unknown; hashtags: unknown };
  expect(typeof value.text).toBe('string');
  expect((value.text as string).length).toBeLessThanOrEqual(60);
  expect(Array.isArray(value.hashtags)).toBe(true);
  expect((value.hashtags as unknown[]).length).toBeLessThanOrEqual(2);
  for (const tag of value.hashtags as unknown[]) expect(typeof tag === 'string' && tag.length <= 12).toBe(true);
}

describe.skipIf(skipReason)('lockstep generation on the embedded model', () => {
  const model = new EmbeddedChatModel({
    modelPath: tinyModel,
    threads: 1,
    contextSize: 1024,
    sequences: 3,
  });
  afterAll(async () => {
    await model.dispose();
    await disposeLlamaRuntime();
  });

  it('gives one request at temperature 0 the reply LlamaChatSession gives, and streams exactly that text', async () => {
    const chunks: string[] = [];
    const answer = await model.generateStructured({
      ...request('a light roast'),
      onToken: (chunk) => chunks.push(chunk),
    });
    const expected = await sessionReply(request('a light roast'));
    expect(answer.reply).toBe(expected);
    expect(chunks.join('')).toBe(expected);
    expect(chunks.length).toBeGreaterThan(1);
  });

  // Side by side, each step is one batched decode: llama.cpp then multiplies with another kernel (gemm, not
  // one dot product per row), whose rounding differs, and this random-weight model's logits are nearly flat,
  // so near-tied tokens go either way with the batch's make-up (and with a prefix evaluated in another batch).
  // Replies decoded side by side are therefore checked for what must hold whatever the rounding: the grammar's
  // shape and limits, and a reply of each sequence's own. The test above matches LlamaChatSession exactly.
  it('gives three requests decoded side by side valid replies of their own', async () => {
    const inputs = [request('espresso at dawn'), request('a new single origin from Huila'), request('the cupping on Friday')];
    const first = (await Promise.all(inputs.map((input) => model.generateStructured(input)))).map((answer) => answer.reply);
    for (const reply of first) expectSchemaReply(reply);
    expect(new Set(first).size).toBeGreaterThan(1);
  });

  it('lets the others finish their replies when one of the requests side by side is aborted midway', async () => {
    const controller = new AbortController();
    const aborted = model.generateStructured({
      ...request('a cancelled post'),
      signal: controller.signal,
      onToken: () => controller.abort(),
    });
    const others = [request('espresso at dawn'), request('the cupping on Friday')];
    const [failure, ...answers] = await Promise.all([aborted.catch((error: unknown) => error), ...others.map((input) => model.generateStructured(input))]);
    expect(failure).toBeInstanceOf(CancelledError);
    expect(answers).toHaveLength(2);
    for (const answer of answers) expectSchemaReply((answer as { reply?: string }).reply);
  });

  it('stops at a stop trigger with the text before it, streaming none of the trigger', async () => {
    const { model: gguf } = await loadLlamaModel(tinyModel);
    const { LlamaGrammarEvaluationState, LlamaText } = await import('node-llama-cpp');
    const context = await gguf.createContext({
      contextSize: 1024,
      sequences: 2,
      threads: 1,
    });
    try {
      const mine = context.getSequence();
      const tokens = gguf.tokenize('A post about coffee:');
      const free = await generateInLockstep({
        model: gguf,
        sequence: mine,
        barrier: new LockstepBarrier(),
        GrammarEvaluationState: LlamaGrammarEvaluationState,
        tokens,
        grammar: undefined,
        stopTriggers: [],
        maxTokens: 40,
        temperature: 0,
        signal: new AbortController().signal,
        onTextChunk: undefined,
      });
      // A piece of what the model writes unhindered, as the trigger.
      const trigger = free.text.slice(Math.floor(free.text.length / 2), Math.floor(free.text.length / 2) + 3);
      expect(trigger.length).toBe(3);
      const chunks: string[] = [];
      const stopped = await generateInLockstep({
        model: gguf,
        sequence: mine,
        barrier: new LockstepBarrier(),
        GrammarEvaluationState: LlamaGrammarEvaluationState,
        tokens,
        grammar: undefined,
        stopTriggers: [LlamaText(trigger)],
        maxTokens: 40,
        temperature: 0,
        signal: new AbortController().signal,
        onTextChunk: (chunk) => chunks.push(chunk),
      });
      expect(stopped.stopReason).toBe('stopGenerationTrigger');
      expect(stopped.text).toBe(free.text.slice(0, free.text.indexOf(trigger)));
      expect(chunks.join('')).toBe(stopped.text);
    } finally {
      await context.dispose();
    }
  });

  it('stops at maxTokens with the text LlamaChatSession has at that point', async () => {
    const input = request('decaf done right', 12);
    const failure = await model.generateStructured(input).catch((error: unknown) => error as { details?: { reply?: string } });
    const expected = await sessionReply(input);
    expect((failure as { details?: { reply?: string } }).details?.reply).toBe(expected.trim());
  });
});
