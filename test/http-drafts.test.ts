import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScriptedChatModel } from '../src/adapters/llm/scripted-chat-model.js';
import { MemoryVectorIndex } from '../src/adapters/vector/memory-vector-index.js';
import { loadConfig } from '../src/app/config.js';
import { createApp, type App } from '../src/app/create-app.js';
import { apiKeyServiceFor } from '../src/app/api-keys.js';
import { buildServer } from '../src/entrypoints/http/build-server.js';
import { seedProfile } from './http-harness.js';

/** Drafts over REST and MCP: threads as parts, the rule check on approve and schedule, times in a zone. */

const PARAGRAPHS = Array.from({ length: 4 }, (_, index) => `Chapter ${index + 1} of our roastery story: ` + 'we sourced, we roasted, we tasted, we argued. '.repeat(4));

let dir: string;
let app: App;
let server: FastifyInstance;
let auth: { authorization: string };
let key: string;
let mcpUrl: URL;

interface PostBody {
  id: number;
  handle?: string;
  text: string;
  status: string;
  scheduledAt: string | null;
  threadParts: string[] | null;
  violations: Array<{ rule: string; message: string }>;
}

async function call(method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) {
  const response = await server.inject({ method, url: `/api/v1${url}`, headers: auth, ...(payload === undefined ? {} : { payload: payload as object }) });
  return { status: response.statusCode, body: response.json() as Record<string, unknown> };
}

async function mcp(): Promise<Client> {
  const client = new Client({ name: 'smm-drafts-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(mcpUrl, { requestInit: { headers: { authorization: `Bearer ${key}` } } }));
  return client;
}

function toolJson(result: Awaited<ReturnType<Client['callTool']>>): Record<string, unknown> {
  return JSON.parse((result.content as Array<{ text: string }>)[0]!.text) as Record<string, unknown>;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'smm-drafts-'));
  // The model's words are the only fake: a long text, so that --thread has parts to store.
  const chatModel = new ScriptedChatModel({ replies: [{ value: { variants: [{ text: PARAGRAPHS.join('\n\n'), hashtags: [] }] } }], whenExhausted: 'repeat-last' });
  app = await createApp(loadConfig({ SMM_HOME: dir, SMM_LLM: 'scripted' }), { vectorIndex: new MemoryVectorIndex(), chatModel });
  server = await buildServer(app, {});
  await server.listen({ host: '127.0.0.1', port: 0 });
  key = (await apiKeyServiceFor(app).create({ name: 'drafts', workspace: 'default' })).key;
  auth = { authorization: `Bearer ${key}` };
  mcpUrl = new URL(`http://127.0.0.1:${(server.server.address() as { port: number }).port}/mcp`);
  await seedProfile(app, 'default', 'acme');
  await app.profiles.update({ workspace: 'default' }, 'acme', { voice: { bannedWords: ['synergy'] } });
});
afterAll(async () => {
  await server?.close();
  await app?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('a thread generated with thread=true', () => {
  it('is stored as its parts and comes back as its parts through REST and MCP', async () => {
    const generated = await call('POST', '/profiles/acme/generate', { platform: 'x', topic: 'our story', n: 1, thread: true });
    expect(generated.status).toBe(200);
    const variant = (generated.body.variants as Array<{ postId: number; parts: string[]; valid: boolean }>)[0]!;
    expect(variant.parts.length).toBeGreaterThan(1);

    const rest = await call('GET', `/posts/${variant.postId}`);
    expect(rest.body).toMatchObject({ handle: 'acme', threadParts: variant.parts, violations: [] });
    expect((rest.body.generation as { examples: unknown[]; model: string }).model).toBe('scripted:test');
    const listed = await call('GET', '/profiles/acme/posts?status=draft');
    expect((listed.body.posts as PostBody[]).find((post) => post.id === variant.postId)?.threadParts).toEqual(variant.parts);

    const client = await mcp();
    const viaMcp = toolJson(await client.callTool({ name: 'get_post', arguments: { id: variant.postId } }));
    expect(viaMcp.threadParts).toEqual(variant.parts);
    const exported = await client.callTool({ name: 'export_posts', arguments: { handle: 'acme', format: 'ndjson' } });
    expect(JSON.stringify(exported.content)).toContain('thread_parts');
    await client.close();
  });

  it('is checked part by part: a part edited over the limit is reported, and approval refused', async () => {
    const created = await call('POST', '/profiles/acme/posts', { platform: 'bluesky', text: 'ignored', threadParts: ['First part. 1/2', `${'Too long. '.repeat(40)}2/2`] });
    expect(created.status).toBe(201);
    const post = created.body as unknown as PostBody;
    expect(post.threadParts).toHaveLength(2);
    expect(post.text).toBe(post.threadParts!.join('\n\n'));
    expect(post.violations).toEqual([expect.objectContaining({ rule: 'thread-part', message: expect.stringMatching(/^Part 2 of the thread is \d+\/300/) })]);
    const refused = await call('POST', `/posts/${post.id}/approve`, {});
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'conflict', details: { postId: post.id, violations: [expect.objectContaining({ rule: 'thread-part' })] } });
  });
});

