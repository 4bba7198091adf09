/**
 * Retrieval benchmark: N posts (default 100,000) over P profiles (default
 * 1,000) embedded with the built-in embedder and stored in the real bundled
 * Chroma server (started by our manager in a temporary folder), then
 * p50/p95 of a k=8 query filtered by profile the way the app asks it (the
 * in-memory copy of small profiles over Chroma, cold and warm) and through
 * Chroma's own filtered HNSW search, next to an exact brute-force scan of the
 * same vectors (the in-memory index) in the same run, with the recall of each
 * against the exact answers. Also the built-in embedder's
 * throughput and Chroma's insert rate.
 * Run directly: `node --import <ts loader> bench/retrieval-bench.ts [--posts N] [--profiles N] [--queries N]`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BuiltinEmbedder } from '../src/adapters/embeddings/builtin-embedder.js';
import { ensureChromaServer } from '../src/adapters/vector/chroma-server.js';
import { ChromaVectorIndex } from '../src/adapters/vector/chroma-vector-index.js';
import { MemoryVectorIndex } from '../src/adapters/vector/memory-vector-index.js';
import { openStorage } from '../src/adapters/storage/open-storage.js';
import { CachedVectorIndex } from '../src/core/indexing/cached-vector-index.js';
import type { VectorCollection, VectorIndex, VectorRecord } from '../src/core/ports.js';
import { round, summarize } from './bench-stats.js';
import { generatePost, seededRandom } from './storage-bench-data.js';

export interface RetrievalBenchOptions {
  /** Posts in the index (default 100,000) and profiles they belong to (default 1,000). */
  posts?: number;
  profiles?: number;
  /** Timed queries per figure (default 300). */
  queries?: number;
  /** Progress lines on stderr (default true). */
  verbose?: boolean;
}

const K = 8;
const BATCH = 5_000;

async function timeQueries(
  index: VectorIndex,
  collection: VectorCollection,
  queries: readonly { embedding: number[]; profileId: number }[],
): Promise<{ timings: number[]; answers: number[][] }> {
  const timings: number[] = [];
  const answers: number[][] = [];
  for (const query of queries) {
    const start = performance.now();
    const hits = await index.query(collection, { embedding: query.embedding, k: K, profileId: query.profileId });
    timings.push(performance.now() - start);
    answers.push(hits.map((hit) => hit.postId));
  }
  return { timings, answers };
}

export async function runRetrievalBench(options: RetrievalBenchOptions = {}): Promise<Record<string, unknown>> {
  const postCount = options.posts ?? 100_000;
  const profileCount = options.profiles ?? 1_000;
  const queryCount = options.queries ?? 300;
  const log = options.verbose === false ? () => {} : (line: string) => console.error(line);
  const random = seededRandom(42);
  const texts: string[] = [];
  for (let serial = 0; serial < postCount; serial += 1) texts.push(generatePost(random, serial).text);

  // Built-in embedder throughput over the whole corpus.
  const embedder = new BuiltinEmbedder();
  const embedStart = performance.now();
  const vectors = texts.map((text) => embedder.embedOne(text));
  const embedSeconds = (performance.now() - embedStart) / 1000;
  log(`embedded ${postCount} posts in ${round(embedSeconds)} s`);

  const records: VectorRecord[] = vectors.map((embedding, index) => ({
    postId: index + 1,
    profileId: (index % profileCount) + 1,
    platform: 'x',
    embedding,
    text: texts[index]!,
  }));
  const collection: VectorCollection = { workspaceId: 1, embedderId: embedder.id, dimensions: embedder.dimensions };
  const queryRandom = seededRandom(7);
  const queryTexts = Array.from({ length: queryCount }, (_, serial) => generatePost(queryRandom, postCount + serial).text);
  const queryStart = performance.now();
  const queries = queryTexts.map((text) => ({ embedding: embedder.embedOne(text), profileId: 1 + Math.floor(queryRandom() * profileCount) }));
  const queryEmbedMs = (performance.now() - queryStart) / queryCount;

  const memory = new MemoryVectorIndex();
  await memory.upsert(collection, records);

  const dataDir = await mkdtemp(path.join(tmpdir(), 'smm-retrieval-bench-'));
  const server = await ensureChromaServer({ dataDir });
  try {
    const chroma = new ChromaVectorIndex({ url: server.url, source: 'managed' });
    const insertStart = performance.now();
    for (let start = 0; start < records.length; start += BATCH) {
      await chroma.upsert(collection, records.slice(start, start + BATCH));
      if ((start / BATCH) % 4 === 3) log(`chroma: ${start + BATCH} / ${postCount}`);
    }
    const insertSeconds = (performance.now() - insertStart) / 1000;

    // As the app wires it: the in-memory copy of small profiles over Chroma, its version read from a real
    // SQLite database each query (as the app does). Cold: the first query of each profile in a process (the
    // copy is read from Chroma); warm: the same queries again. Then Chroma's own filtered HNSW search and the
    // in-memory exact scan; each warmed, then timed.
    const storage = await openStorage({ sqlitePath: path.join(dataDir, 'versions.sqlite') });
    const cached = new CachedVectorIndex(chroma, { indexVersion: (profileId) => storage.outbox.indexVersion(profileId), maxVectors: 200_000 });
    const firstOfProfile = queries.filter((query, index) => queries.findIndex((other) => other.profileId === query.profileId) === index);
    const cold = await timeQueries(cached, collection, firstOfProfile);
    const warm = await timeQueries(cached, collection, queries);
    for (const index of [chroma, memory]) await timeQueries(index, collection, queries.slice(0, 10));
    const viaHnsw = await timeQueries(chroma, collection, queries);
    const exact = await timeQueries(memory, collection, queries);
    const recall = (answers: number[][], truthOf: (index: number) => number[] | undefined = (index) => exact.answers[index]) => {
      let found = 0;
      let expected = 0;
      answers.forEach((answer, index) => {
        const truth = new Set(truthOf(index));
        expected += truth.size;
        found += answer.filter((postId) => truth.has(postId)).length;
      });
      return round(found / Math.max(1, expected), 4);
    };
    const coldTruth = firstOfProfile.map((query) => exact.answers[queries.indexOf(query)]);
    await chroma.close();
    await storage.close();
    const warmMs = summarize(warm.timings);
    return {
      posts: postCount,
      profiles: profileCount,
      queries: queryCount,
      k: K,
      embedder: { id: embedder.id, postsPerSecond: Math.round(postCount / embedSeconds), queryEmbedMs: round(queryEmbedMs, 3) },
      chroma: {
        insertPerSecond: Math.round(postCount / insertSeconds),
        hnswQueryMs: summarize(viaHnsw.timings),
        hnswRecallAtK: recall(viaHnsw.answers),
      },
      /** What retrieval uses: small profiles' vectors copied from Chroma into memory, kept current by SQL index versions. */
      app: {
        warmQueryMs: warmMs,
        warmP50Ms: { value: warmMs.p50, goal: '< 10 ms (k=8, 100,000 posts over 1,000 profiles, managed Chroma)', met: warmMs.p50 < 10 },
        coldQueryMs: summarize(cold.timings),
        coldQueries: firstOfProfile.length,
        recallAtK: recall(warm.answers),
        coldRecallAtK: recall(cold.answers, (index) => coldTruth[index]),
      },
      exactScan: { queryMs: summarize(exact.timings) },
    };
  } finally {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

function flag(name: string): number | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : undefined;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await runRetrievalBench({ posts: flag('posts'), profiles: flag('profiles'), queries: flag('queries') });
  console.log(JSON.stringify(result, null, 2));
}
