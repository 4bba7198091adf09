import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/app/config.js';
import { createApp } from '../src/app/create-app.js';
import { seedProfile } from './http-harness.js';

/** `smm mcp` as a desktop client runs it: the built binary spawned, spoken to over stdio by the official SDK client. */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'smm-mcp-stdio-'));
  const app = await createApp(loadConfig({ SMM_HOME: dir, SMM_LLM: 'scripted' }));
  await seedProfile(app, 'team', 'acme');
  await app.close();
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('smm mcp (stdio)', () => {
  it('serves the tools of the configured workspace to an MCP client', async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [path.join(ROOT, 'bin', 'smm.js'), 'mcp'],
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: dir, SMM_HOME: dir, SMM_WORKSPACE: 'team', SMM_LLM: 'scripted' },
      stderr: 'pipe',
    });
    const client = new Client({ name: 'desktop', version: '1.0.0' });
    await client.connect(transport);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toContain('generate_posts');
      const result = await client.callTool({ name: 'list_posts', arguments: { handle: 'acme', search: 'Guji' } });
      expect(result.isError).toBeFalsy();
      const posts = JSON.parse((result.content as Array<{ text: string }>)[0]!.text).posts as Array<{ text: string }>;
      expect(posts).toHaveLength(1);
      expect(posts[0]!.text).toContain('Guji');
      const missing = await client.callTool({ name: 'get_profile', arguments: { handle: 'nobody' } });
      expect(missing.isError).toBe(true);
    } finally {
      await client.close();
    }
  });
});
