import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CancelledError, ModelUnavailableError } from '../../core/errors.js';
import type { ProgressEvent } from '../../core/ports.js';
import { DEFAULT_MODEL, ensureModel, listModels } from './model-files.js';
import { needSharedFixtures, sharedFixture } from '../../../test/helpers/optional-needs.js';

const tinyModel = sharedFixture('models', 'llama-2-tiny-random.gguf');
const skipReason = needSharedFixtures('Two model-file tests (a real .gguf)', 'models/llama-2-tiny-random.gguf');

interface FileServer {
  url: string;
  ranges: string[];
  close(): Promise<void>;
}

/** Serves one file over HTTP with Range support, optionally slowly (chunkDelayMs per 64 KiB), or never answers. */
async function serveFile(content: Buffer | undefined, options: { chunkDelayMs?: number } = {}): Promise<FileServer> {
  const ranges: string[] = [];
  const open = new Set<ServerResponse>();
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    open.add(response);
    response.on('close', () => open.delete(response));
    if (!content) return; // silent: accept and never answer
    const range = /bytes=(\d+)-(\d*)/.exec(request.headers.range ?? '');
    if (range) ranges.push(request.headers.range!);
    const start = range ? Number(range[1]) : 0;
    const end = range && range[2] ? Number(range[2]) : content.length - 1;
    const headers = { 'content-type': 'application/octet-stream', 'accept-ranges': 'bytes', 'content-length': String(end - start + 1) };
    if (range) response.writeHead(206, { ...headers, 'content-range': `bytes ${start}-${end}/${content.length}` });
    else response.writeHead(200, headers);
    if (request.method === 'HEAD') return void response.end();
    void (async () => {
      for (let offset = start; offset <= end && !response.destroyed; offset += 65_536) {
        if (options.chunkDelayMs) await new Promise((resolve) => setTimeout(resolve, options.chunkDelayMs));
        response.write(content.subarray(offset, Math.min(offset + 65_536, end + 1)));
      }
      response.end();
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    ranges,
    close: async () => {
      for (const response of open) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const sha = (buffer: Buffer) => createHash('sha256').update(buffer).digest('hex');

describe('ensureModel and listModels', () => {
  let cacheDir: string;
  let server: FileServer | undefined;
  beforeEach(async () => {
    cacheDir = await mkdtemp(path.join(tmpdir(), 'smm-models-'));
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    await rm(cacheDir, { recursive: true, force: true });
  });

  it.skipIf(skipReason)('uses a local model path as is, and says what to do when it is missing', async () => {
    expect(await ensureModel({ path: tinyModel, cacheDir, download: false })).toEqual({ path: tinyModel, downloaded: false });
    const error = await ensureModel({ path: '/nowhere/model.gguf', cacheDir, download: true }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ModelUnavailableError);
    expect((error as Error).message).toContain('SMM_MODEL_PATH');
  });

  it('without download, reports the missing default model with the three ways out', async () => {
    const error = await ensureModel({ cacheDir, download: false }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ModelUnavailableError);
    expect((error as Error).message).toContain(DEFAULT_MODEL.uri);
    const hint = (error as ModelUnavailableError).hint!;
    expect(hint).toContain('Run `smm models pull` on a machine with internet');
    expect(hint).toContain('SMM_MODEL_PATH');
    expect(hint).toMatch(/Ollama \/ an OpenAI-compatible server/);
  });

  it('fails fast when the model host does not answer (offline), with the same advice', async () => {
    server = await serveFile(undefined);
    const error = await ensureModel({ cacheDir, download: true, hubEndpoint: server.url, connectTimeoutMs: 500 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ModelUnavailableError);
    expect((error as Error).message).toMatch(/did not answer within 500 ms/);
    expect((error as ModelUnavailableError).hint).toContain('smm models pull');
  });

  it('fails fast when the model host refuses connections', async () => {
    const error = await ensureModel({ cacheDir, download: true, hubEndpoint: 'http://127.0.0.1:9/' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ModelUnavailableError);
    expect((error as ModelUnavailableError).hint).toContain('SMM_MODEL_PATH');
  });

  it.skipIf(skipReason)('downloads once into the cache with byte progress, then finds it offline', async () => {
    const content = await readFile(tinyModel);
    server = await serveFile(content);
    const uri = `${server.url}/files/tiny-test.gguf`;
    const events: ProgressEvent[] = [];
    const first = await ensureModel({ uri, cacheDir, download: true, onProgress: (event) => events.push(event) });
    expect(first.downloaded).toBe(true);
    expect(first.path.startsWith(path.join(cacheDir, 'models'))).toBe(true);
    expect(sha(await readFile(first.path))).toBe(sha(content));
    expect(events.at(-1)).toMatchObject({ phase: 'download', done: content.length, total: content.length, unit: 'bytes' });
    for (let i = 1; i < events.length; i += 1) expect(events[i]!.done!).toBeGreaterThanOrEqual(events[i - 1]!.done!);

    await server.close();
    server = undefined;
    expect(await ensureModel({ uri, cacheDir, download: false })).toEqual({ path: first.path, downloaded: false });
    const listed = await listModels(cacheDir);
    expect(listed).toEqual([expect.objectContaining({ path: first.path, sizeBytes: content.length, partial: false })]);
  });

  it('resumes a cancelled download from where it stopped', async () => {
    // ipull saves progress per 5 MiB chunk, so the file must span several chunks.
    const content = Buffer.alloc(11 * 1024 * 1024);
    for (let offset = 0; offset < content.length; offset += 4) content.writeUInt32LE((offset * 2654435761) >>> 0, offset);
    server = await serveFile(content, { chunkDelayMs: 4 });
    const uri = `${server.url}/files/big-resume.gguf`;
    const controller = new AbortController();
    const error = await ensureModel({
      uri,
      cacheDir,
      download: true,
      signal: controller.signal,
      onProgress: (event) => (event.done ?? 0) > 7 * 1024 * 1024 && controller.abort(),
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CancelledError);
    expect((error as Error).message).toMatch(/run it again to resume/);
    expect(await listModels(cacheDir)).toEqual([expect.objectContaining({ name: 'big-resume.gguf', partial: true })]);

    server.ranges.length = 0;
    const resumed = await ensureModel({ uri, cacheDir, download: true });
    expect(sha(await readFile(resumed.path))).toBe(sha(content));
    const requested = server.ranges.map((range) => {
      const [, start, end] = /bytes=(\d+)-(\d*)/.exec(range)!;
      return (end ? Number(end) : content.length - 1) - Number(start) + 1;
    });
    expect(requested.length).toBeGreaterThan(0);
    // Chunks finished before the cancel (ipull saves progress per 5 MiB chunk) are not fetched again.
    expect(requested.reduce((sum, bytes) => sum + bytes, 0)).toBeLessThan(content.length);
    expect(await listModels(cacheDir)).toEqual([expect.objectContaining({ partial: false, sizeBytes: content.length })]);
  });

  it('lists nothing when the cache has no models folder', async () => {
    expect(await listModels(path.join(cacheDir, 'missing'))).toEqual([]);
  });
});
