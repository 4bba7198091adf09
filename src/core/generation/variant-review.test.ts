import { beforeEach, describe, expect, it } from 'vitest';
import { ModelUnavailableError } from '../errors.js';
import type { ChatMessage, TokenUsage } from '../ports.js';
import { FakeChatModel } from '../../../test/fakes/fake-chat-model.js';
import { FakeEmbedder } from '../../../test/fakes/fake-embedder.js';
import type { VariantCheckContext } from './variant-check.js';
import type { AnsweredVariant } from './variant-request.js';
import { checkRunVariants, checkVariants, repairVariants } from './variant-review.js';
import { cosine } from './vector-math.js';

const context: VariantCheckContext = {
  platform: 'x',
  voice: { bannedWords: ['synergy'], hashtagPolicy: 'platform-norm', emojiPolicy: 'free' },
  thread: false,
  references: [],
};

const REQUEST: ChatMessage[] = [
  { role: 'system', content: 'You write posts.' },
  { role: 'user', content: 'Write the variants.' },
];

/** One reply of the model holding `texts`, as requestVariants returns it. */
function conversation(texts: string[]): AnsweredVariant[] {
  const reply = JSON.stringify({ variants: texts.map((text) => ({ text, hashtags: [] })) });
  const shared = { messages: REQUEST, reply, variants: texts.length };
  return texts.map((text, index) => ({ variant: { text, hashtags: [] }, conversation: shared, number: index + 1 }));
}

const fixes = (...texts: string[]) => ({ variants: texts.map((text) => ({ text, hashtags: [] })) });

/** A model that decodes several answers side by side. */
class ParallelChatModel extends FakeChatModel {
  readonly parallelAnswers = 4;
}

describe('checkVariants', () => {
  let embedder: FakeEmbedder;

  beforeEach(() => {
    embedder = new FakeEmbedder();
  });

  it('asks the embedder nothing for one text with nothing to compare it with', async () => {
    const [checked] = await checkVariants(embedder, ['Cold brew is back.'], context);
    expect(embedder.calls).toEqual([]);
    expect(checked).toMatchObject({ text: 'Cold brew is back.', valid: true, violations: [] });
    expect(checked).not.toHaveProperty('embedding');
  });

  it('embeds all texts in one batch when there are past posts, drafts, or several texts', async () => {
    const reference = { postId: 9, embedding: embedder.vector('Something else entirely') };
    await checkVariants(embedder, ['Cold brew is back.'], { ...context, references: [reference] });
    await checkVariants(embedder, ['Cold brew is back.'], { ...context, drafts: [reference] });
    const [first, second] = await checkVariants(embedder, ['Cold brew is back.', 'Decaf done right.'], context);
    expect(embedder.calls).toEqual([['Cold brew is back.'], ['Cold brew is back.'], ['Cold brew is back.', 'Decaf done right.']]);
    expect(first?.embedding).toEqual(embedder.vector('Cold brew is back.'));
    expect(second?.embedding).toEqual(embedder.vector('Decaf done right.'));
  });

  it('flags a near-copy of a past post, naming it', async () => {
    const text = 'Cold brew season is back. Twelve hours of patience.';
    const [checked] = await checkVariants(embedder, [text], { ...context, references: [{ postId: 9, embedding: embedder.vector(text) }] });
    expect(checked?.violations).toEqual([expect.objectContaining({ rule: 'near-duplicate', details: expect.objectContaining({ postId: 9 }) })]);
  });

  it('runs every other check when the embedder fails', async () => {
    embedder.failWith = new Error('embedder offline');
    const text = 'Cold brew meets synergy.';
    const [checked] = await checkVariants(embedder, [text], { ...context, references: [{ postId: 9, embedding: embedder.vector(text) }] });
    expect(checked?.violations.map((violation) => violation.rule)).toEqual(['banned-word']);
  });

  it('stops when the embedder failed because the run was cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    embedder.failWith = new Error('aborted');
    await expect(checkVariants(embedder, ['One.', 'Two.'], context, controller.signal)).rejects.toMatchObject({
      code: 'cancelled',
      message: 'Generation was cancelled; nothing was saved.',
    });
  });
});

describe('checkRunVariants', () => {
  const embedder = new FakeEmbedder();

  it('marks a variant nearly the same as an earlier one of the run, naming it', async () => {
    const checked = await checkRunVariants(embedder, ['Cold brew is back for summer.', 'Decaf done right.', 'Cold brew is back for summer!'], context);
    expect(checked.map((variant) => variant.valid)).toEqual([true, true, false]);
    expect(checked[2]?.violations).toEqual([expect.objectContaining({ rule: 'near-duplicate', details: expect.objectContaining({ variant: 1 }) })]);
  });

  it('compares the variants of a run with the context’s threshold', async () => {
    const a = 'alpha bravo charlie delta echo';
    const b = 'alpha bravo charlie delta foxtrot';
    const similarity = cosine(embedder.vector(a), embedder.vector(b));
    expect(similarity).toBeGreaterThan(0.6);
    expect(similarity).toBeLessThan(0.9);
    expect((await checkRunVariants(embedder, [a, b], context))[1]?.valid).toBe(true);
    expect((await checkRunVariants(embedder, [a, b], { ...context, nearDuplicateThreshold: 0.6 }))[1]?.valid).toBe(false);
  });
});

