import { describe, expect, it } from 'vitest';
import { ModelFailedError } from '../errors.js';
import type { ChatModel, StructuredAnswer, StructuredRequest } from '../ports.js';
import { estimateTokens } from './token-estimate.js';
import { requestVariants } from './variant-request.js';

/** A model that decodes `parallel` answers side by side, answering each request with `answer`. */
function parallelModel(parallel: number, answer: (request: StructuredRequest, call: number) => unknown) {
  const requests: StructuredRequest[] = [];
  const model: ChatModel = {
    id: 'fake:parallel',
    parallelAnswers: parallel,
    async generateStructured(request): Promise<StructuredAnswer> {
      requests.push(request);
      const value = answer(request, requests.length);
      if (value instanceof Error) throw value;
      return { value, usage: { promptTokens: 100, completionTokens: 10 } };
    },
    ping: async () => undefined,
    chatWithTools: () => Promise.reject(new Error('not used')),
  };
  return { model, requests };
}

/** The item a request asks for (its retry keeps the item line earlier in the conversation). */
const itemOf = (request: StructuredRequest) => Number(/variant (\d+) of the/.exec(request.messages.map((message) => message.content).join('\n'))?.[1]);
const variant = (text: string) => ({ variants: [{ text, hashtags: [] }] });
const shape = { n: 3, maxChars: 280 };
const messages = [
  { role: 'system' as const, content: 'You write posts.' },
  { role: 'user' as const, content: 'TASK: three posts.' },
];

