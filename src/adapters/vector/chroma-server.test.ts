import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IndexUnavailableError } from '../../core/errors.js';
import { chromaHeartbeat, ensureChromaServer, type ChromaServerHandle } from './chroma-server.js';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('ensureChromaServer', () => {
  let dataDir: string;
  const started: ChromaServerHandle[] = [];

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'smm-chroma-server-'));
  });
  afterEach(async () => {
    for (const handle of started.splice(0)) await handle.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('starts the bundled server under the data folder, reuses it, and stops it cleanly', async () => {
    const first = await ensureChromaServer({ dataDir });
    started.push(first);
    expect(first.owned).toBe(true);
    expect(first.host).toBe('127.0.0.1');
    expect(await chromaHeartbeat(first.host, first.port)).toBe(true);
    expect(existsSync(path.join(dataDir, 'chroma', 'chroma.sqlite3'))).toBe(true);
    expect(await readFile(first.logFile, 'utf8')).toContain('Saving data to');
    const state = JSON.parse(await readFile(path.join(dataDir, 'chroma-server.json'), 'utf8')) as { port: number; pid: number };
    expect(state).toMatchObject({ port: first.port, pid: first.pid });

    const second = await ensureChromaServer({ dataDir });
    expect(second).toMatchObject({ owned: false, port: first.port, pid: first.pid });
    await second.stop();
    expect(await chromaHeartbeat(first.host, first.port)).toBe(true);

    await first.stop();
    expect(isAlive(first.pid)).toBe(false);
    expect(await chromaHeartbeat(first.host, first.port, 300)).toBe(false);
    expect(existsSync(path.join(dataDir, 'chroma-server.json'))).toBe(false);
  });

  it('starts one server when several callers race', async () => {
    const handles = await Promise.all([ensureChromaServer({ dataDir }), ensureChromaServer({ dataDir }), ensureChromaServer({ dataDir })]);
    started.push(...handles);
    expect(handles.filter((handle) => handle.owned)).toHaveLength(1);
    expect(new Set(handles.map((handle) => handle.port)).size).toBe(1);
    expect(existsSync(path.join(dataDir, 'chroma-server.lock'))).toBe(false);
  });

  it('ignores a state file left by a server that died, and a stale lock', async () => {
    await writeFile(path.join(dataDir, 'chroma-server.json'), JSON.stringify({ host: '127.0.0.1', port: 9, pid: 2 ** 22 + 7, ownerPid: 1, startedAt: '' }));
    await writeFile(path.join(dataDir, 'chroma-server.lock'), JSON.stringify({ pid: 2 ** 22 + 7, at: Date.now() }));
    const handle = await ensureChromaServer({ dataDir });
    started.push(handle);
    expect(handle.owned).toBe(true);
    expect(handle.port).not.toBe(9);
  });

  it('reports a server that cannot start with the end of its log', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const error = await ensureChromaServer({ dataDir, port, startTimeoutMs: 10_000 }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(IndexUnavailableError);
      expect((error as Error).message).toMatch(/exited at start|did not answer/);
      expect((error as IndexUnavailableError).hint).toMatch(/CHROMA_URL/);
    } finally {
      blocker.close();
    }
  });
});
