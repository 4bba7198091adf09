import { beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryStorage } from '../../../test/fakes/memory-storage.js';
import { ScriptedChatModel, type ScriptedToolResponder } from '../../adapters/llm/scripted-chat-model.js';
import type { App } from '../../app/create-app.js';
import { CancelledError } from '../../core/errors.js';
import type { GenerationResult } from '../../core/generation/index.js';
import type { ProgressListener, ToolChatMessage } from '../../core/ports.js';
import { ProfileService } from '../../core/profiles/index.js';
import { runAssistant, type AssistantEvent } from './assistant-runner.js';
import { assistantToolSpecs } from './assistant-tools.js';
import { confirmationPrompt } from './publish-confirmation.js';

/**
 * The assistant loop with the scripted chat model for the model's words and
 * an App that holds only what the tools of each test touch: profiles on the
 * in-memory storage, a generation and a publishing service that record
 * their calls.
 */

const scope = { workspace: 'team' };

const GENERATED: GenerationResult = {
  generationId: 3,
  variants: [{ postId: 11, text: 'Cold brew is back.', length: 18, limit: 280, valid: true, violations: [], voiceScore: 77, voiceNotes: [], hashtags: [] }],
  examples: [
    { postId: 1, text: 'Cold brew season is open.' },
    { postId: 2, text: 'Guji roast is back.' },
  ],
  retrieval: 'vector',
  model: 'scripted:test',
  usage: { promptTokens: 1000, completionTokens: 200 },
  latencyMs: 5,
};

const PREVIEW = { postId: 9, platform: 'mastodon', status: 'approved', account: '@acme@social.example', parts: ['Hello fediverse.'], problems: [], manual: null };

interface Fixture {
  app: App;
  storage: MemoryStorage;
  generate: ReturnType<typeof vi.fn>;
  preview: ReturnType<typeof vi.fn>;
  publishNow: ReturnType<typeof vi.fn>;
}

function fixture(): Fixture {
  const storage = new MemoryStorage();
  const generate = vi.fn(async (_scope: unknown, input: { onProgress?: ProgressListener }) => {
    input.onProgress?.({ phase: 'examples', message: 'Found 2 past posts' });
    input.onProgress?.({ phase: 'writing', done: 1, total: 3, unit: 'variants' });
    input.onProgress?.({ phase: 'checking', done: 0, total: 1 });
    input.onProgress?.({ phase: 'scoring' });
    return GENERATED;
  });
  const preview = vi.fn(async () => PREVIEW);
  const publishNow = vi.fn(async () => ({ outcome: 'failed', url: null, error: 'stand-in' }));
  const app = {
    profiles: new ProfileService(storage.profiles),
    generation: async () => ({ generate }),
    publishing: async () => ({ preview, publishNow }),
  } as unknown as App;
  return { app, storage, generate, preview, publishNow };
}

async function run(
  f: Fixture,
  turns: ScriptedToolResponder,
  messages: ToolChatMessage[] = [{ role: 'user', content: 'Hello' }],
  signal: AbortSignal = new AbortController().signal,
): Promise<{ text: string; events: AssistantEvent[]; model: ScriptedChatModel; usage: { promptTokens: number; completionTokens: number } }> {
  const model = new ScriptedChatModel({ turns });
  const events: AssistantEvent[] = [];
  const answer = await runAssistant({ app: f.app, scope, model, messages, signal, onEvent: (event) => events.push(event) });
  return { ...answer, events, model };
}

/** The tool results the model was sent by its last turn (the runner grows one conversation), parsed. */
function toolResults(model: ScriptedChatModel): Array<{ toolCallId: string | undefined; content: Record<string, unknown> }> {
  return model.toolCalls
    .at(-1)!
    .messages.filter((message) => message.role === 'tool')
    .map((message) => ({ toolCallId: message.toolCallId, content: JSON.parse(message.content) as Record<string, unknown> }));
}

const statuses = (events: AssistantEvent[]) => events.filter((event) => event.type === 'status').map((event) => (event.type === 'status' ? [event.description, event.done] : []));