describe('repairVariants', () => {
  let embedder: FakeEmbedder;
  let usage: TokenUsage;

  beforeEach(() => {
    embedder = new FakeEmbedder();
    usage = { promptTokens: 0, completionTokens: 0 };
  });

  const shape = (n: number) => ({ n, maxChars: 430 });
  const repairTurn = (model: FakeChatModel, call: number): string => model.requests[call]?.messages.at(-1)?.content ?? '';

  it('returns the variants as they are, asking nothing, when all pass', async () => {
    const texts = ['Cold brew is back.', 'Decaf done right.'];
    const checked = await checkRunVariants(embedder, texts, context);
    const model = new FakeChatModel([]);
    const repaired = await repairVariants({ chatModel: model, embedder }, checked, { answers: conversation(texts), shape: shape(2), context, usage });
    expect(repaired).toBe(checked);
    expect(model.requests).toHaveLength(0);
  });

  it('continues the conversation that wrote the failing variants once, naming only their problems, at temperature 0.4', async () => {
    const texts = ['Cold brew is back.', 'Synergy in a cup.', 'Decaf done right.', 'Oat milk synergy.'];
    const answers = conversation(texts);
    const checked = await checkRunVariants(embedder, texts, context);
    const model = new FakeChatModel([fixes('A cup worth the wait.', 'Oat milk, on the house today.')]);
    const repaired = await repairVariants({ chatModel: model, embedder }, checked, { answers, shape: shape(4), context, usage });

    expect(model.requests).toHaveLength(1);
    const request = model.requests[0]!;
    expect(request.messages.slice(0, 3)).toEqual([...REQUEST, { role: 'assistant', content: answers[0]!.conversation.reply }]);
    expect(repairTurn(model, 0)).toBe('PROBLEMS: {"2":["banned word \\"synergy\\""],"4":["banned word \\"synergy\\""]}');
    expect(request.jsonSchema).toMatchObject({ properties: { variants: { minItems: 2, maxItems: 2 } } });
    // Two variants of up to 430 characters: 2 × 430 ÷ 4 + 200.
    expect(request.maxTokens).toBe(415);
    expect(request.temperature).toBe(0.4);
    expect(repaired.map((variant) => variant.text)).toEqual(['Cold brew is back.', 'A cup worth the wait.', 'Decaf done right.', 'Oat milk, on the house today.']);
    expect(repaired.every((variant) => variant.valid)).toBe(true);
    expect(usage).toEqual({ promptTokens: 100, completionTokens: 10 });
  });

  it('bounds a repair answer at 8,192 tokens, rounding up', async () => {
    const texts = ['Synergy in a cup.'];
    const checked = await checkRunVariants(embedder, texts, context);
    const huge = new FakeChatModel([fixes('A cup worth the wait.')]);
    await repairVariants({ chatModel: huge, embedder }, checked, { answers: conversation(texts), shape: { n: 1, maxChars: 100_000 }, context, usage });
    const odd = new FakeChatModel([fixes('A cup worth the wait.')]);
    await repairVariants({ chatModel: odd, embedder }, checked, { answers: conversation(texts), shape: { n: 1, maxChars: 430 }, context, usage });
    expect([huge.requests[0]?.maxTokens, odd.requests[0]?.maxTokens]).toEqual([8_192, 308]);
  });

  it('repairs each conversation on its own turn, side by side', async () => {
    const first = conversation(['Synergy in a cup.']);
    const second = conversation(['Oat milk synergy.']);
    const checked = await checkRunVariants(embedder, ['Synergy in a cup.', 'Oat milk synergy.'], context);
    const model = new FakeChatModel([fixes('A cup worth the wait.'), fixes('Oat milk, on the house today.')]);
    const repaired = await repairVariants({ chatModel: model, embedder }, checked, { answers: [first[0]!, second[0]!], shape: shape(2), context, usage });
    expect(model.requests).toHaveLength(2);
    expect(model.requests.map((request) => request.messages[2]?.content)).toEqual([first[0]!.conversation.reply, second[0]!.conversation.reply]);
    expect([repairTurn(model, 0), repairTurn(model, 1)]).toEqual(['PROBLEMS: {"1":["banned word \\"synergy\\""]}', 'PROBLEMS: {"1":["banned word \\"synergy\\""]}']);
    expect(repaired.map((variant) => variant.text)).toEqual(['A cup worth the wait.', 'Oat milk, on the house today.']);
  });

  it('asks a model with parallel sequences for a conversation’s fixes in one request', async () => {
    const texts = ['Synergy in a cup.', 'Oat milk synergy.'];
    const checked = await checkRunVariants(embedder, texts, context);
    const model = new ParallelChatModel([fixes('A cup worth the wait.', 'Oat milk, on the house today.')]);
    const repaired = await repairVariants({ chatModel: model, embedder }, checked, { answers: conversation(texts), shape: shape(2), context, usage });
    expect(model.requests).toHaveLength(1);
    expect(repaired.every((variant) => variant.valid)).toBe(true);
  });

  it('skips a failing variant that has no conversation to continue', async () => {
    const checked = await checkRunVariants(embedder, ['Cold brew is back.', 'Synergy in a cup.'], context);
    const model = new FakeChatModel([]);
    const repaired = await repairVariants({ chatModel: model, embedder }, checked, { answers: conversation(['Cold brew is back.']), shape: shape(2), context, usage });
    expect(repaired).toBe(checked);
    expect(model.requests).toHaveLength(0);
  });

  it('takes a fix that breaks as many rules or fewer, and keeps the original when the fix breaks more', async () => {
    const texts = ['Synergy in a cup.', 'Oat milk synergy.'];
    const checked = await checkRunVariants(embedder, texts, context);
    // One rule broken for one: a different one, as many as before. Two for the other: worse.
    const sideways = 'Oat milk, on the house today. #a #b #c #d #e #f';
    const worse = `Synergy again, ${'and longer still '.repeat(30)}`;
    const model = new FakeChatModel([fixes(sideways, worse)]);
    const repaired = await repairVariants({ chatModel: model, embedder }, checked, { answers: conversation(texts), shape: shape(2), context, usage });
    expect(repaired[0]?.violations.map((violation) => violation.rule)).toEqual(['hashtags']);
    expect(repaired[0]?.text).toBe(sideways);
    expect(repaired[1]?.text).toBe('Oat milk synergy.');
  });

  it('keeps the originals of a conversation whose repair answer stays malformed, and still takes the other conversations’ fixes', async () => {
    const first = conversation(['Synergy in a cup.']);
    const second = conversation(['Oat milk synergy.']);
    const checked = await checkRunVariants(embedder, ['Synergy in a cup.', 'Oat milk synergy.'], context);
    // Calls: the first conversation, the second, then the first one's retry.
    const model = new FakeChatModel([{ oops: 1 }, fixes('Oat milk, on the house today.'), { oops: 2 }]);
    const repaired = await repairVariants({ chatModel: model, embedder }, checked, { answers: [first[0]!, second[0]!], shape: shape(2), context, usage });
    expect(repaired.map((variant) => [variant.text, variant.valid])).toEqual([
      ['Synergy in a cup.', false],
      ['Oat milk, on the house today.', true],
    ]);
  });

  it('returns the variants as they are when every repair answer stays malformed', async () => {
    const texts = ['Synergy in a cup.'];
    const checked = await checkRunVariants(embedder, texts, context);
    const model = new FakeChatModel([{ oops: 1 }, { oops: 2 }]);
    const repaired = await repairVariants({ chatModel: model, embedder }, checked, { answers: conversation(texts), shape: shape(1), context, usage });
    expect(repaired).toBe(checked);
    expect(usage).toEqual({ promptTokens: 200, completionTokens: 20 });
  });

  it('stops when the model breaks or cannot be reached during the repair', async () => {
    const texts = ['Synergy in a cup.'];
    const checked = await checkRunVariants(embedder, texts, context);
    const round = { answers: conversation(texts), shape: shape(1), context, usage };
    await expect(repairVariants({ chatModel: new FakeChatModel([new TypeError('socket hang up')]), embedder }, checked, round)).rejects.toMatchObject({ code: 'model_failed' });
    await expect(repairVariants({ chatModel: new FakeChatModel([new ModelUnavailableError('Cannot reach the model.')]), embedder }, checked, round)).rejects.toMatchObject({
      code: 'model_unavailable',
    });
  });

  it('checks the fixes against the run again: a fix that copies another variant is marked, even with no past posts or drafts to compare with', async () => {
    const texts = ['Cold brew is back for summer.', 'Synergy in a cup.'];
    const checked = await checkRunVariants(embedder, texts, context);
    const model = new FakeChatModel([fixes('Cold brew is back for summer!')]);
    const repaired = await repairVariants({ chatModel: model, embedder }, checked, { answers: conversation(texts), shape: shape(2), context, usage });
    expect(repaired[1]?.text).toBe('Cold brew is back for summer!');
    expect(repaired[1]?.violations).toEqual([expect.objectContaining({ rule: 'near-duplicate', details: expect.objectContaining({ variant: 1 }) })]);
  });
});
