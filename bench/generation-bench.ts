/**
 * Generation engine benchmarks (figures for the "Generation engine" issue):
 * - overhead: request → validated, saved drafts with a scripted model, p50/p95,
 *   over a real SQLite file and the in-memory index, and over the real Chroma
 *   server when it starts; goal p50 < 30 ms. Measured twice: with an instant
 *   model (everything we do is on the clock, including indexing the previous
 *   run's drafts) and with a model taking 200 ms, subtracted (what a user
 *   waits for beyond the model: that indexing then overlaps the model);
 * - prompt tokens of a 3-variant X post with 8 examples; goal < 1,500;
 * - reindex throughput with the built-in embedder; goal ≥ 1,000 posts/s.
 * Posts are real ones from ../shared/fixtures/voice-devset (25 accounts).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ScriptedChatModel } from '../src/adapters/llm/scripted-chat-model.js';
import { ensureChromaServer } from '../src/adapters/vector/chroma-server.js';
import { ChromaVectorIndex } from '../src/adapters/vector/chroma-vector-index.js';
import { estimateMessagesTokens } from '../src/core/generation/token-estimate.js';
import type { NewPost, StructuredRequest, VectorIndex } from '../src/core/ports.js';
import { PostInputSchema } from '../src/core/posts/post-schema.js';
import { openGenerationStack, readDevset, type DevsetPost, type GenerationStack } from '../test/helpers/generation-stack.js';
import { round, summarize } from './bench-stats.js';

const scope = { workspace: 'default' };

/**
 * The scripted model answering with as many valid variants as asked for:
 * at once (only our own work is timed), or after `delayMs` like a real model
 * (index catch-up then overlaps the model's time, which is subtracted).
 */
const WORDS = 'amber basil cedar delta ember fjord garnet harbor indigo juniper kettle lantern meadow nectar orchid pepper quartz river saffron timber umber velvet willow yarrow zephyr'.split(' ');

/** Eight words that differ from one seed to the next (a mixed-radix walk over WORDS). */
function distinctWords(seed: number): string {
  return Array.from({ length: 8 }, (_, position) => WORDS[(seed * (position + 3) + position * 7 + Math.floor(seed / (position + 1))) % WORDS.length]).join(' ');
}

function instantModel(delayMs = 0): ScriptedChatModel {
  let run = 0;
  return new ScriptedChatModel({
    id: 'scripted:instant',
    whenExhausted: 'repeat-last',
    delayMs,
    replies: [
      (request: StructuredRequest) => {
        const n = (request.jsonSchema as { properties: { variants: { minItems: number } } }).properties.variants.minItems;
        run += 1;
        // Different words in every variant of every run, as a real model writes: repeats would go to the repair round.
        const variants = Array.from({ length: n }, (_, index) => ({
          text: `Variant ${index + 1} of run ${run}: ${distinctWords(run * 10 + index)}.`,
          hashtags: index === 0 ? ['Bench'] : [],
        }));
        return { value: { variants } };
      },
    ],
  });
}

async function seed(stack: GenerationStack, posts: readonly DevsetPost[]): Promise<Map<string, string>> {
  const handles = new Map<string, string>();
  const byAuthor = new Map<string, DevsetPost[]>();
  for (const post of posts) byAuthor.set(post.author, [...(byAuthor.get(post.author) ?? []), post]);
  for (const [author, own] of byAuthor) {
    const handle = author.toLowerCase().replace(/[^a-z0-9_.-]/g, '-');
    const profile = await stack.profiles.create(scope, { handle, displayName: author, platforms: ['x'] });
    const rows: NewPost[] = own.map((post, index) => ({
      ...PostInputSchema.parse({ platform: 'x', text: post.text, status: 'published', source: 'imported', publishedAt: post.time }),
      dedupeKey: `bench:${author}:${index}`,
    }));
    await stack.storage.posts.insertMany(profile.id, rows);
    handles.set(author, handle);
  }
  return handles;
}

