import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { VectorIndex } from '../../core/ports.js';
import { chromaHeartbeat } from './chroma-server.js';
import { openVectorIndex } from './open-vector-index.js';

describe('openVectorIndex', () => {
  let dataDir: string;
  let index: VectorIndex | undefined;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'smm-open-index-'));
  });
  afterEach(async () => {
    await index?.close();
    index = undefined;
    await rm(dataDir, { recursive: true, force: true });
  });

  it('opens the memory index or a CHROMA_URL index on request', async () => {
    expect((await openVectorIndex({ kind: 'memory', dataDir })).kind).toBe('memory');
    expect((await openVectorIndex({ chromaUrl: 'http://127.0.0.1:9', dataDir })).kind).toBe('chroma');
    expect(existsSync(path.join(dataDir, 'chroma-server.json'))).toBe(false);
  });

  it('starts the managed server on first use, restarts it if it dies, stops it on close', async () => {
    index = await openVectorIndex({ dataDir });
    expect(existsSync(path.join(dataDir, 'chroma-server.json'))).toBe(false);
    const collection = { workspaceId: 1, embedderId: 'test:managed-2', dimensions: 2 };
    await index.upsert(collection, [{ postId: 1, profileId: 1, platform: 'x', embedding: [1, 0], text: 'one' }]);
    const first = JSON.parse(await readFile(path.join(dataDir, 'chroma-server.json'), 'utf8')) as { pid: number; port: number };

    process.kill(first.pid, 'SIGKILL');
    while (await chromaHeartbeat('127.0.0.1', first.port, 200)) await new Promise((resolve) => setTimeout(resolve, 50));
    const hits = await index.query(collection, { embedding: [1, 0], k: 1, profileId: 1 });
    expect(hits.map((hit) => hit.postId)).toEqual([1]);
    const second = JSON.parse(await readFile(path.join(dataDir, 'chroma-server.json'), 'utf8')) as { pid: number; port: number };
    expect(second.pid).not.toBe(first.pid);

    await index.close();
    index = undefined;
    expect(await chromaHeartbeat('127.0.0.1', second.port, 300)).toBe(false);
    expect(existsSync(path.join(dataDir, 'chroma-server.json'))).toBe(false);
  });
});