let f: Fixture;
beforeEach(async () => {
  f = fixture();
  await f.app.profiles.create(scope, { handle: 'acme', displayName: 'Acme' });
});

describe('runAssistant: the model answers in words', () => {
  it('streams the words, says Done, and counts the tokens of every turn', async () => {
    const { text, events, model, usage } = await run(f, () => ({ text: 'Hello there, how can I help?' }));
    expect(text).toBe('Hello there, how can I help?');
    expect(events.filter((event) => event.type === 'content').map((event) => (event.type === 'content' ? event.text : ''))).toEqual(['Hello ', 'there, ', 'how ', 'can ', 'I ', 'help?']);
    expect(events.at(-1)).toEqual({ type: 'status', description: 'Done', done: true });
    expect(model.toolCalls).toHaveLength(1);
    expect(usage.promptTokens).toBeGreaterThan(0);
    expect(usage.completionTokens).toBeGreaterThan(0);
  });

  it('puts its system prompt before the conversation and offers the assistant tools', async () => {
    const messages: ToolChatMessage[] = [
      { role: 'system', content: 'The user is Sam.' },
      { role: 'user', content: 'Hello' },
    ];
    const { model } = await run(f, () => ({ text: 'Hi Sam.' }), messages);
    const request = model.toolCalls[0]!;
    expect(request.messages[0]!.role).toBe('system');
    expect(request.messages[0]!.content).toMatch(/^You are the Social Media Manager Assistant\./);
    expect(request.messages[0]!.content).toContain('call it with confirm: true only after the user replied yes');
    expect(request.messages.slice(1)).toEqual(messages);
    expect(request.tools).toEqual(assistantToolSpecs());
    expect(request.temperature).toBe(0.3);
  });

  it('fails with model_failed, saying what to check, when the model says nothing and calls nothing', async () => {
    for (const silence of ['', '  \n ']) {
      const events: AssistantEvent[] = [];
      const model = new ScriptedChatModel({ turns: () => ({ text: silence }) });
      const failure = runAssistant({ app: f.app, scope, model, messages: [{ role: 'user', content: 'Hello' }], signal: new AbortController().signal, onEvent: (event) => events.push(event) });
      await expect(failure).rejects.toMatchObject({ code: 'model_failed', message: 'The model returned an empty reply.', hint: expect.stringContaining('SMM_MODEL') });
      expect(events.some((event) => event.type === 'status' && event.done)).toBe(false);
    }
  });
});

