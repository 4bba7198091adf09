import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryStorage } from '../../../test/fakes/memory-storage.js';
import type { App } from '../../app/create-app.js';
import type { ApiKeyInfo } from '../../core/auth/api-key-service.js';
import { ProfileService } from '../../core/profiles/index.js';
import { errorReply } from '../http/http-errors.js';
import { registerMcpRoute } from './mcp-http-route.js';

/**
 * /mcp on a bare Fastify instance driven with inject (nothing listens): a
 * stand-in for the auth hook gives "Bearer team" the workspace "team" and
 * "Bearer other" the workspace "other"; profiles live in the in-memory
 * storage. The SDK client over a real listener is in test/mcp-http.test.ts.
 */

let server: FastifyInstance;

beforeEach(async () => {
  const storage = new MemoryStorage();
  const profiles = new ProfileService(storage.profiles);
  await profiles.create({ workspace: 'team' }, { handle: 'acme', displayName: 'Acme' });
  await profiles.create({ workspace: 'other' }, { handle: 'rival', displayName: 'Rival' });
  const app = { profiles } as unknown as App;
  server = Fastify();
  server.decorateRequest('smm', null);
  server.addHook('onRequest', async (request, reply) => {
    reply.header('access-control-allow-origin', 'https://desktop.example');
    const workspace = /^Bearer (team|other)$/.exec(request.headers.authorization ?? '')?.[1];
    request.smm = workspace ? { key: {} as ApiKeyInfo, scope: { workspace } } : null;
  });
  server.setErrorHandler((error, _request, reply) => {
    const { status, body } = errorReply(error);
    return reply.code(status).send(body);
  });
  registerMcpRoute(server, app, { version: '1.2.3', timeoutMs: 10_000 });
  await server.ready();
});

afterEach(async () => {
  await server.close();
});

const headers = (workspace?: string) => ({ accept: 'application/json, text/event-stream', ...(workspace ? { authorization: `Bearer ${workspace}` } : {}) });
const rpc = (method: string, params: Record<string, unknown> = {}) => ({ jsonrpc: '2.0', id: 7, method, params });

describe('POST /mcp', () => {
  it('needs a key', async () => {
    const reply = await server.inject({ method: 'POST', url: '/mcp', headers: headers(), payload: rpc('tools/list') });
    expect(reply.statusCode).toBe(401);
    expect(reply.json().error).toMatchObject({ code: 'unauthorized', message: 'MCP needs an API key.' });
  });

  it('answers one JSON-RPC request with JSON, without a session, keeping headers set before', async () => {
    const reply = await server.inject({ method: 'POST', url: '/mcp', headers: headers('team'), payload: rpc('tools/list') });
    expect(reply.statusCode).toBe(200);
    expect(reply.headers['content-type']).toMatch(/^application\/json/);
    expect(reply.headers['mcp-session-id']).toBeUndefined();
    expect(reply.headers['access-control-allow-origin']).toBe('https://desktop.example');
    const body = reply.json();
    expect(body.id).toBe(7);
    expect(body.result.tools.map((tool: { name: string }) => tool.name)).toContain('list_profiles');
  });

  it("runs each call in the key's workspace", async () => {
    const call = rpc('tools/call', { name: 'list_profiles', arguments: {} });
    const handles = async (workspace: string) => {
      const reply = await server.inject({ method: 'POST', url: '/mcp', headers: headers(workspace), payload: call });
      const result = reply.json().result as { content: Array<{ text: string }> };
      return (JSON.parse(result.content[0]!.text) as { profiles: Array<{ handle: string }> }).profiles.map((profile) => profile.handle);
    };
    expect(await handles('team')).toEqual(['acme']);
    expect(await handles('other')).toEqual(['rival']);
  });

  it('answers something that is not JSON-RPC with a JSON-RPC error, not a crash', async () => {
    const reply = await server.inject({ method: 'POST', url: '/mcp', headers: headers('team'), payload: { hello: 'world' } });
    expect(reply.statusCode).toBe(400);
    expect(reply.json()).toMatchObject({ jsonrpc: '2.0', error: { code: expect.any(Number) } });
  });
});

describe('GET and DELETE /mcp', () => {
  it('say the server is stateless and that POST is the way in', async () => {
    for (const method of ['GET', 'DELETE'] as const) {
      const reply = await server.inject({ method, url: '/mcp', headers: headers('team') });
      expect(reply.statusCode, method).toBe(405);
      expect(reply.headers.allow).toBe('POST');
      expect(reply.headers['content-type']).toMatch(/^application\/json/);
      expect(reply.json()).toEqual({ jsonrpc: '2.0', error: { code: -32000, message: 'This MCP server is stateless: send JSON-RPC requests with POST /mcp.' }, id: null });
    }
  });
});
