import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedProfile, startHarness, type Harness } from '../http-harness.js';

/** The import operation over REST and MCP says "nothing found" as the CLI does (same code, same message). */

const OUTBOX = '{"@context": "https://www.w3.org/ns/activitystreams", "type": "OrderedCollection", "totalItems": 1557, "orderedItems": [], "orderedItems": []}';
const MESSAGE =
  'No post found to import from outbox.json (a Mastodon outbox.json): no record was read; outbox.json: 2 arrays "orderedItems" with 0 and 0 records; "type": "OrderedCollection"; "totalItems": 1,557.';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await seedProfile(h.app, 'default', 'acme');
  await h.server.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => h?.close());

describe('import that finds no post', () => {
  it('REST: 422 import_failed with what the file held', async () => {
    const response = await h.server.inject({
      method: 'POST',
      url: '/api/v1/profiles/acme/import',
      headers: { ...h.auth, 'content-type': 'application/json' },
      payload: JSON.stringify({ content: OUTBOX, filename: 'outbox.json' }),
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().error).toMatchObject({ code: 'import_failed', message: MESSAGE });
  });

  it('MCP: the tool call is an error with the same message', async () => {
    const client = new Client({ name: 'smm-test', version: '1.0.0' });
    const url = new URL(`http://127.0.0.1:${(h.server.server.address() as { port: number }).port}/mcp`);
    await client.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers: h.auth } }));
    try {
      const result = await client.callTool({ name: 'import_posts', arguments: { handle: 'acme', content: OUTBOX, filename: 'outbox.json' } });
      expect(result.isError).toBe(true);
      const [content] = result.content as Array<{ type: string; text: string }>;
      expect(JSON.parse(content!.text)).toMatchObject({ error: { code: 'import_failed', message: MESSAGE } });
    } finally {
      await client.close();
    }
  });
});
