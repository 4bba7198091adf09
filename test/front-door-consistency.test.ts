import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError } from '../src/core/errors.js';
import { PROJECT_ROOT, smm, smmJson, tempHome } from './helpers/run-smm.js';
import { seedProfile, startHarness, type Harness } from './http-harness.js';

/** What the HTTP API and MCP share: one version string, one way to show (or hide) an error. */

const VERSION = (JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

let h: Harness;
let mcpUrl: URL;

beforeAll(async () => {
  h = await startHarness();
  await h.server.listen({ host: '127.0.0.1', port: 0 });
  mcpUrl = new URL(`http://127.0.0.1:${(h.server.server.address() as { port: number }).port}/mcp`);
});
afterAll(async () => h?.close());

async function mcpClient(): Promise<Client> {
  const client = new Client({ name: 'smm-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(mcpUrl, { requestInit: { headers: h.auth } }));
  return client;
}

describe('one version, from package.json', () => {
  it('is what smm --version, the OpenAPI document and the MCP server say', async () => {
    const cli = await smm(tempHome(), ['--version']);
    expect(cli.stdout.trim()).toBe(VERSION);
    const spec = (await h.server.inject({ method: 'GET', url: '/openapi.json' })).json<{ info: { version: string } }>();
    expect(spec.info.version).toBe(VERSION);
    const client = await mcpClient();
    expect(client.getServerVersion()?.version).toBe(VERSION);
    await client.close();
  });
});

describe('errors look the same on HTTP and MCP', () => {
  async function bothWays(): Promise<{ http: unknown; mcp: unknown }> {
    const response = await h.server.inject({ method: 'GET', url: '/api/v1/profiles?includeArchived=true', headers: h.auth });
    const client = await mcpClient();
    const result = await client.callTool({ name: 'list_profiles', arguments: { includeArchived: true } });
    await client.close();
    expect(result.isError).toBe(true);
    const text = (result.content as Array<{ type: string; text: string }>)[0]!.text;
    return { http: response.json(), mcp: JSON.parse(text) as unknown };
  }

  it('hides the text of an unexpected failure on both, with the same words', async () => {
    const original = h.app.profiles.list.bind(h.app.profiles);
    // A bug stands in here: a plain Error whose text holds what a caller must never see.
    h.app.profiles.list = () => Promise.reject(new Error('SQLITE_CORRUPT at /home/someone/.local/share/smm/smm.sqlite'));
    try {
      const { http, mcp } = await bothWays();
      expect(mcp).toEqual(http);
      expect(JSON.stringify(http)).not.toMatch(/SQLITE|someone/);
      expect(http).toMatchObject({ error: { code: 'internal', hint: expect.stringContaining('SMM_DEBUG=1') } });
    } finally {
      h.app.profiles.list = original;
    }
  });

  it('shows a known failure the same way on both, details included', async () => {
    const original = h.app.profiles.list.bind(h.app.profiles);
    h.app.profiles.list = () => Promise.reject(new NotFoundError('profile', 'ghost', 'Call list_profiles to see the handles.'));
    try {
      const { http, mcp } = await bothWays();
      expect(mcp).toEqual(http);
      expect(http).toEqual({ error: { code: 'not_found', message: 'No profile "ghost".', hint: 'Call list_profiles to see the handles.', details: { entity: 'profile', key: 'ghost' } } });
    } finally {
      h.app.profiles.list = original;
    }
  });
});

describe('each front door phrases a hint for its caller', () => {
  it('names the --thread flag on the CLI, and the "thread" field on HTTP and MCP', async () => {
    const home = tempHome();
    await smmJson(home, ['profile', 'add', 'acme', '--name', 'Acme']);
    const cli = await smm(home, ['generate', '--profile', 'acme', '--platform', 'linkedin', '--thread', '--topic', 'news']);
    expect(cli.status).toBe(2);
    expect(cli.stderr).toMatch(/hint: Drop --thread, or write for a platform with threads/);
    const cliJson = await smm(home, ['generate', '--profile', 'acme', '--platform', 'linkedin', '--thread', '--topic', 'news', '--json']);
    expect((JSON.parse(cliJson.stderr) as { error: { hint: string } }).error.hint).toMatch(/^Drop --thread/);

    await seedProfile(h.app, 'default', 'acme');
    const arguments_ = { handle: 'acme', platform: 'linkedin', thread: true, topic: 'news' };
    const http = await h.server.inject({ method: 'POST', url: '/api/v1/profiles/acme/generate', headers: h.auth, payload: arguments_ });
    expect(http.statusCode).toBe(400);
    const httpError = http.json<{ error: { hint: string } }>().error;
    expect(httpError.hint).toMatch(/^Drop "thread": true, or write for a platform with threads/);
    const client = await mcpClient();
    const result = await client.callTool({ name: 'generate_posts', arguments: arguments_ });
    await client.close();
    const mcpError = (JSON.parse((result.content as Array<{ text: string }>)[0]!.text) as { error: { hint: string } }).error;
    expect(mcpError.hint).toBe(httpError.hint);
    for (const hint of [httpError.hint, mcpError.hint]) expect(hint).not.toMatch(/--|\{\{/);
  });

  it('names the flag of an invalid field on the CLI, and the field on HTTP', async () => {
    const home = tempHome();
    await smmJson(home, ['profile', 'add', 'acme', '--name', 'Acme']);
    const cli = await smm(home, ['post', 'add', '--profile', 'acme', '--platform', 'x', '--text', 'hi', '--scheduled-at', 'tomorrow']);
    expect(cli.status).toBe(2);
    expect(cli.stderr).toMatch(/^error: Invalid post: scheduledAt: Expected an ISO-8601 date-time, e\.g\. 2026-01-31T09:00:00Z\.\n/);
    expect(cli.stderr).toContain('hint: Fix --scheduled-at and try again (see `smm post add --help`).');
    const positional = await smm(home, ['profile', 'add', 'Not A Handle!', '--name', 'X']);
    expect(positional.stderr).toContain('hint: Fix <handle> and try again (see `smm profile add --help`).');

    const http = await h.server.inject({ method: 'POST', url: '/api/v1/profiles/acme/posts', headers: h.auth, payload: { platform: 'x', text: 'hi', scheduledAt: 'tomorrow' } });
    expect(http.statusCode).toBe(400);
    const error = http.json<{ error: { message: string; hint: string } }>().error;
    expect(error.message).toContain('scheduledAt');
    expect(error.hint).not.toContain('--');
  });
});
