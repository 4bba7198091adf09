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

  it('continues its own reply from the tokens it generated: the next turn evaluates only that turn (token meter)', async () => {
    const continuing = new EmbeddedChatModel({ modelPath: tinyModel, threads: 1, contextSize: 2048, sequences: 2 });
    try {
      const first = await continuing.generateStructured(request());
      expect(first.reply).toBeDefined();
      expect(JSON.parse(first.reply!)).toEqual(first.value);
      const turn = 'The first variant is too long: shorten it.';
      const next = (reply: string) =>
        continuing.generateStructured(
          request({ messages: [...request().messages, { role: 'assistant', content: reply }, { role: 'user', content: turn }] }),
        );
      const continued = await next(first.reply!);
      expect((continued.value as { variants: unknown[] }).variants).toHaveLength(2);
      // The reply's tokens are held as generated: only the turn and the template around it are new.
      expect(continued.usage.promptTokens).toBeGreaterThan(5);
      expect(continued.usage.promptTokens).toBeLessThan(40);
      // The same conversation with a reply this model did not write (its re-serialised text) is evaluated from the reply on.
      const rewritten = await next(JSON.stringify(first.value, null, 1));
      expect(rewritten.usage.promptTokens).toBeGreaterThan(continued.usage.promptTokens + 10);
    } finally {
      await continuing.dispose();
    }
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

  it('queues requests beyond its sequences and runs them one after the other', async () => {
    const single = new EmbeddedChatModel({ modelPath: tinyModel, threads: 1, contextSize: 1024, sequences: 1 });
    try {
      const order: number[] = [];
      const results = await Promise.all(
        [0, 1].map((index) => single.generateStructured(request({ temperature: index === 0 ? 0.8 : 0, onToken: () => order.push(index) }))),
      );
      for (const result of results) expect((result.value as { variants: unknown[] }).variants).toHaveLength(2);
      expect(order.indexOf(1)).toBeGreaterThan(order.lastIndexOf(0));
    } finally {
      await single.dispose();
    }
  });

  it('evaluates only the new end of a prompt whose beginning an earlier request evaluated (token meter)', async () => {
    const reusing = new EmbeddedChatModel({ modelPath: tinyModel, threads: 1, contextSize: 1024, sequences: 2 });
    try {
      // A long stable part (instructions, voice, examples), then a short variable one (the topic).
      const stable = `You write social media posts in this voice. ${'Examples: short, dry, no emoji, one link at most. '.repeat(12)}`;
      const ask = (topic: string) =>
        reusing.generateStructured(request({ messages: [{ role: 'system', content: stable }, { role: 'user', content: `Two posts about ${topic}.` }] }));
      const first = await ask('coffee roasting');
      const second = await ask('tea harvest in Darjeeling');
      const third = await ask('coffee roasting');
      expect(first.usage.promptTokens).toBeGreaterThan(150);
      expect(second.usage.promptTokens).toBeGreaterThan(0);
      expect(second.usage.promptTokens).toBeLessThanOrEqual(first.usage.promptTokens * 0.2);
      expect(third.usage.promptTokens).toBeLessThanOrEqual(first.usage.promptTokens * 0.2);
      // Another prompt altogether is evaluated in full.
      const other = await reusing.generateStructured(request({ messages: [{ role: 'user', content: `Other instructions. ${'Long and different. '.repeat(20)}` }] }));
      expect(other.usage.promptTokens).toBeGreaterThan(60);
    } finally {
      await reusing.dispose();
    }
  });

  it('decodes concurrent requests side by side, as sequences of one context', async () => {
    const parallel = new EmbeddedChatModel({ modelPath: tinyModel, threads: 1, contextSize: 1024, sequences: 3 });
    try {
      expect(parallel.parallelAnswers).toBe(3);
      const order: number[] = [];
      const results = await Promise.all(
        // Prompts with nothing in common, so that each starts at once (no shared evaluation to wait for).
        ['Coffee roasting, two posts.', 'Deux messages sur le thé vert.', 'Zwei Beiträge über Fahrräder.'].map((topic, index) =>
          parallel.generateStructured(request({ messages: [{ role: 'user', content: topic }], onToken: () => order.push(index) })),
        ),
      );
      for (const result of results) expect((result.value as { variants: unknown[] }).variants).toHaveLength(2);
      // One after the other, each request's tokens would form one block; side by side, they interleave.
      const firstDone = Math.min(...[0, 1, 2].map((index) => order.lastIndexOf(index)));
      expect(new Set(order.slice(0, firstDone + 1)).size).toBe(3);
    } finally {
      await parallel.dispose();
    }
  });

  it('evaluates the beginning that requests starting together share once, for all of them (token meter)', async () => {
    const together = new EmbeddedChatModel({ modelPath: tinyModel, threads: 1, contextSize: 1024, sequences: 3 });
    try {
      const stable = `You write social media posts in this voice. ${'Examples: short, dry, no emoji, one link at most. '.repeat(12)}`;
      const results = await Promise.all(
        [1, 2, 3].map((item) =>
          together.generateStructured(request({ messages: [{ role: 'system', content: stable }, { role: 'user', content: `Two posts about tea. This is item ${item} of 3.` }] })),
        ),
      );
      const counts = results.map((result) => result.usage.promptTokens).sort((a, b) => a - b);
      // One request evaluated the whole prompt; the others only their own end.
      expect(counts[2]).toBeGreaterThan(150);
      expect(counts[0]! + counts[1]!).toBeLessThanOrEqual(counts[2]! * 0.2);
      for (const result of results) expect((result.value as { variants: unknown[] }).variants).toHaveLength(2);
    } finally {
      await together.dispose();
    }
  });

  it('says which answer ran out of tokens before its JSON closed, as a problem of that answer', async () => {
    const error = await model.generateStructured(request({ maxTokens: 6, temperature: 0 })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ModelFailedError);
    expect(error).toMatchObject({
      message: 'The embedded model embedded:llama-2-tiny-random ran out of tokens before it closed its JSON reply.',
      details: { problem: 'the reply ran out of tokens before its JSON closed' },
    });
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
