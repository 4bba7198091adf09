import { rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ModelFailedError } from '../src/core/errors.js';
import type { ChatModel, ProgressEvent, StructuredRequest, TokenUsage } from '../src/core/ports.js';
import { PostInputSchema } from '../src/core/posts/post-schema.js';
import { openGenerationStack, type GenerationStack } from './helpers/generation-stack.js';
import { tempHome } from './helpers/run-smm.js';

/**
 * A model whose answers the test gives by hand, in any order: it shows what
 * the pipeline does while some variants are written and others are not.
 * Only the words are scripted; storage, embedder, index and checks are real.
 */
class HeldModel implements ChatModel {
  readonly id = 'held:test';
  readonly calls: Array<{ request: StructuredRequest; answer: (value: unknown) => void }> = [];
  private readonly listeners: Array<() => void> = [];

  constructor(readonly parallelAnswers: number) {}

  generateStructured(request: StructuredRequest): Promise<{ value: unknown; usage: TokenUsage }> {
    return new Promise((resolve, reject) => {
      const onAbort = () => reject(request.signal?.reason ?? new Error('aborted'));
      if (request.signal?.aborted) return onAbort();
      request.signal?.addEventListener('abort', onAbort, { once: true });
      this.calls.push({ request, answer: (value) => resolve({ value, usage: { promptTokens: 100, completionTokens: 20 } }) });
      for (const listener of this.listeners.splice(0)) listener();
    });
  }

  async ping(): Promise<void> {}

  chatWithTools(): Promise<never> {
    return Promise.reject(new Error('This model holds generation requests; the assistant is not under test here.'));
  }

  /** Resolves once `count` requests have arrived. */
  async received(count: number): Promise<void> {
    while (this.calls.length < count) await new Promise<void>((resolve) => this.listeners.push(resolve));
  }
}

const one = (text: string) => ({ variants: [{ text, hashtags: [] }] });
const itemLine = (request: StructuredRequest) => request.messages.at(-1)!.content.split('\n').at(-1)!;
const PAST = [
  'We roast every Tuesday. If you smell chocolate on Rue Mercière, that is us.',
  'Cold brew season is back. Twelve hours of patience, one very smooth glass.',
  'Oat milk is free today. No reason. Just Tuesday.',
  'Espresso tip: if the shot runs fast, grind finer before you blame the beans.',
  'The Lyon shop opens at 7 now, for the early trains and the early thinkers.',
  'Decaf done right: Swiss water process, no chemicals, all the flavour.',
];

