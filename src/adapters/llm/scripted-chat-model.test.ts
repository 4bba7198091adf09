import { describe, expect, it } from 'vitest';
import { CancelledError, ModelFailedError, ModelUnavailableError } from '../../core/errors.js';
import type { StructuredRequest } from '../../core/ports.js';
import { ScriptedChatModel } from './scripted-chat-model.js';

const request = (extra: Partial<StructuredRequest> = {}): StructuredRequest => ({
  messages: [{ role: 'user', content: 'Write 2 variants.' }],
  jsonSchema: { type: 'object' },
  schemaName: 'variants',
  ...extra,
});

describe('ScriptedChatModel', () => {
  it('answers in order, records the calls and throws when the script runs out', async () => {
    const model = new ScriptedChatModel({ replies: [{ value: { a: 1 }, usage: { promptTokens: 10, completionTokens: 3 } }, { value: { a: 2 } }] });
    expect(await model.generateStructured(request())).toEqual({ value: { a: 1 }, usage: { promptTokens: 10, completionTokens: 3 } });
    const second = await model.generateStructured(request({ schemaName: 'again' }));
    expect(second.value).toEqual({ a: 2 });
    expect(second.usage.completionTokens).toBeGreaterThan(0);
    await expect(model.generateStructured(request())).rejects.toBeInstanceOf(ModelUnavailableError);
    expect(model.calls.map((call) => call.schemaName)).toEqual(['variants', 'again', 'variants']);
  });

  it('writes replies from the request, repeats or cycles when asked', async () => {
    const model = new ScriptedChatModel({
      replies: [(call, index) => ({ value: { count: Number(/\d+/.exec(call.messages[0]!.content)![0]), index } })],
      whenExhausted: 'repeat-last',
    });
    expect((await model.generateStructured(request())).value).toEqual({ count: 2, index: 0 });
    expect((await model.generateStructured(request())).value).toEqual({ count: 2, index: 1 });
    const cycling = new ScriptedChatModel({ replies: [{ value: 1 }, { value: 2 }], whenExhausted: 'cycle' });
    const values = [];
    for (let i = 0; i < 4; i += 1) values.push((await cycling.generateStructured(request())).value);
    expect(values).toEqual([1, 2, 1, 2]);
  });

  it('streams the JSON text as tokens and returns a copy of the value', async () => {
    const scripted = { variants: [{ text: 'Hello ☕' }] };
    const model = ScriptedChatModel.instant(scripted);
    const tokens: string[] = [];
    const result = await model.generateStructured(request({ onToken: (token) => tokens.push(token) }));
    expect(tokens.join('')).toBe(JSON.stringify(scripted));
    (result.value as typeof scripted).variants[0]!.text = 'changed';
    expect((await model.generateStructured(request())).value).toEqual(scripted);
  });

  it('throws scripted errors and honours the abort signal during a delay', async () => {
    const failing = new ScriptedChatModel({ replies: [{ error: new ModelFailedError('boom') }] });
    await expect(failing.generateStructured(request())).rejects.toThrow('boom');
    const slow = new ScriptedChatModel({ replies: [{ value: 1, delayMs: 10_000 }] });
    const controller = new AbortController();
    const pending = slow.generateStructured(request({ signal: controller.signal }));
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(CancelledError);
  });

  it('fails ping when scripted to', async () => {
    await expect(ScriptedChatModel.instant(1).ping()).resolves.toBeUndefined();
    const down = new ScriptedChatModel({ replies: [{ value: 1 }], pingError: new ModelUnavailableError('down') });
    await expect(down.ping()).rejects.toThrow('down');
  });

  it('scripts tool turns: words streamed one by one, calls with distinct ids, errors thrown, and says when none are scripted', async () => {
    const tools = [{ name: 'list_profiles', description: 'Lists profiles.', parameters: { type: 'object' } }];
    const model = new ScriptedChatModel({
      turns: (messages, offered, callIndex) => {
        if (callIndex === 2) return { error: new ModelFailedError('scripted failure') };
        return messages.at(-1)?.role === 'tool' ? { text: 'You have @acme.' } : { text: 'Looking. ', toolCalls: [{ name: offered[0]!.name, args: {} }, { name: offered[0]!.name, args: { limit: 1 } }] };
      },
    });
    const tokens: string[] = [];
    const first = await model.chatWithTools({ messages: [{ role: 'user', content: 'Profiles?' }], tools, onToken: (token) => tokens.push(token) });
    expect(first.text).toBe('Looking. ');
    expect(tokens).toEqual(['Looking. ']);
    expect(first.toolCalls.map((call) => call.name)).toEqual(['list_profiles', 'list_profiles']);
    expect(new Set(first.toolCalls.map((call) => call.id)).size).toBe(2);
    expect(first.usage.promptTokens).toBeGreaterThan(0);
    const second = await model.chatWithTools({ messages: [{ role: 'tool', toolCallId: first.toolCalls[0]!.id, content: '{}' }], tools });
    expect(second).toMatchObject({ text: 'You have @acme.', toolCalls: [] });
    expect(second.toolCalls).toEqual([]);
    await expect(model.chatWithTools({ messages: [{ role: 'user', content: 'again' }], tools })).rejects.toThrow('scripted failure');
    expect(model.toolCalls).toHaveLength(3);
    await expect(new ScriptedChatModel({ replies: [{ value: 1 }] }).chatWithTools({ messages: [], tools })).rejects.toBeInstanceOf(ModelUnavailableError);
    await expect(new ScriptedChatModel({ turns: () => ({ text: 'x' }) }).generateStructured(request())).rejects.toBeInstanceOf(ModelUnavailableError);
  });
});
