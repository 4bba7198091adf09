import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedEditedDrafts } from './helpers/edit-pairs-seed.js';
import { seedProfile, startHarness, type Harness } from './http-harness.js';

/** Learnt voice guidance over REST (real HTTP server, in process) and MCP (the SDK client over a real listener). */

interface GuidanceView {
  handle: string;
  pairCount: number;
  guidance: Array<{ id: string; description: string; evidence: string; count: number; of: number }>;
  removed: Array<{ id: string }>;
}

let h: Harness;
let url: URL;

beforeAll(async () => {
  h = await startHarness();
  await seedProfile(h.app, 'default', 'acme');
  await seedEditedDrafts(h.app, 'default', 'acme');
  await seedProfile(h.app, 'default', 'fresh');
  await seedProfile(h.app, 'other', 'rival');
  await seedEditedDrafts(h.app, 'other', 'rival');
  await h.server.listen({ host: '127.0.0.1', port: 0 });
  url = new URL(`http://127.0.0.1:${(h.server.server.address() as { port: number }).port}/mcp`);
});
afterAll(async () => h?.close());

describe('voice guidance over REST', () => {
  it('lists, removes and restores learnt guidance, with evidence', async () => {
    const get = () => h.server.inject({ method: 'GET', url: '/api/v1/profiles/acme/voice/guidance', headers: h.auth });
    const listed = await get();
    expect(listed.statusCode, listed.body).toBe(200);
    const view = listed.json<GuidanceView>();
    expect(view).toMatchObject({ handle: 'acme', pairCount: 2, removed: [] });
    expect(view.guidance.map((item) => item.id)).toEqual(['removes-emoji', 'shortens']);
    expect(view.guidance[0]).toMatchObject({ description: 'removes emoji', evidence: '2 of 2 drafts that had emoji' });

    const removed = await h.server.inject({ method: 'DELETE', url: '/api/v1/profiles/acme/voice/guidance/removes-emoji', headers: h.auth });
    expect(removed.statusCode, removed.body).toBe(200);
    expect(removed.json<GuidanceView>().removed.map((item) => item.id)).toEqual(['removes-emoji']);
    // The cached GET sees the change.
    expect((await get()).json<GuidanceView>().guidance.map((item) => item.id)).toEqual(['shortens']);

    const restored = await h.server.inject({ method: 'POST', url: '/api/v1/profiles/acme/voice/guidance/removes-emoji/restore', headers: h.auth, payload: {} });
    expect(restored.statusCode, restored.body).toBe(200);
    expect((await get()).json<GuidanceView>().guidance.map((item) => item.id)).toEqual(['removes-emoji', 'shortens']);
  });

  it('answers 404 with the known ids for an unknown one, and nothing learnt for a fresh profile', async () => {
    const unknown = await h.server.inject({ method: 'DELETE', url: '/api/v1/profiles/acme/voice/guidance/removes-hashtags', headers: h.auth });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ error: { code: 'not_found', hint: expect.stringContaining('removes-emoji, shortens') } });
    const fresh = await h.server.inject({ method: 'GET', url: '/api/v1/profiles/fresh/voice/guidance', headers: h.auth });
    expect(fresh.json<GuidanceView>()).toEqual({ handle: 'fresh', pairCount: 0, guidance: [], removed: [] });
    // Another workspace's profile is not visible with this key.
    const rival = await h.server.inject({ method: 'GET', url: '/api/v1/profiles/rival/voice/guidance', headers: h.auth });
    expect(rival.statusCode).toBe(404);
  });
});

describe('voice guidance over MCP', () => {
  it('get_voice_guidance and remove_voice_guidance are tools; an unknown id is an error the model can act on', async () => {
    const client = new Client({ name: 'smm-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers: h.auth } }));
    try {
      const { tools } = await client.listTools();
      const get = tools.find((tool) => tool.name === 'get_voice_guidance');
      expect(get?.annotations?.readOnlyHint).toBe(true);
      expect(tools.find((tool) => tool.name === 'remove_voice_guidance')?.annotations?.destructiveHint).toBe(true);

      const text = (result: Awaited<ReturnType<Client['callTool']>>) => (result.content as Array<{ text: string }>)[0]!.text;
      const listed = JSON.parse(text(await client.callTool({ name: 'get_voice_guidance', arguments: { handle: 'acme' } }))) as GuidanceView;
      expect(listed.guidance.map((item) => item.id)).toContain('shortens');
      const removed = JSON.parse(text(await client.callTool({ name: 'remove_voice_guidance', arguments: { handle: 'acme', id: 'shortens' } }))) as GuidanceView;
      expect(removed.removed.map((item) => item.id)).toEqual(['shortens']);
      const failed = await client.callTool({ name: 'remove_voice_guidance', arguments: { handle: 'acme', id: 'phrase-synergy' } });
      expect(failed.isError).toBe(true);
      expect(text(failed)).toContain('removes-emoji');
      const restored = JSON.parse(text(await client.callTool({ name: 'restore_voice_guidance', arguments: { handle: 'acme', id: 'shortens' } }))) as GuidanceView;
      expect(restored.removed).toEqual([]);
    } finally {
      await client.close();
    }
  });
});
