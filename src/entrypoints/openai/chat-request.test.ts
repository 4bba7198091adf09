import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.js';
import { ASSISTANT_MODEL_ID, parseChatRequest, toChatMessages, type ChatRequest } from './chat-request.js';

function failure(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

const user = (content: ChatRequest['messages'][number]['content']) => ({ role: 'user', content });

describe('parseChatRequest', () => {
  it('keeps what the assistant reads and accepts the OpenAI fields it ignores', () => {
    const request = parseChatRequest({
      model: ASSISTANT_MODEL_ID,
      messages: [{ role: 'user', content: 'hi', name: 'sam' }],
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0.2,
      tools: [{ type: 'function' }],
    });
    expect(request).toMatchObject({ model: 'smm-assistant', stream: true, stream_options: { include_usage: true }, temperature: 0.2 });
    expect(request.messages).toEqual([{ role: 'user', content: 'hi', name: 'sam' }]);
    // Clients send null for options they leave unset.
    expect(parseChatRequest({ model: 'smm-assistant', messages: [user(null)], stream: null, stream_options: null }).stream).toBeNull();
  });

  it('says how to write a request when there is no body at all', () => {
    const error = failure(() => parseChatRequest(undefined));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toBe('The request has no body.');
    expect(error.hint).toBe('Send {"model": "smm-assistant", "messages": [{"role": "user", "content": "…"}]}.');
  });

  it('names the model to use when it is missing or empty', () => {
    for (const body of [{ messages: [user('hi')] }, { model: '', messages: [user('hi')] }]) {
      const error = failure(() => parseChatRequest(body));
      expect(error.code).toBe('invalid_input');
      expect(error.message).toContain('model');
    }
    expect(failure(() => parseChatRequest({ model: '', messages: [user('hi')] })).message).toBe(
      'Invalid chat completion request: model: model is required: use "smm-assistant".',
    );
  });

  it('refuses an empty conversation, and one too long to be a chat', () => {
    expect(failure(() => parseChatRequest({ model: 'smm-assistant', messages: [] })).message).toBe(
      'Invalid chat completion request: messages: messages must hold at least one message.',
    );
    const long = Array.from({ length: 501 }, () => user('again'));
    const error = failure(() => parseChatRequest({ model: 'smm-assistant', messages: long }));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(/^Invalid chat completion request: messages: /);
    expect(parseChatRequest({ model: 'smm-assistant', messages: long.slice(1) }).messages).toHaveLength(500);
  });

  it('names the field of a malformed message', () => {
    const error = failure(() => parseChatRequest({ model: 'smm-assistant', messages: [user('hi'), { role: 'user', content: 42 }] }));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(/^Invalid chat completion request: messages\.1\.content: /);
    expect(error.details).toMatchObject({ issues: [{ path: ['messages', '1', 'content'] }] });
    expect(failure(() => parseChatRequest({ model: 'smm-assistant', messages: [{ content: 'no role' }] })).message).toMatch(/messages\.0\.role/);
    expect(failure(() => parseChatRequest({ model: 'smm-assistant', messages: [user('hi')], stream: 'yes' })).message).toMatch(/stream: /);
    expect(failure(() => parseChatRequest('just text')).code).toBe('invalid_input');
  });
});

describe('toChatMessages', () => {
  it('keeps system, developer, user and assistant text in order, as the port roles', () => {
    expect(
      toChatMessages([
        { role: 'system', content: 'Be brief.' },
        { role: 'developer', content: 'Use Markdown.' },
        user('Write about cold brew.'),
        { role: 'assistant', content: 'Here are three.' },
        user('Shorter.'),
      ]),
    ).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'system', content: 'Use Markdown.' },
      { role: 'user', content: 'Write about cold brew.' },
      { role: 'assistant', content: 'Here are three.' },
      { role: 'user', content: 'Shorter.' },
    ]);
  });

  it('reads the text parts of multi-part content and drops images and other parts', () => {
    const messages = toChatMessages([
      user([
        { type: 'text', text: 'First line.' },
        { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
        { type: 'text' },
        { type: 'text', text: 'Second line.' },
      ]),
    ]);
    expect(messages).toEqual([{ role: 'user', content: 'First line.\nSecond line.' }]);
  });

  it("leaves out client tool calls and results, and assistant turns with no words, but keeps a user's empty message", () => {
    const messages = toChatMessages([
      user('list my profiles'),
      { role: 'assistant', content: null, tool_calls: [{ id: 'x', type: 'function', function: { name: 'list_profiles', arguments: '{}' } }] },
      { role: 'tool', content: '{"profiles": []}', tool_call_id: 'x' },
      { role: 'function', content: 'old style' },
      { role: 'assistant', content: '' },
      { role: 'assistant' },
      user(null),
    ]);
    expect(messages).toEqual([
      { role: 'user', content: 'list my profiles' },
      { role: 'user', content: '' },
    ]);
  });

  it('refuses a conversation without a user message, saying what to add', () => {
    const error = failure(() => toChatMessages([{ role: 'system', content: 'Be brief.' }, { role: 'assistant', content: 'Hello.' }]));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toBe('messages has no user message.');
    expect(error.hint).toBe('Add {"role": "user", "content": "…"} with the request.');
    expect(() => toChatMessages([{ role: 'tool', content: 'result' }])).toThrow('messages has no user message.');
  });
});
