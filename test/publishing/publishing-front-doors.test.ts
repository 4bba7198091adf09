import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScriptedChatModel, type ScriptedToolTurn } from '../../src/adapters/llm/scripted-chat-model.js';
import type { ToolChatMessage } from '../../src/core/ports.js';
import { startHarness, type Harness } from '../http-harness.js';
import { MastodonStandIn } from '../support/mastodon-protocol-server.js';

/**
 * publish_post, list_accounts and get_calendar through REST, MCP (the SDK
 * client) and the /v1 assistant (the openai client), publishing to the
 * Mastodon stand-in. The assistant's scripted model is eager: it asks to
 * publish with confirm: true at once; only the person's "yes" to a preview
 * lets it through.
 */
const TOKEN = 'front-door-token';
const scope = { workspace: 'default' };

function eagerPublisher(messages: readonly ToolChatMessage[]): ScriptedToolTurn {
  const last = messages[messages.length - 1]!;
  if (last.role === 'tool') {
    const result = JSON.parse(String(last.content));
    return { text: result.outcome === 'published' ? `Done: ${result.url}` : 'Shall I publish it?' };
  }
  const id = Number(/post (\d+)/.exec(String(last.content))?.[1]);
  return { toolCalls: [{ name: 'publish_post', args: { id, confirm: true } }] };
}

let h: Harness;
let mastodon: MastodonStandIn;
let base: string;
const postIds: number[] = [];

beforeAll(async () => {
  mastodon = new MastodonStandIn(TOKEN);
  await mastodon.start();
  h = await startHarness({ chatModel: new ScriptedChatModel({ id: 'scripted:eager-publisher', turns: eagerPublisher }) });
  await h.app.profiles.create(scope, { handle: 'acme', displayName: 'Acme' });
  await (await h.app.accounts()).add(scope, { profile: 'acme', platform: 'mastodon', service: mastodon.url, secret: TOKEN });
  for (const text of ['One over REST.', 'Two over MCP.', 'Three through the assistant.']) {
    postIds.push((await h.app.posts.add(scope, 'acme', { platform: 'mastodon', text, status: 'approved' })).id);
  }
  await h.server.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(h.server.server.address() as { port: number }).port}`;
});

afterAll(async () => {
  await h?.close();
  await mastodon?.close();
});

describe('publishing through every front door', () => {
  it('REST: lists accounts without credentials; previews, then publishes only with confirm; shows the calendar', async () => {
    const accounts = await h.server.inject({ method: 'GET', url: '/api/v1/accounts', headers: h.auth });
    expect(accounts.statusCode).toBe(200);
    expect(accounts.json().accounts).toEqual([expect.objectContaining({ platform: 'mastodon', profileHandle: 'acme' })]);
    expect(accounts.body).not.toContain(TOKEN);
    expect(accounts.body).not.toContain('sealed');

    const preview = await h.server.inject({ method: 'POST', url: `/api/v1/posts/${postIds[0]}/publish`, headers: h.auth, payload: {} });
    expect(preview.json()).toMatchObject({ needsConfirmation: true, published: false, preview: { parts: ['One over REST.'], problems: [] } });
    expect(mastodon.statuses).toHaveLength(0);

    const published = await h.server.inject({ method: 'POST', url: `/api/v1/posts/${postIds[0]}/publish`, headers: h.auth, payload: { confirm: true } });
    expect(published.json()).toMatchObject({ outcome: 'published', url: expect.stringContaining(mastodon.url) });
    expect(mastodon.statuses.map((status) => status.text)).toEqual(['One over REST.']);

    const calendar = await h.server.inject({ method: 'GET', url: '/api/v1/calendar?days=3&timeZone=UTC', headers: h.auth });
    expect(calendar.statusCode).toBe(200);
    const days = calendar.json().days as Array<{ profiles: Record<string, Array<{ postId: number; status: string }>> }>;
    expect(days).toHaveLength(3);
    expect(days[0]!.profiles.acme).toEqual([expect.objectContaining({ postId: postIds[0], status: 'published' })]);
    const badZone = await h.server.inject({ method: 'GET', url: '/api/v1/calendar?timeZone=Mars/Olympus', headers: h.auth });
    expect(badZone.statusCode).toBe(400);
  });

  it('MCP: publish_post through the SDK client', async () => {
    const client = new Client({ name: 'smm-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${base}/mcp`), { requestInit: { headers: h.auth } }));
    const tools = (await client.listTools()).tools.map((tool) => tool.name);
    expect(tools).toEqual(expect.arrayContaining(['publish_post', 'list_accounts', 'get_calendar', 'publish_due']));
    const result = await client.callTool({ name: 'publish_post', arguments: { id: postIds[1], confirm: true } });
    const body = JSON.parse((result.content as Array<{ text: string }>)[0]!.text);
    expect(body).toMatchObject({ outcome: 'published' });
    expect(mastodon.statuses.map((status) => status.text)).toContain('Two over MCP.');
    await client.close();
  });

  it('/v1: the assistant shows a preview and publishes only after the user says yes', async () => {
    const client = new OpenAI({ baseURL: `${base}/v1`, apiKey: h.key, maxRetries: 0 });
    const ask = `publish post ${postIds[2]}`;
    const first = await client.chat.completions.create({ model: 'smm-assistant', messages: [{ role: 'user', content: ask }] });
    const shown = first.choices[0]!.message.content ?? '';
    expect(shown).toContain('Three through the assistant.');
    expect(shown).toContain(`Reply "yes, publish post ${postIds[2]}" to publish it.`);
    expect(mastodon.statuses.map((status) => status.text)).not.toContain('Three through the assistant.');

    const second = await client.chat.completions.create({
      model: 'smm-assistant',
      messages: [
        { role: 'user', content: ask },
        { role: 'assistant', content: shown },
        { role: 'user', content: `yes, publish post ${postIds[2]}` },
      ],
    });
    expect(second.choices[0]!.message.content).toMatch(/Done: http/);
    expect(mastodon.statuses.filter((status) => status.text === 'Three through the assistant.')).toHaveLength(1);
  });
});
