import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyServiceFor } from '../src/entrypoints/http/api-keys.js';
import { seedProfile, startHarness, type Harness } from './http-harness.js';

/** The MCP server at /mcp driven by the official SDK client over Streamable HTTP. */

let h: Harness;
let url: URL;
let acmePosts: number[];

async function connect(key: string | undefined): Promise<Client> {
  const client = new Client({ name: 'smm-test', version: '1.0.0' });
  const headers: Record<string, string> = key ? { authorization: `Bearer ${key}` } : {};
  await client.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers } }));
  return client;
}

function json(result: Awaited<ReturnType<Client['callTool']>>): Record<string, unknown> {
  const content = result.content as Array<{ type: string; text: string }>;
  return JSON.parse(content[0]!.text) as Record<string, unknown>;
}

beforeAll(async () => {
  h = await startHarness();
  acmePosts = await seedProfile(h.app, 'default', 'acme');
  await seedProfile(h.app, 'other', 'rival');
  await h.server.listen({ host: '127.0.0.1', port: 0 });
  url = new URL(`http://127.0.0.1:${(h.server.server.address() as { port: number }).port}/mcp`);
});
afterAll(async () => h?.close());

describe('MCP over Streamable HTTP', () => {
  it('lists every operation as a tool with a self-contained input schema', async () => {
    const client = await connect(h.key);
    const { tools } = await client.listTools();
    const names = tools.map((tool) => tool.name);
    for (const name of ['list_profiles', 'create_profile', 'list_posts', 'generate_posts', 'rewrite_post', 'approve_post', 'schedule_post', 'import_posts', 'score_voice', 'doctor']) {
      expect(names).toContain(name);
    }
    for (const tool of tools) {
      expect(tool.description!.length, tool.name).toBeGreaterThan(40);
      expect(tool.inputSchema.type).toBe('object');
      expect(JSON.stringify(tool.inputSchema), tool.name).not.toContain('$ref');
    }
    expect(tools.find((tool) => tool.name === 'list_posts')!.annotations?.readOnlyHint).toBe(true);
    expect(tools.find((tool) => tool.name === 'delete_post')!.annotations?.destructiveHint).toBe(true);
    await client.close();
  });

  it("calls tools in the key's workspace and returns JSON text", async () => {
    const client = await connect(h.key);
    const profiles = json(await client.callTool({ name: 'list_profiles', arguments: {} }));
    expect((profiles.profiles as Array<{ handle: string }>).map((profile) => profile.handle)).toEqual(['acme']);
    const posts = json(await client.callTool({ name: 'list_posts', arguments: { handle: 'acme', search: 'grinder' } }));
    expect((posts.posts as Array<{ id: number }>).map((post) => post.id)).toEqual([acmePosts[2]]);
    const created = json(await client.callTool({ name: 'create_post', arguments: { handle: 'acme', platform: 'bluesky', text: 'Written over MCP.' } }));
    expect(created).toMatchObject({ handle: 'acme', platform: 'bluesky', status: 'draft' });
    const approved = json(await client.callTool({ name: 'approve_post', arguments: { id: created.id } }));
    expect(approved.status).toBe('approved');
    await client.close();
  });

  it('reports failures as isError results whose text says how to fix the call', async () => {
    const client = await connect(h.key);
    const missing = await client.callTool({ name: 'get_profile', arguments: { handle: 'nobody' } });
    expect(missing.isError).toBe(true);
    const error = json(missing).error as { code: string; message: string; hint: string };
    expect(error.code).toBe('not_found');
    expect(error.hint).toContain('acme');
    const invalid = await client.callTool({ name: 'create_profile', arguments: { handle: 'Bad Handle!' } });
    expect(invalid.isError).toBe(true);
    expect((invalid.content as Array<{ text: string }>)[0]!.text).toMatch(/handle/i);
    const transition = await client.callTool({ name: 'set_post_status', arguments: { id: acmePosts[0], status: 'draft' } });
    expect(transition.isError).toBe(true);
    expect((json(transition).error as { hint: string }).hint).toContain('archived');
    await client.close();
  });

  it('needs a key, and a key sees only its own workspace', async () => {
    await expect(connect(undefined)).rejects.toThrow(/401|Unauthorized|API key/i);
    const { key } = await apiKeyServiceFor(h.app).create({ name: 'mcp-other', workspace: 'other' });
    const client = await connect(key);
    const result = await client.callTool({ name: 'get_post', arguments: { id: acmePosts[0] } });
    expect(result.isError).toBe(true);
    expect((json(result).error as { code: string }).code).toBe('not_found');
    await client.close();
  });
});