describe('variants written side by side, each announced as soon as it is checked (real SQLite, scripted words)', () => {
  let dir: string;
  let stack: GenerationStack | undefined;
  beforeEach(() => {
    dir = tempHome('smm-side-by-side-');
  });
  afterEach(async () => {
    await stack?.close();
    stack = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(model: ChatModel, timeoutMs?: number): Promise<GenerationStack> {
    stack = await openGenerationStack({ dir, chatModel: model, options: { timeoutMs } });
    const profile = await stack.profiles.create({ workspace: 'default' }, { handle: 'acme', displayName: 'Acme Coffee' });
    await stack.storage.posts.insertMany(
      profile.id,
      PAST.map((text, index) => ({ ...PostInputSchema.parse({ platform: 'x', status: 'published', source: 'imported', text }), dedupeKey: `p${index}` })),
    );
    return stack;
  }

  it('asks for each variant in its own request, all at once, and announces each one as it lands, in landing order', async () => {
    const model = new HeldModel(3);
    const { generation } = await open(model);
    const events: ProgressEvent[] = [];
    let announce: () => void = () => undefined;
    const running = generation.generate(
      { workspace: 'default' },
      {
        handle: 'acme',
        platform: 'x',
        topic: 'cold brew is back',
        n: 3,
        onProgress: (event) => {
          events.push(event);
          if (event.phase === 'variant') announce();
        },
      },
    );
    await model.received(3);
    const requests = model.calls.map((call) => call.request);
    // One variant each, the same prompt up to a last line naming the item.
    expect(requests.map((request) => (request.jsonSchema as { properties: { variants: { maxItems: number } } }).properties.variants.maxItems)).toEqual([1, 1, 1]);
    expect(requests.map(itemLine)).toEqual([1, 2, 3].map((k) => `ITEM: write only variant ${k} of the 3, as exactly 1 variant in "variants".`));
    const beforeItem = (request: StructuredRequest) => JSON.stringify(request.messages).split('ITEM:')[0];
    expect(new Set(requests.map(beforeItem)).size).toBe(1);

    // The second request answers first: it is checked and announced while the others are still being written.
    let announced = new Promise<void>((resolve) => (announce = resolve));
    model.calls[1]!.answer(one('Cold brew is back at the Lyon shop. Twelve hours in, one smooth glass out.'));
    await announced;
    const first = events.filter((event) => event.phase === 'variant');
    expect(first).toHaveLength(1);
    expect(first[0]!.variant).toMatchObject({ index: 0, text: 'Cold brew is back at the Lyon shop. Twelve hours in, one smooth glass out.', limit: 280, valid: true });
    expect(first[0]!.variant!.length).toBe(first[0]!.variant!.text.length);
    expect(typeof first[0]!.variant!.voiceScore).toBe('number');
    expect(first[0]!.message).toMatch(/^Variant 1 of 3 written after \d+\.\d s \(\d+\/280 characters, voice \d+\/100, ok\)\.$/);

    announced = new Promise<void>((resolve) => (announce = resolve));
    model.calls[2]!.answer(one('Summer plan: cold brew, a shaded terrace, nothing urgent.'));
    await announced;
    model.calls[0]!.answer(one('Patience makes the best cold brew. We gave it twelve hours so you do not have to.'));
    const result = await running;

    expect(result.variants.map((variant) => variant.text)).toEqual([
      'Cold brew is back at the Lyon shop. Twelve hours in, one smooth glass out.',
      'Summer plan: cold brew, a shaded terrace, nothing urgent.',
      'Patience makes the best cold brew. We gave it twelve hours so you do not have to.',
    ]);
    const variantEvents = events.filter((event) => event.phase === 'variant');
    expect(variantEvents.map((event) => event.variant?.index)).toEqual([0, 1, 2]);
    expect(variantEvents.map((event) => event.message?.slice(0, 17))).toEqual(['Variant 1 of 3 wr', 'Variant 2 of 3 wr', 'Variant 3 of 3 wr']);
    // Announced before the run's own checks and the save.
    const phases = events.map((event) => event.phase);
    expect(phases.lastIndexOf('variant')).toBeLessThan(phases.indexOf('check'));
    expect(result.usage).toEqual({ promptTokens: 300, completionTokens: 60 });
  });

  it('leaves out a variant whose answer stays malformed, keeping the others', async () => {
    const model = new HeldModel(3);
    const { generation, storage } = await open(model);
    const running = generation.generate({ workspace: 'default' }, { handle: 'acme', platform: 'x', topic: 'oat milk', n: 2 });
    await model.received(2);
    model.calls[0]!.answer({ nonsense: true });
    model.calls[1]!.answer(one('Oat milk is free again today. Still no reason.'));
    await model.received(3);
    // The retry of the first item names the problem, then fails again.
    expect(model.calls[2]!.request.messages.at(-1)!.content).toMatch(/does not match the required JSON/);
    model.calls[2]!.answer({ nonsense: 'again' });
    const result = await running;
    expect(result.variants.map((variant) => variant.text)).toEqual(['Oat milk is free again today. Still no reason.']);
    const saved = await storage.generations.get(result.generationId);
    expect(saved?.promptTokens).toBe(300);
  });

  it('asks a model without parallel sequences for all N variants in one request', async () => {
    const model = new HeldModel(1);
    const { generation } = await open(model);
    const events: ProgressEvent[] = [];
    const running = generation.generate({ workspace: 'default' }, { handle: 'acme', platform: 'x', topic: 'decaf', n: 2, onProgress: (event) => events.push(event) });
    await model.received(1);
    expect((model.calls[0]!.request.jsonSchema as { properties: { variants: { maxItems: number } } }).properties.variants.maxItems).toBe(2);
    expect(model.calls[0]!.request.messages.at(-1)!.content).not.toMatch(/ITEM:/);
    model.calls[0]!.answer({ variants: [{ text: 'Decaf, done the slow way.', hashtags: [] }, { text: 'Swiss water, no chemicals, all the flavour.', hashtags: [] }] });
    const result = await running;
    expect(result.variants).toHaveLength(2);
    expect(events.filter((event) => event.phase === 'variant').map((event) => event.variant?.index)).toEqual([0, 1]);
  });

  it('repairs each failing variant side by side, continuing the conversation that wrote it', async () => {
    const model = new HeldModel(3);
    const { generation } = await open(model);
    const running = generation.generate({ workspace: 'default' }, { handle: 'acme', platform: 'x', topic: 'espresso', n: 3 });
    await model.received(3);
    const tooLong = (k: number) => one(`Espresso tip ${k}: ${'grind finer, then taste again. '.repeat(14)}`);
    model.calls[0]!.answer(tooLong(1));
    model.calls[1]!.answer(one('Espresso tip: if the shot runs fast, blame the grinder before the beans, then adjust it.'));
    model.calls[2]!.answer(tooLong(3));
    // Both repairs are asked at once, before either is answered.
    await model.received(5);
    const repairs = model.calls.slice(3).map((call) => call.request);
    for (const [position, item] of [0, 2].entries()) {
      const messages = repairs[position]!.messages;
      // The item's own request, its reply as written, then one turn naming the problems.
      expect(messages.slice(0, -2)).toEqual(model.calls[item]!.request.messages);
      expect(messages.at(-2)).toEqual({ role: 'assistant', content: JSON.stringify(tooLong(item + 1)) });
      expect(messages.at(-1)!.content).toMatch(/^PROBLEMS: \{"1":\["length \d+\/280"[^\n]*\]\}$/);
      expect((repairs[position]!.jsonSchema as { properties: { variants: { maxItems: number } } }).properties.variants.maxItems).toBe(1);
    }
    model.calls[3]!.answer(one('Espresso tip: grind finer, taste again, repeat until it sings.'));
    model.calls[4]!.answer(one('Espresso tip: a fast shot means a coarse grind. Go finer.'));
    const result = await running;
    expect(result.variants.map((variant) => variant.text)).toEqual([
      'Espresso tip: grind finer, taste again, repeat until it sings.',
      'Espresso tip: if the shot runs fast, blame the grinder before the beans, then adjust it.',
      'Espresso tip: a fast shot means a coarse grind. Go finer.',
    ]);
    expect(result.usage).toEqual({ promptTokens: 500, completionTokens: 100 });
  });

  it('bounds the whole generation with one deadline, the repair round included, and saves nothing', async () => {
    const model = new HeldModel(1);
    const { generation, storage } = await open(model, 300);
    const running = generation.generate({ workspace: 'default' }, { handle: 'acme', platform: 'x', topic: 'espresso', n: 1 }).catch((error: unknown) => error);
    await model.received(1);
    // Too long for X: the variant goes to the repair round, whose answer never comes.
    model.calls[0]!.answer(one(`Espresso tip: ${'grind finer, then taste again. '.repeat(14)}`));
    await model.received(2);
    expect(model.calls[1]!.request.messages.at(-1)!.content).toMatch(/^PROBLEMS: .*length/);
    // One signal for every call of the run: the first call's is the repair call's.
    expect(model.calls[1]!.request.signal).toBe(model.calls[0]!.request.signal);
    const error = await running;
    expect(error).toBeInstanceOf(ModelFailedError);
    expect((error as ModelFailedError).code).toBe('model_failed');
    expect((error as ModelFailedError).details).toMatchObject({ timeoutMs: 300 });
    expect((error as ModelFailedError).hint).toMatch(/SMM_LLM_TIMEOUT_MS/);
    const drafts = await storage.posts.list({ workspace: 'default', status: ['draft'], limit: 10 });
    expect(drafts.posts).toEqual([]);
  });
});