describe('requestVariants side by side', () => {
  it('asks a parallel model for one variant per request, naming the item, with a share of the token budget', async () => {
    const { model, requests } = parallelModel(4, (request) => variant(`Post ${itemOf(request)}.`));
    const usage = { promptTokens: 0, completionTokens: 0 };
    const seen: [string, number][] = [];
    const answered = await requestVariants(model, { messages, shape, maxTokens: 1100, onVariant: (item, index) => seen.push([item.text, index]) }, usage);
    expect(answered.map((entry) => entry.variant.text).sort()).toEqual(['Post 1.', 'Post 2.', 'Post 3.']);
    expect(requests).toHaveLength(3);
    expect(requests.map((request) => request.maxTokens)).toEqual([500, 500, 500]);
    expect(requests[0]!.messages).toEqual([
      messages[0],
      { role: 'user', content: 'TASK: three posts.\n\nITEM: write only variant 1 of the 3, as exactly 1 variant in "variants".' },
    ]);
    expect(seen.map(([, index]) => index)).toEqual([0, 1, 2]);
    expect(usage).toEqual({ promptTokens: 300, completionTokens: 30 });
  });

  it('adds the item line as its own message after a non-user message', async () => {
    const { model, requests } = parallelModel(2, (request) => variant(`Post ${itemOf(request)}.`));
    const assistantLast = [...messages, { role: 'assistant' as const, content: 'Draft.' }];
    await requestVariants(model, { messages: assistantLast, shape: { n: 2, maxChars: 280 }, maxTokens: 600 }, { promptTokens: 0, completionTokens: 0 });
    expect(requests[1]!.messages.at(-1)).toEqual({ role: 'user', content: 'ITEM: write only variant 2 of the 2, as exactly 1 variant in "variants".' });
    expect(requests[1]!.messages).toHaveLength(4);
  });

  it('leaves out a variant whose answer stays malformed, and fails only when none is left', async () => {
    const { model } = parallelModel(4, (request) => (itemOf(request) === 2 ? { nonsense: true } : variant(`Post ${itemOf(request)}.`)));
    const answered = await requestVariants(model, { messages, shape, maxTokens: 900 }, { promptTokens: 0, completionTokens: 0 });
    expect(answered.map((entry) => entry.variant.text).sort()).toEqual(['Post 1.', 'Post 3.']);

    const { model: broken } = parallelModel(4, () => ({ nonsense: true }));
    await expect(requestVariants(broken, { messages, shape, maxTokens: 900 }, { promptTokens: 0, completionTokens: 0 })).rejects.toMatchObject({
      code: 'model_failed',
      message: expect.stringContaining('twice returned output that does not match the variants format'),
    });
  });

  it('leaves out a variant whose answer the model could not finish (a problem with that answer), keeping the others', async () => {
    const cut = () => new ModelFailedError('The embedded model ran out of tokens before it closed its JSON reply.', { details: { problem: 'the reply ran out of tokens before its JSON closed' } });
    const { model } = parallelModel(4, (request) => (itemOf(request) === 1 ? cut() : variant(`Post ${itemOf(request)}.`)));
    const answered = await requestVariants(model, { messages, shape, maxTokens: 900 }, { promptTokens: 0, completionTokens: 0 });
    expect(answered.map((entry) => entry.variant.text).sort()).toEqual(['Post 2.', 'Post 3.']);
  });

  it('stops everything when the model itself fails', async () => {
    const { model } = parallelModel(4, (request) => (itemOf(request) === 3 ? new Error('context lost') : variant('Fine.')));
    const error = await requestVariants(model, { messages, shape, maxTokens: 900 }, { promptTokens: 0, completionTokens: 0 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ModelFailedError);
    expect(error).toMatchObject({ message: 'The model "fake:parallel" failed: context lost', hint: 'Check the model with {{`smm doctor`|the doctor operation}}, then try again.' });
  });

  it('asks in one request when the model answers one at a time, for one variant, or for a repair round', async () => {
    const all = (n: number) => ({ variants: Array.from({ length: n }, (_, index) => ({ text: `Post ${index + 1}.`, hashtags: [] })) });
    const serial = parallelModel(1, () => all(3));
    await requestVariants(serial.model, { messages, shape, maxTokens: 900 }, { promptTokens: 0, completionTokens: 0 });
    expect(serial.requests).toHaveLength(1);
    expect(serial.requests[0]!.maxTokens).toBe(900);
    const single = parallelModel(4, () => all(1));
    await requestVariants(single.model, { messages, shape: { n: 1, maxChars: 280 }, maxTokens: 900 }, { promptTokens: 0, completionTokens: 0 });
    expect(single.requests).toHaveLength(1);
    // One variant is asked for in the request as it is, without an item line, with the whole budget.
    expect(single.requests[0]!.messages).toEqual(messages);
    expect(single.requests[0]!.maxTokens).toBe(900);
    const repair = parallelModel(4, () => all(3));
    await requestVariants(repair.model, { messages, shape, maxTokens: 900, sideBySide: false }, { promptTokens: 0, completionTokens: 0 });
    expect(repair.requests).toHaveLength(1);
  });

  it('names the shape again when the first answer is malformed, then accepts the second', async () => {
    const { model, requests } = parallelModel(1, (_request, call) => (call === 1 ? { variants: 'no' } : { variants: [{ text: 'Post.', hashtags: [] }] }));
    const answered = await requestVariants(model, { messages, shape: { n: 1, maxChars: 280 }, maxTokens: 900 }, { promptTokens: 0, completionTokens: 0 });
    expect(answered.map((entry) => entry.variant.text)).toEqual(['Post.']);
    expect(requests[1]!.messages.at(-1)!.content).toMatch(/Reply again with JSON only, exactly 1 variant: \{"variants"/);
  });

  it('refuses to start, and stops after a failed call, once the caller cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const { model, requests } = parallelModel(1, () => variant('x'));
    await expect(requestVariants(model, { messages, shape: { n: 1, maxChars: 280 }, maxTokens: 900, signal: controller.signal }, { promptTokens: 0, completionTokens: 0 })).rejects.toMatchObject({
      code: 'cancelled',
      message: 'Generation was cancelled; nothing was saved.',
    });
    expect(requests).toHaveLength(0);
    const during = new AbortController();
    const failing = parallelModel(1, () => {
      during.abort();
      return new Error('aborted by signal');
    });
    await expect(requestVariants(failing.model, { messages, shape: { n: 1, maxChars: 280 }, maxTokens: 900, signal: during.signal }, { promptTokens: 0, completionTokens: 0 })).rejects.toMatchObject({
      code: 'cancelled',
    });
  });

  it('rounds each side-by-side share of the token budget up', async () => {
    const { model, requests } = parallelModel(4, (request) => variant(`Post ${itemOf(request)}.`));
    // (1,002 − 200) ÷ 3 = 267.3, rounded up to 268, + 200.
    await requestVariants(model, { messages, shape, maxTokens: 1002 }, { promptTokens: 0, completionTokens: 0 });
    expect(requests.map((request) => request.maxTokens)).toEqual([468, 468, 468]);
  });

  it('announces each variant of a single request in order, once all are parsed', async () => {
    const serial = parallelModel(1, () => ({ variants: [1, 2, 3].map((n) => ({ text: `Post ${n}.`, hashtags: [] })) }));
    const seen: Array<[string, number]> = [];
    await requestVariants(serial.model, { messages, shape, maxTokens: 900, onVariant: (item, index) => seen.push([item.text, index]) }, { promptTokens: 0, completionTokens: 0 });
    expect(seen).toEqual([
      ['Post 1.', 0],
      ['Post 2.', 1],
      ['Post 3.', 2],
    ]);
  });

  it('quotes a malformed answer back cut to 400 tokens, and names the settings to change after a second one', async () => {
    const rambling = 'word '.repeat(3_000);
    const { model, requests } = parallelModel(1, () => rambling);
    const error = await requestVariants(model, { messages, shape, maxTokens: 900 }, { promptTokens: 0, completionTokens: 0 }).catch((caught: unknown) => caught);
    const quoted = requests[1]!.messages.at(-2)!;
    expect(quoted.role).toBe('assistant');
    expect(estimateTokens(quoted.content)).toBeLessThanOrEqual(400);
    expect(quoted.content.endsWith('…')).toBe(true);
    expect(requests[1]!.messages.at(-1)!.content).toContain('exactly 3 variants: {"variants"');
    expect(error).toMatchObject({ code: 'model_failed', hint: expect.stringContaining('SMM_LLM and SMM_MODEL') });
  });
});
