import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScriptedChatModel, type ScriptedToolTurn } from '../src/adapters/llm/scripted-chat-model.js';
import { sampleFromSchema } from '../src/adapters/llm/schema-sample.js';
import type { ToolChatMessage, ToolSpec } from '../src/core/ports.js';
import { seedProfile, startHarness, type Harness } from './http-harness.js';

/**
 * /v1 driven by the official openai client over a real HTTP listener, with
 * the scripted chat model calling our tools through the ChatModel port (the
 * same model instance writes the generated variants): the stream parses,
 * status events and usage arrive, tool calls never reach the client.
 */

const toolNamesSeen: string[][] = [];

/** The script: decides from the last message, like a tool-calling model would. */
function script(messages: readonly ToolChatMessage[], tools: readonly ToolSpec[]): ScriptedToolTurn {
  toolNamesSeen.push(tools.map((tool) => tool.name));
  const last = messages[messages.length - 1]!;
  if (messages.some((message) => message.role === 'user' && message.content === 'keep calling')) return { toolCalls: [{ name: 'list_profiles', args: {} }] };
  if (last.role === 'tool') {
    const result = JSON.parse(last.content);
    if (result.error) return { text: `Sorry: ${result.error.message}` };
    if (result.profiles) return { text: `You have ${result.profiles.map((profile: { handle: string }) => `@${profile.handle}`).join(', ')}.` };
    if (result.shownToUser) return { text: 'I would pick variant 1. Shall I approve it?' };
    return { text: `Post #${result.id} is now ${result.status}.` };
  }
  const text = last.content;
  const approve = /approve post (\d+)/.exec(text);
  if (approve) return { toolCalls: [{ name: 'approve_post', args: { id: Number(approve[1]) } }] };
  if (/write/.test(text)) return { text: 'On it. ', toolCalls: [{ name: 'generate_posts', args: { handle: 'acme', platform: 'x', topic: 'cold brew season', n: 2 } }] };
  return { toolCalls: [{ name: 'list_profiles', args: {} }] };
}

let h: Harness;
let client: OpenAI;
let draftId: number;
let model: ScriptedChatModel;

beforeAll(async () => {
  model = new ScriptedChatModel({ turns: script, replies: [(request) => ({ value: sampleFromSchema(request.jsonSchema) })], whenExhausted: 'repeat-last' });
  h = await startHarness({ chatModel: model });
  await seedProfile(h.app, 'default', 'acme');
  draftId = (await h.app.posts.add({ workspace: 'default' }, 'acme', { platform: 'x', text: 'A draft to approve.', status: 'draft' })).id;
  await h.server.listen({ host: '127.0.0.1', port: 0 });
  const address = h.server.server.address() as { port: number };
  client = new OpenAI({ baseURL: `http://127.0.0.1:${address.port}/v1`, apiKey: h.key, maxRetries: 0 });
});
afterAll(async () => h?.close());