describe('approve and schedule through REST and MCP', () => {
  it('refuses a post that breaks its rules unless forced, and returns the violations either way', async () => {
    const draft = (await call('POST', '/profiles/acme/posts', { platform: 'x', text: 'Pure synergy in a cup.' })).body as unknown as PostBody;
    expect(draft.status).toBe('draft');
    expect(draft.violations.map((violation) => violation.rule)).toEqual(['banned-word']);

    const refused = await call('POST', `/posts/${draft.id}/approve`, {});
    expect(refused.status).toBe(409);
    expect((refused.body.error as { hint: string }).hint).toMatch(/force/);
    const viaStatus = await call('POST', `/posts/${draft.id}/status`, { status: 'approved' });
    expect(viaStatus.status).toBe(409);
    const viaPatch = await call('PATCH', `/posts/${draft.id}`, { status: 'approved' });
    expect(viaPatch.status).toBe(409);
    expect((await call('GET', `/posts/${draft.id}`)).body.status).toBe('draft');

    const client = await mcp();
    const mcpRefused = await client.callTool({ name: 'schedule_post', arguments: { id: draft.id, scheduledAt: '2031-01-01T09:00:00Z' } });
    expect(mcpRefused.isError).toBe(true);
    expect((toolJson(mcpRefused).error as { message: string }).message).toMatch(/not scheduled: Uses the banned word "synergy"/);
    const forced = toolJson(await client.callTool({ name: 'schedule_post', arguments: { id: draft.id, scheduledAt: '2031-01-01T09:00:00Z', force: true } }));
    expect(forced).toMatchObject({ status: 'scheduled', scheduledAt: '2031-01-01T09:00:00.000Z', violations: [expect.objectContaining({ rule: 'banned-word' })] });
    await client.close();
  });

  it('schedules at a local time with timeZone, and refuses the past, a time without a zone and a missing time', async () => {
    const draft = (await call('POST', '/profiles/acme/posts', { platform: 'x', text: 'Roasting day on Tuesday.' })).body as unknown as PostBody;
    const local = await call('POST', `/posts/${draft.id}/schedule`, { scheduledAt: '2031-12-01 09:00', timeZone: 'Europe/Berlin' });
    expect(local.status).toBe(200);
    expect(local.body).toMatchObject({ status: 'scheduled', scheduledAt: '2031-12-01T08:00:00.000Z' });

    const past = await call('POST', `/posts/${draft.id}/schedule`, { scheduledAt: '2020-12-01T09:00:00Z' });
    expect(past.status).toBe(400);
    expect((past.body.error as { message: string }).message).toMatch(/is in the past/);
    const zoneless = await call('POST', `/posts/${draft.id}/schedule`, { scheduledAt: '2031-12-01 09:00' });
    expect(zoneless.status).toBe(400);
    expect((zoneless.body.error as { hint: string }).hint).toMatch(/timeZone/);
    const missing = await call('POST', `/posts/${draft.id}/schedule`, {});
    expect(missing.status).toBe(400);

    const another = (await call('POST', '/profiles/acme/posts', { platform: 'x', text: 'Decaf Friday.' })).body as unknown as PostBody;
    const statusWithoutTime = await call('POST', `/posts/${another.id}/status`, { status: 'scheduled' });
    expect(statusWithoutTime.status).toBe(400);
    expect((statusWithoutTime.body.error as { message: string }).message).toMatch(/needs a time/);
  });

  it('gives the same default status whatever the way in', async () => {
    const viaRest = (await call('POST', '/profiles/acme/posts', { platform: 'x', text: 'From 2024.', publishedAt: '2024-01-01T00:00:00Z' })).body;
    expect(viaRest.status).toBe('published');
    const client = await mcp();
    const viaMcp = toolJson(await client.callTool({ name: 'create_post', arguments: { handle: 'acme', platform: 'x', text: 'Also from 2024.', publishedAt: '2024-01-02T00:00:00Z' } }));
    expect(viaMcp.status).toBe('published');
    const plain = toolJson(await client.callTool({ name: 'create_post', arguments: { handle: 'acme', platform: 'x', text: 'A new idea.' } }));
    expect(plain.status).toBe('draft');
    await client.close();
  });
});