async function overhead(label: string, vectorIndex: VectorIndex | undefined, runs: number, modelDelayMs = 0): Promise<Record<string, unknown>> {
  const dir = await mkdtemp(path.join(tmpdir(), `smm-generation-bench-${label}-`));
  const model = instantModel(modelDelayMs);
  const stack = await openGenerationStack({ dir, chatModel: model, vectorIndex });
  try {
    const handles = await seed(stack, await readDevset());
    await stack.indexing.syncPending({ workspaceId: 1 });
    const topics = (await readDevset(undefined, 'test.jsonl')).filter((post) => handles.has(post.author));
    // One run per profile first: it builds each voice fingerprint (once per profile and process) and warms the JIT.
    const warmup = [...handles.values()];
    for (const handle of warmup) await stack.generation.generate(scope, { handle, platform: 'x', topic: 'a warm-up topic', n: 3 });
    const timings: number[] = [];
    let examples = 0;
    const retrievals = new Set<string>();
    for (let run = 0; run < runs; run += 1) {
      const topic = topics[(run * 37) % topics.length]!;
      const calls = model.calls.length;
      const started = performance.now();
      const result = await stack.generation.generate(scope, { handle: handles.get(topic.author)!, platform: 'x', topic: topic.text, n: 3 });
      // The model's own time is excluded: its scripted delay, once per call made in this run.
      timings.push(performance.now() - started - modelDelayMs * (model.calls.length - calls));
      examples += result.examples.length;
      retrievals.add(result.retrieval);
    }
    // The generation prompts alone: a repair continues that conversation (its reply and one more turn follow).
    const promptTokens = model.calls.filter((call) => call.messages.length === 2 && call.messages[1]?.content.includes('TASK: Write 3 new')).map((call) => estimateMessagesTokens(call.messages)).slice(warmup.length);
    const prompts = summarize(promptTokens);
    return {
      posts: (await readDevset()).length,
      profiles: handles.size,
      overheadMs: summarize(timings),
      meanExamples: round(examples / runs, 1),
      retrieval: [...retrievals],
      promptTokens3xX8: { p50: prompts.p50, p95: prompts.p95, max: Math.max(...promptTokens) },
    };
  } finally {
    await stack.close();
    await rm(dir, { recursive: true, force: true });
  }
}

async function reindexThroughput(total: number): Promise<Record<string, unknown>> {
  const dir = await mkdtemp(path.join(tmpdir(), 'smm-reindex-bench-'));
  const stack = await openGenerationStack({ dir, chatModel: instantModel() });
  try {
    const texts = (await readDevset()).map((post) => post.text);
    const profile = await stack.profiles.create(scope, { handle: 'bulk', displayName: 'Bulk' });
    const rows: NewPost[] = Array.from({ length: total }, (_, index) => ({
      ...PostInputSchema.parse({ platform: 'x', text: `${texts[index % texts.length]} (${index})`, status: 'published', source: 'imported' }),
      dedupeKey: `bulk:${index}`,
    }));
    for (let start = 0; start < rows.length; start += 2_000) await stack.storage.posts.insertMany(profile.id, rows.slice(start, start + 2_000));
    const started = performance.now();
    const result = await stack.indexing.reindex({ workspaceId: 1, batchSize: 500 });
    const seconds = (performance.now() - started) / 1000;
    return { posts: result.upserted, seconds: round(seconds), postsPerSecond: Math.round(result.upserted / seconds), embedder: stack.embedder.id };
  } finally {
    await stack.close();
    await rm(dir, { recursive: true, force: true });
  }
}

export async function runGenerationBench(): Promise<Record<string, unknown>> {
  const results: Record<string, unknown> = {};
  console.error('generation overhead (SQLite + in-memory index), instant model…');
  results.memory = await overhead('memory', undefined, 100);
  console.error('generation overhead (SQLite + in-memory index), model taking 200 ms (subtracted)…');
  results.memoryModel200ms = await overhead('memory-200', undefined, 40, 200);
  const chromaDir = await mkdtemp(path.join(tmpdir(), 'smm-generation-bench-chroma-'));
  try {
    const server = await ensureChromaServer({ dataDir: chromaDir });
    try {
      console.error('generation overhead (SQLite + Chroma server), instant model…');
      results.chroma = await overhead('chroma', new ChromaVectorIndex({ url: server.url, source: 'managed' }), 60);
      console.error('generation overhead (SQLite + Chroma server), model taking 200 ms (subtracted)…');
      results.chromaModel200ms = await overhead('chroma-200', new ChromaVectorIndex({ url: server.url, source: 'managed' }), 40, 200);
    } finally {
      await server.stop();
    }
  } catch (error) {
    results.chroma = { error: error instanceof Error ? error.message : String(error) };
  } finally {
    await rm(chromaDir, { recursive: true, force: true });
  }
  console.error('reindex throughput (built-in embedder, in-memory index)…');
  results.reindex = await reindexThroughput(10_000);
  return results;
}