describe('/v1 with the official openai client', () => {
  it('lists the assistant model', async () => {
    const models = await client.models.list();
    expect(models.data.map((model) => model.id)).toEqual(['smm-assistant']);
    expect((models.data[0] as unknown as { name: string }).name).toBeTruthy();
  });

  it('answers without streaming, after running a tool itself', async () => {
    const completion = await client.chat.completions.create({ model: 'smm-assistant', messages: [{ role: 'user', content: 'Which profiles do I have?' }] });
    const choice = completion.choices[0]!;
    expect(choice.message.content).toBe('You have @acme.');
    expect(choice.message.tool_calls).toBeUndefined();
    expect(choice.finish_reason).toBe('stop');
    expect(completion.usage!.prompt_tokens).toBeGreaterThan(0);
    expect(completion.usage!.total_tokens).toBe(completion.usage!.prompt_tokens + completion.usage!.completion_tokens);
    expect(toolNamesSeen.at(-1)).toContain('generate_posts');
    expect(toolNamesSeen.at(-1)).not.toContain('delete_profile');
  });

  it('streams text, status events and usage; tool calls never leak', async () => {
    const stream = await client.chat.completions.create({
      model: 'smm-assistant',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: `Please approve post ${draftId}` }],
    });
    let text = '';
    const events: Array<{ type: string; data: { description?: string; done?: boolean } }> = [];
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) {
      const extra = chunk as unknown as { event?: (typeof events)[number] };
      if (extra.event) events.push(extra.event);
      if (chunk.usage) usage = chunk.usage;
      for (const choice of chunk.choices) {
        expect(choice.delta.tool_calls).toBeUndefined();
        text += choice.delta.content ?? '';
      }
    }
    expect(text).toBe(`Post #${draftId} is now approved.`);
    expect((await h.app.posts.get({ workspace: 'default' }, draftId)).post.status).toBe('approved');
    expect(events.some((event) => event.type === 'status' && event.data.done === false)).toBe(true);
    expect(events.at(-1)).toEqual({ type: 'status', data: { description: 'Done', done: true } });
    expect(usage!.completion_tokens).toBeGreaterThan(0);
  });

  it('shows generated variants in Markdown with length / limit and voice score, and cites the examples', async () => {
    const stream = await client.chat.completions.create({ model: 'smm-assistant', stream: true, messages: [{ role: 'user', content: 'write two posts about cold brew' }] });
    let text = '';
    const events: Array<{ type: string; data: Record<string, unknown> }> = [];
    for await (const chunk of stream) {
      const extra = chunk as unknown as { event?: (typeof events)[number] };
      if (extra.event) events.push(extra.event);
      for (const choice of chunk.choices) {
        expect(choice.delta.tool_calls).toBeUndefined();
        text += choice.delta.content ?? '';
      }
    }
    expect(text).toMatch(/^On it\. /);
    expect(text).toContain('**Variant 1**');
    expect(text).toContain('**Variant 2**');
    expect(text).toMatch(/\d+ \/ 280 characters · voice (\d+\/100|score n\/a)/);
    expect(text).toContain('I would pick variant 1.');
    expect(events.filter((event) => event.type === 'status').length).toBeGreaterThan(2);
    // Each variant is reported as it lands, before the answer.
    expect(events.filter((event) => event.type === 'status' && /^Variant \d of 2 written after/.test(String(event.data.description)))).toHaveLength(2);
    expect(events.some((event) => event.type === 'source')).toBe(true);
  });

  it('reports a bad request in the error shape', async () => {
    await expect(client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({ status: 404 });
    await expect(client.chat.completions.create({ model: 'smm-assistant', messages: [] })).rejects.toMatchObject({ status: 400 });
  });
});

describe('/v1 through the chat model port', () => {
  it('sends each tool call back to the model as a tool message answering that call', async () => {
    const from = model.toolCalls.length;
    await client.chat.completions.create({ model: 'smm-assistant', messages: [{ role: 'user', content: 'Which profiles do I have?' }] });
    const [first, second] = model.toolCalls.slice(from);
    expect(first!.messages[0]!.role).toBe('system');
    expect(first!.tools.map((tool) => tool.name)).toContain('list_profiles');
    const call = second!.messages.at(-2)!;
    const result = second!.messages.at(-1)!;
    expect(call.role).toBe('assistant');
    expect(call.toolCalls).toEqual([{ id: expect.any(String), name: 'list_profiles', args: {} }]);
    expect(result).toMatchObject({ role: 'tool', toolCallId: call.toolCalls![0]!.id });
    expect(JSON.parse(result.content).profiles[0].handle).toBe('acme');
  });

  it('feeds a failed tool back to the model as an error it can explain', async () => {
    const completion = await client.chat.completions.create({ model: 'smm-assistant', messages: [{ role: 'user', content: 'approve post 999999' }] });
    expect(completion.choices[0]!.message.content).toMatch(/^Sorry: .*999999/);
  });
});

describe('/v1 with a model that never stops calling tools', () => {
  it('stops after a bounded number of rounds and says so', async () => {
    const from = model.toolCalls.length;
    const completion = await client.chat.completions.create({ model: 'smm-assistant', messages: [{ role: 'user', content: 'keep calling' }] });
    expect(completion.choices[0]!.message.content).toMatch(/I stopped after 6 rounds of tool calls/);
    expect(model.toolCalls.length - from).toBe(6);
  });
});

describe('/v1 with the scripted provider (SMM_LLM=scripted) and no script', () => {
  let scripted: Harness;
  beforeAll(async () => {
    scripted = await startHarness();
  });
  afterAll(async () => scripted?.close());

  it('says it has no words of its own and how to get a real assistant', async () => {
    const reply = await scripted.server.inject({ method: 'POST', url: '/v1/chat/completions', headers: scripted.auth, payload: { model: 'smm-assistant', messages: [{ role: 'user', content: 'list profiles' }] } });
    expect(reply.statusCode).toBe(200);
    expect(reply.json().choices[0].message.content).toContain('SMM_LLM to embedded, ollama or openai');
  });
});