describe('runAssistant: tool calls', () => {
  it('runs a tool, answers the call by its id, and lets the model answer from the result', async () => {
    const { text, events, model } = await run(f, (messages) =>
      messages.at(-1)!.role === 'tool' ? { text: 'You have @acme.' } : { toolCalls: [{ name: 'list_profiles', args: {} }] },
    );
    expect(text).toBe('You have @acme.');
    const [result] = toolResults(model);
    expect(result!.toolCallId).toBe('call_1_1');
    expect((result!.content.profiles as Array<{ handle: string }>).map((profile) => profile.handle)).toEqual(['acme']);
    expect(model.toolCalls[1]!.messages.at(-2)).toEqual({ role: 'assistant', content: '', toolCalls: [{ id: 'call_1_1', name: 'list_profiles', args: {} }] });
    expect(statuses(events)).toEqual([
      ['List profiles…', false],
      ['List profiles: done', true],
      ['Done', true],
    ]);
  });

  it('answers a call to a tool that does not exist with the list of tools, and still runs the good call beside it', async () => {
    const { text, events, model } = await run(f, (messages) =>
      messages.at(-1)!.role === 'tool'
        ? { text: 'Sorted.' }
        : {
            toolCalls: [
              { name: 'delete_profile', args: { handle: 'acme' } },
              { name: 'list_profiles', args: {} },
            ],
          },
    );
    expect(text).toBe('Sorted.');
    const [unknown, known] = toolResults(model);
    expect(unknown!.toolCallId).toBe('call_1_1');
    const error = unknown!.content.error as string;
    expect(error).toMatch(/^There is no tool "delete_profile"\. Tools: list_profiles, /);
    expect(error).toContain('publish_post');
    expect(known!.toolCallId).toBe('call_1_2');
    expect(known!.content.profiles).toHaveLength(1);
    // The made-up tool shows no status line of its own.
    expect(statuses(events).map(([description]) => description)).toEqual(['List profiles…', 'List profiles: done', 'Done']);
    expect(await f.app.profiles.list(scope)).toHaveLength(1);
  });

  it('turns arguments of the wrong shape into an invalid_input error naming the field, for the model to correct', async () => {
    const { text, events, model } = await run(f, (messages, _tools, callIndex) => {
      if (callIndex === 0) return { toolCalls: [{ name: 'get_profile', args: { handle: 42 } }] };
      if (callIndex === 1) return { toolCalls: [{ name: 'get_profile', args: { handle: 'acme' } }] };
      return { text: `Got ${(JSON.parse(messages.at(-1)!.content) as { handle: string }).handle}.` };
    });
    expect(text).toBe('Got acme.');
    const [first, second] = toolResults(model);
    expect(first!.toolCallId).toBe('call_1_1');
    const error = first!.content.error as { code: string; message: string; hint: string };
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(/^Invalid arguments of get_profile: handle: /);
    expect(error.hint).toBe('Fix the fields named above and try again.');
    expect(second!.content.handle).toBe('acme');
    expect(statuses(events)).toContainEqual(['Get a profile: failed', true]);
  });

  it('answers a call whose arguments are not JSON with an error naming the tool, and answers the user once the model calls again', async () => {
    const { text, events, model } = await run(f, (messages, _tools, callIndex) => {
      if (callIndex === 0) return { toolCalls: [{ name: 'get_profile', rawArgs: '{"handle": acme}' }] };
      if (callIndex === 1) return { toolCalls: [{ name: 'get_profile', args: { handle: 'acme' } }] };
      return { text: `Got ${(JSON.parse(messages.at(-1)!.content) as { handle: string }).handle}.` };
    });
    expect(text).toBe('Got acme.');
    expect(model.toolCalls).toHaveLength(3);
    const [first, second] = toolResults(model);
    expect(first!.toolCallId).toBe('call_1_1');
    const error = first!.content.error as { code: string; message: string; hint: string };
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(/^The arguments of get_profile were not valid JSON \(.+\): \{"handle": acme\}$/);
    expect(error.hint).toBe('Call get_profile again with its arguments as one JSON object.');
    expect(second!.content.handle).toBe('acme');
    // The bad call was answered, not run: only the second call shows a status line.
    expect(statuses(events)).toEqual([
      ['Get a profile…', false],
      ['Get a profile: done', true],
      ['Done', true],
    ]);
  });

  it('answers a nameless call with unparsable arguments too, and runs the good call beside it', async () => {
    const { text, model } = await run(f, (messages) =>
      messages.at(-1)!.role === 'tool'
        ? { text: 'Listed.' }
        : {
            toolCalls: [
              { name: '', rawArgs: '' },
              { name: 'list_profiles', args: {} },
            ],
          },
    );
    expect(text).toBe('Listed.');
    const [bad, good] = toolResults(model);
    expect(bad!.content.error).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/^The arguments were not valid JSON \(.+\): \(none\)$/), hint: 'Call the tool again with its arguments as one JSON object.' });
    expect(good!.content.profiles).toHaveLength(1);
  });

  it('takes missing arguments as an empty object, so defaults apply', async () => {
    const { model } = await run(f, (messages) =>
      messages.at(-1)!.role === 'tool' ? { text: 'Listed.' } : { toolCalls: [{ name: 'list_profiles', args: null as unknown as Record<string, unknown> }] },
    );
    expect(toolResults(model)[0]!.content.profiles).toHaveLength(1);
  });

  it("feeds a tool's own error back with its hint, and hides an unexpected failure's text", async () => {
    const missing = await run(f, (messages) => (messages.at(-1)!.role === 'tool' ? { text: 'No such profile.' } : { toolCalls: [{ name: 'get_profile', args: { handle: 'nobody' } }] }));
    expect(toolResults(missing.model)[0]!.content.error).toMatchObject({ code: 'not_found', hint: expect.stringContaining('acme') });

    vi.spyOn(f.storage.profiles, 'list').mockRejectedValue(new Error('SQLITE_BUSY at /srv/secret/smm.sqlite'));
    const broken = await run(f, (messages) => (messages.at(-1)!.role === 'tool' ? { text: 'Something broke.' } : { toolCalls: [{ name: 'list_profiles', args: {} }] }));
    expect(broken.text).toBe('Something broke.');
    const content = toolResults(broken.model)[0]!.content;
    expect(content.error).toMatchObject({ code: 'internal', message: 'The server failed while handling this request.' });
    expect(JSON.stringify(content)).not.toContain('secret');
    expect(statuses(broken.events)).toContainEqual(['List profiles: failed', true]);
  });

  it('stops at once, without asking the model again, when the request is cancelled during a tool', async () => {
    const controller = new AbortController();
    vi.spyOn(f.storage.profiles, 'list').mockImplementation(async () => {
      controller.abort();
      throw new CancelledError('The request was cancelled.');
    });
    const model = new ScriptedChatModel({ turns: () => ({ toolCalls: [{ name: 'list_profiles', args: {} }] }) });
    const answer = runAssistant({ app: f.app, scope, model, messages: [{ role: 'user', content: 'Hello' }], signal: controller.signal, onEvent: () => undefined });
    await expect(answer).rejects.toMatchObject({ code: 'cancelled' });
    expect(model.toolCalls).toHaveLength(1);
  });

  it('gives up after six rounds of tool calls, keeping what was said and saying why it stopped', async () => {
    const { text, events, model } = await run(f, (_messages, _tools, callIndex) => ({ text: callIndex === 0 ? 'Looking.' : '', toolCalls: [{ name: 'list_profiles', args: {} }] }));
    expect(model.toolCalls).toHaveLength(6);
    expect(text).toBe('Looking.\n\nI stopped after 6 rounds of tool calls without a final answer. Please rephrase or split the request.');
    expect(events.at(-1)).toEqual({ type: 'status', description: 'Stopped', done: true });
    expect(statuses(events).filter(([description]) => description === 'List profiles: done')).toHaveLength(6);
  });
});

