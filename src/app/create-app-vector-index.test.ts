import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chromaHeartbeat } from '../adapters/vector/chroma-server.js';
import { loadConfig } from './config.js';
import { createApp, type App } from './create-app.js';

/** The vector index every command uses is the one that restarts a dead managed Chroma server. */
describe('createApp: the vector index wiring', () => {
  let home: string;
  let app: App | undefined;
  beforeEach(async () => {
    home = await mkdtemp(path.join(tmpdir(), 'smm-app-index-'));
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
    await rm(home, { recursive: true, force: true });
  });

  it('starts the managed server only when vectors are touched, restarts it after it dies, stops it on close', async () => {
    app = await createApp(loadConfig({ SMM_HOME: home, SMM_LLM: 'scripted' }));
    const stateFile = path.join(app.config.dataDir, 'chroma-server.json');
    expect(existsSync(stateFile)).toBe(false);

    const collection = { workspaceId: 1, embedderId: 'test:app-wiring', dimensions: 2 };
    await app.vectorIndex.upsert(collection, [{ postId: 7, profileId: 1, platform: 'x', embedding: [0, 1], text: 'seven' }]);
    const first = JSON.parse(await readFile(stateFile, 'utf8')) as { pid: number; port: number };

    process.kill(first.pid, 'SIGKILL');
    while (await chromaHeartbeat('127.0.0.1', first.port, 200)) await new Promise((resolve) => setTimeout(resolve, 50));
    const hits = await app.vectorIndex.query(collection, { embedding: [0, 1], k: 1, profileId: 1 });
    expect(hits.map((hit) => hit.postId)).toEqual([7]);
    const second = JSON.parse(await readFile(stateFile, 'utf8')) as { pid: number; port: number };
    expect(second.pid).not.toBe(first.pid);

    await app.close();
    app = undefined;
    expect(await chromaHeartbeat('127.0.0.1', second.port, 300)).toBe(false);
  });
});
