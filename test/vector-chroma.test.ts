import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureChromaServer, type ChromaServerHandle } from '../src/adapters/vector/chroma-server.js';
import { chromaCollectionName } from '../src/adapters/vector/chroma-collection-name.js';
import { ChromaVectorIndex } from '../src/adapters/vector/chroma-vector-index.js';
import { IndexUnavailableError } from '../src/core/errors.js';
import { CachedVectorIndex } from '../src/core/indexing/cached-vector-index.js';
import { vectorIndexContract } from './vector-index-contract.js';

// The real bundled Chroma server, started by our own manager in a temporary data folder.
let dataDir: string;
let server: ChromaServerHandle;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'smm-chroma-'));
  server = await ensureChromaServer({ dataDir });
});

afterAll(async () => {
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

vectorIndexContract('chroma', async () => new ChromaVectorIndex({ url: server.url, source: 'managed' }));
// As the app wires it: small profiles copied into memory and ranked there; with a limit of 3 most of the
// suite's profiles are too large and go to Chroma's own search.
const unchangedVersion = { indexVersion: async () => 0, maxVectors: 10_000 };
vectorIndexContract('chroma behind the in-memory copy', async () => new CachedVectorIndex(new ChromaVectorIndex({ url: server.url, source: 'managed' }), unchangedVersion));
vectorIndexContract('chroma behind the in-memory copy (large profiles)', async () =>
  new CachedVectorIndex(new ChromaVectorIndex({ url: server.url, source: 'managed' }), { ...unchangedVersion, exactScanLimit: 3 }),
);

describe('ChromaVectorIndex', () => {
  it('names collections per workspace and embedder within Chroma rules', () => {
    const name = chromaCollectionName({ workspaceId: 3, embedderId: 'ollama:nomic-embed-text:latest' });
    expect(name).toMatch(/^smm_w3_ollama-nomic-embed-text-latest_[0-9a-f]{8}$/);
    expect(chromaCollectionName({ workspaceId: 3, embedderId: 'ollama/nomic-embed-text:latest' })).not.toBe(name);
    const long = chromaCollectionName({ workspaceId: 1, embedderId: `llamacpp:/${'very-long-folder/'.repeat(40)}model.gguf` });
    expect(long.length).toBeLessThanOrEqual(512);
    expect(long).toMatch(/^[a-z0-9][a-z0-9._-]+[a-z0-9]$/);
  });

  it('fails fast with the CHROMA_URL hint when the server is unreachable', async () => {
    const index = new ChromaVectorIndex({ url: 'http://127.0.0.1:9', connectTimeoutMs: 1_000 });
    const collection = { workspaceId: 1, embedderId: 'test:x', dimensions: 2 };
    const error = await index.query(collection, { embedding: [1, 0], k: 1, profileId: 1 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IndexUnavailableError);
    expect((error as Error).message).toBe(
      'Chroma at http://127.0.0.1:9 is unreachable: start it, fix CHROMA_URL, or unset CHROMA_URL to use the managed local server.',
    );
    await expect(index.ping()).rejects.toBeInstanceOf(IndexUnavailableError);
  });
});