describe('runAssistant: generated variants', () => {
  it('shows the variants itself after the words so far, cites the examples, reports progress and counts the generation tokens', async () => {
    const script: ScriptedToolResponder = (messages) =>
      messages.at(-1)!.role === 'tool' ? { text: 'I would pick variant 1.' } : { text: 'On it.', toolCalls: [{ name: 'generate_posts', args: { handle: 'acme', platform: 'x', topic: 'cold brew', n: 1 } }] };
    const { text, events, model, usage } = await run(f, script);

    expect(text).toMatch(/^On it\.\n\n\*\*Variant 1\*\* · draft #11 · x\n\n> Cold brew is back\.\n\n18 \/ 280 characters · voice 77\/100 · ✅ fits\n/);
    expect(text).toContain('_Written from 2 past posts (#1, #2; similarity search)._');
    expect(text.endsWith('\nI would pick variant 1.')).toBe(true);
    expect(f.generate).toHaveBeenCalledWith(scope, expect.objectContaining({ handle: 'acme', platform: 'x', topic: 'cold brew', n: 1, thread: false }));

    expect(events.filter((event) => event.type === 'source')).toEqual([
      { type: 'source', name: 'Past post #1', text: 'Cold brew season is open.' },
      { type: 'source', name: 'Past post #2', text: 'Guji roast is back.' },
    ]);
    expect(statuses(events).map(([description]) => description)).toEqual([
      'Write new posts in a profile’s voice…',
      'Found 2 past posts',
      'writing: 1/3 variants…',
      'checking: 0/1…',
      'scoring…',
      'Write new posts in a profile’s voice: done',
      'Done',
    ]);

    const forModel = toolResults(model)[0]!.content;
    expect(forModel).toMatchObject({ shownToUser: true, generationId: 3, examples: [1, 2] });
    expect(model.toolCalls).toHaveLength(2);
    // The two model turns cost far less than the generation's 1000 + 200.
    expect(usage.promptTokens).toBeGreaterThanOrEqual(1000);
    expect(usage.completionTokens).toBeGreaterThanOrEqual(200);
  });

  it('starts the variants on a fresh paragraph only when words came before them', async () => {
    const { text } = await run(f, (messages) =>
      messages.at(-1)!.role === 'tool' ? { text: 'Pick one.' } : { toolCalls: [{ name: 'generate_posts', args: { handle: 'acme', platform: 'x', topic: 'cold brew' } }] },
    );
    expect(text.startsWith('**Variant 1** · draft #11 · x\n')).toBe(true);
  });
});

describe('runAssistant: publishing needs the person to say yes', () => {
  const eager: ScriptedToolResponder = (messages) =>
    messages.at(-1)!.role === 'tool' ? { text: 'Over to you.' } : { toolCalls: [{ name: 'publish_post', args: { id: 9, confirm: true } }] };

  it('turns a confirm the person never gave into a preview, shows it, and tells the model nothing was sent', async () => {
    const { text, model } = await run(f, eager, [{ role: 'user', content: 'publish post 9' }]);
    expect(f.publishNow).not.toHaveBeenCalled();
    expect(f.preview).toHaveBeenCalledWith(scope, 9);
    expect(text).toBe(`**Ready to publish post 9 to mastodon as @acme@social.example:**\n\n> Hello fediverse.\n\n${confirmationPrompt(9)}\nOver to you.`);
    expect(toolResults(model)[0]!.content).toMatchObject({
      shownToUser: true,
      needsConfirmation: true,
      published: false,
      instruction: 'Nothing was sent. Ask the user to confirm; publish only after they reply yes.',
    });
  });

  it('publishes when the last message is a yes to the preview of that post', async () => {
    const messages: ToolChatMessage[] = [
      { role: 'user', content: 'publish post 9' },
      { role: 'assistant', content: `Preview…\n\n${confirmationPrompt(9)}` },
      { role: 'user', content: 'yes, publish post 9' },
    ];
    const { model } = await run(f, eager, messages);
    expect(f.publishNow).toHaveBeenCalledWith(scope, 9);
    expect(f.preview).not.toHaveBeenCalled();
    expect(toolResults(model)[0]!.content).toEqual({ outcome: 'failed', url: null, error: 'stand-in' });
  });

  it("does not let a yes to one post's preview publish another post", async () => {
    const messages: ToolChatMessage[] = [
      { role: 'assistant', content: confirmationPrompt(8) },
      { role: 'user', content: 'yes' },
    ];
    await run(f, eager, messages);
    expect(f.publishNow).not.toHaveBeenCalled();
    expect(f.preview).toHaveBeenCalledWith(scope, 9);
  });

  it('publishes nothing when the model slips past the guard with arguments of the wrong type', async () => {
    const messages: ToolChatMessage[] = [
      { role: 'assistant', content: confirmationPrompt(9) },
      { role: 'user', content: 'no' },
    ];
    for (const args of [{ id: '9', confirm: true }, { id: 9, confirm: 'true' }]) {
      const { model } = await run(f, (history) => (history.at(-1)!.role === 'tool' ? { text: 'Hm.' } : { toolCalls: [{ name: 'publish_post', args }] }), messages);
      expect(toolResults(model)[0]!.content.error, JSON.stringify(args)).toMatchObject({ code: 'invalid_input' });
    }
    expect(f.publishNow).not.toHaveBeenCalled();
    expect(f.preview).not.toHaveBeenCalled();
  });

  it("does not count the model's own words of this turn as the preview the person saw", async () => {
    const selfConfirming: ScriptedToolResponder = (messages) =>
      messages.at(-1)!.role === 'tool' ? { text: 'Done.' } : { text: `${confirmationPrompt(9)} `, toolCalls: [{ name: 'publish_post', args: { id: 9, confirm: true } }] };
    await run(f, selfConfirming, [{ role: 'user', content: 'yes' }]);
    expect(f.publishNow).not.toHaveBeenCalled();
    expect(f.preview).toHaveBeenCalledTimes(1);
  });
});
