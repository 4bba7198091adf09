import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config } from '../src/app/config.js';
import { MemoryVectorIndex } from '../src/adapters/vector/memory-vector-index.js';
import { createApp, type App } from '../src/app/create-app.js';
import { apiKeyServiceFor } from '../src/entrypoints/http/api-keys.js';
import { buildServer, type ServerOptions } from '../src/entrypoints/http/build-server.js';
import type { ChatModel } from '../src/core/ports.js';

/** A real app (SQLite file in a temporary folder) behind the real HTTP server, with one API key. */
export interface Harness {
  dir: string;
  app: App;
  server: FastifyInstance;
  /** A key of workspace "default". */
  key: string;
  auth: { authorization: string };
  close(): Promise<void>;
}

export async function startHarness(
  options: { env?: Record<string, string>; server?: Partial<Config['server']>; assistant?: ServerOptions['assistant']; chatModel?: ChatModel } = {},
): Promise<Harness> {
  const dir = await mkdtemp(path.join(tmpdir(), 'smm-http-'));
  const config = loadConfig({ SMM_HOME: dir, SMM_LLM: 'scripted', ...options.env });
  // The in-memory index adapter: these suites test the server, and a Chroma child process per suite would only slow them down.
  const app = await createApp(config, { vectorIndex: new MemoryVectorIndex(), ...(options.chatModel ? { chatModel: options.chatModel } : {}) });
  const server = await buildServer(app, { server: options.server, assistant: options.assistant });
  await server.ready();
  const { key } = await apiKeyServiceFor(app).create({ name: 'test', workspace: 'default' });
  return {
    dir,
    app,
    server,
    key,
    auth: { authorization: `Bearer ${key}` },
    close: async () => {
      await server.close();
      await app.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A profile with a few past posts, through the services (not the API under test). */
export async function seedProfile(app: App, workspace: string, handle: string, owner?: string): Promise<number[]> {
  const scope = { workspace, owner };
  await app.profiles.create(scope, { handle, displayName: `${handle} display`, platforms: ['x', 'linkedin'] });
  const ids: number[] = [];
  const texts = [
    'Cold brew season is open: 18 hours, coarse grind, filtered water.',
    'Our Ethiopian Guji roast is back. Blueberry, jasmine, a long sweet finish.',
    'Behind the counter today: dialing in the new grinder for espresso.',
  ];
  for (const [index, text] of texts.entries()) {
    const post = await app.posts.add(scope, handle, {
      platform: 'x',
      text,
      status: 'published',
      publishedAt: `2026-01-0${index + 1}T09:00:00Z`,
      engagement: { likes: 10 * (index + 1), reposts: index, replies: 1, impressions: 100 },
      source: 'imported',
    });
    ids.push(post.id);
  }
  return ids;
}
