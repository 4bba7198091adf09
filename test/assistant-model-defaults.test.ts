import { afterEach, describe, expect, it } from 'vitest';
import { createChatModel } from '../src/adapters/llm/create-chat-model.js';
import { startHarness, seedProfile, type Harness } from './http-harness.js';
import { startOllamaProtocolServer, type OllamaProtocolServer } from './support/ollama-protocol-server.js';

/**
 * One model for generation and the /v1 assistant: the same factory, the same
 * defaults. With SMM_LLM=ollama and no SMM_MODEL, the assistant asks Ollama
 * (a real HTTP stand-in) for the same model generation uses, calls a tool
 * through Ollama's tool calling, and answers from the tool's result.
 */
describe('the /v1 assistant and generation share one chat model', () => {
  let ollama: OllamaProtocolServer | undefined;
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    await ollama?.close();
  });

  it('asks Ollama for the factory default model, with the operations as tools', async () => {
    ollama = await startOllamaProtocolServer({ reply: 'You have @acme.', toolCall: { name: 'list_profiles', arguments: {} } });
    h = await startHarness({ env: { SMM_LLM: 'ollama', SMM_OLLAMA_URL: ollama.baseUrl } });
    await seedProfile(h.app, 'default', 'acme');
    const generationModel = await createChatModel({ provider: 'ollama', baseUrl: ollama.baseUrl, cacheDir: '/nonexistent', timeoutMs: 5_000 });
    expect((await h.app.chatModel()).id).toBe(generationModel.id);

    const reply = await h.server.inject({
      method: 'POST',
      url: '/v1/chat/completions',
      headers: h.auth,
      payload: { model: 'smm-assistant', messages: [{ role: 'user', content: 'Which profiles do I have?' }] },
    });
    expect(reply.statusCode).toBe(200);
    expect(reply.json().choices[0].message.content).toBe('You have @acme.');
    const chats = ollama.requests.filter((entry) => entry.path === '/api/chat').map((entry) => entry.body as { model: string; tools: Array<{ function: { name: string } }>; messages: Array<{ role: string; content: string }> });
    expect(chats).toHaveLength(2);
    expect(chats.map((chat) => chat.model)).toEqual([generationModel.id.replace(/^ollama:/, ''), generationModel.id.replace(/^ollama:/, '')]);
    expect(chats[0]!.tools.map((tool) => tool.function.name)).toContain('generate_posts');
    const toolResult = chats[1]!.messages.at(-1)!;
    expect(toolResult.role).toBe('tool');
    expect(JSON.parse(toolResult.content).profiles[0].handle).toBe('acme');
  });
});
