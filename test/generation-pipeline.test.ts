import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ScriptedChatModel } from '../src/adapters/llm/scripted-chat-model.js';
import { ensureChromaServer, type ChromaServerHandle } from '../src/adapters/vector/chroma-server.js';
import { ChromaVectorIndex } from '../src/adapters/vector/chroma-vector-index.js';
import type { NewPost, VectorIndex } from '../src/core/ports.js';
import { measure } from '../src/core/platforms/text-length.js';
import { PostInputSchema } from '../src/core/posts/post-schema.js';
import type { Profile } from '../src/core/profiles/profile-schema.js';
import { openGenerationStack, readDevset, type GenerationStack } from './helpers/generation-stack.js';
import { needSharedFixtures } from './helpers/optional-needs.js';

const skipReason = needSharedFixtures('Generation over real past posts', 'voice-devset/train.jsonl', 'voice-devset/test.jsonl');

const scope = { workspace: 'default' };
/** The scripted model of the llm adapters, answering these values in order. */
const scripted = (...values: unknown[]): ScriptedChatModel => new ScriptedChatModel({ replies: values.map((value) => ({ value })) });

async function seed(stack: GenerationStack): Promise<{ profile: Profile; texts: string[] }> {
  const profile = await stack.profiles.create(scope, { handle: 'parks', displayName: 'National Park Service', platforms: ['x'] });
  const posts = await readDevset('NatlParkService');
  const rows: NewPost[] = posts.map((post, index) => ({
    ...PostInputSchema.parse({ platform: 'x', text: post.text, status: 'published', source: 'imported', publishedAt: post.time, externalId: `nps-${index}` }),
    dedupeKey: `id:nps-${index}`,
  }));
  await stack.storage.posts.insertMany(profile.id, rows);
  return { profile, texts: posts.map((post) => post.text) };
}

describe.skipIf(skipReason)('generation over SQLite, the built-in embedder and the in-memory index', () => {
  let dir: string;
  let stack: GenerationStack;
  let model: ScriptedChatModel;
  let texts: string[];

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'smm-generation-'));
    model = scripted({ variants: [] });
    stack = await openGenerationStack({ dir, chatModel: model });
    ({ texts } = await seed(stack));
  });

  afterEach(async () => {
    await stack.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes variants from real past posts, checks them against the real voice, saves drafts and the generation record', async () => {
    // Two of the account's own newer posts (held out of the profile) as the model's answer: they sound like it.
    const heldOut = (await readDevset('NatlParkService', 'test.jsonl')).map((post) => post.text);
    const inVoice = heldOut.filter((text) => !text.startsWith('@') && measure('x', text).length <= 280).slice(0, 2);
    model = scripted({ variants: inVoice.map((text) => ({ text, hashtags: [] })) });
    const own = await openGenerationStack({ dir, chatModel: model });
    try {
      const tokens: string[] = [];
      const result = await own.generation.generate(scope, { handle: 'parks', platform: 'x', topic: 'wildlife in the parks', n: 2, onToken: (token) => tokens.push(token) });
      // The model's answer streamed through to the caller.
      expect(JSON.parse(tokens.join(''))).toEqual({ variants: inVoice.map((text) => ({ text, hashtags: [] })) });
      expect(result.retrieval).toBe('vector');
      expect(result.examples.length).toBeGreaterThanOrEqual(4);
      for (const example of result.examples) expect(texts).toContain(example.text);
      expect(result.variants.map((variant) => variant.violations)).toEqual([[], []]);
      for (const variant of result.variants) expect(variant.voiceScore).toBeGreaterThanOrEqual(30);
      // The prompt carries the habits the real fingerprint found.
      expect(model.calls[0]?.messages[1]?.content).toContain('Habits seen in past posts (quoted data');

      const record = await own.storage.generations.get(result.generationId);
      expect(record).toMatchObject({ kind: 'generate', promptVersion: 'generate-v2', retrieval: 'vector', model: 'scripted:test' });
      expect(record?.exampleIds).toEqual(result.examples.map((example) => example.postId));
      const drafts = await own.storage.posts.getMany(result.variants.map((variant) => variant.postId));
      expect(drafts.map((draft) => [draft.status, draft.source, draft.generationId])).toEqual([
        ['draft', 'generated', result.generationId],
        ['draft', 'generated', result.generationId],
      ]);
      // The catch-up before the query indexed every imported post.
      const status = await own.indexing.status(1);
      expect(status.indexed).toBeGreaterThanOrEqual(texts.length);
    } finally {
      await own.close();
    }
  });

  it('flags a variant that copies a real past post, naming it', async () => {
    const copied = texts.find((text) => text.length > 80)!;
    model = scripted({ variants: [{ text: copied, hashtags: [] }] }, { variants: [{ text: copied, hashtags: [] }] });
    const own = await openGenerationStack({ dir, chatModel: model });
    try {
      const result = await own.generation.generate(scope, { handle: 'parks', platform: 'x', topic: copied, n: 1 });
      const violation = result.variants[0]?.violations.find((entry) => entry.rule === 'near-duplicate');
      expect(violation).toBeDefined();
      const page = await own.storage.posts.list({ workspace: 'default', limit: 500 });
      const source = page.posts.find((post) => post.text === copied && post.source === 'imported');
      expect(violation?.details?.postId).toBe(source?.id);
      expect(result.variants[0]?.valid).toBe(false);
    } finally {
      await own.close();
    }
  });

  it('sends a variant in another voice back for repair with the voice notes, and keeps the better one', async () => {
    const otherVoice = '🇺🇸VOTE! YOUR VOICE MATTERS! (paws UP @ladygaga)🇺🇸 lol';
    const parkVoice = 'Bats eat insects, pollinate plants and fascinate visitors. Learn more about these wonders of the night in your national parks.';
    model = scripted({ variants: [{ text: otherVoice, hashtags: [] }] }, { variants: [{ text: parkVoice, hashtags: [] }] });
    const own = await openGenerationStack({ dir, chatModel: model });
    try {
      const result = await own.generation.generate(scope, { handle: 'parks', platform: 'x', topic: 'bats in the parks', n: 1 });
      const repair = model.calls[1]?.messages.at(-1)?.content ?? '';
      // The voice's score and the notes on how the text differs, as the repair rules in the request explain them.
      const problems = JSON.parse(repair.slice('PROBLEMS: '.length)) as Record<string, string[]>;
      expect(problems['1']?.find((problem) => problem.startsWith('voice '))).toMatch(/^voice \d+\/100: \S/);
      expect(result.variants[0]).toMatchObject({ text: parkVoice, valid: true });
    } finally {
      await own.close();
    }
  });

  it('reindexes from SQL and reports status, with the embedder recorded in settings', async () => {
    const result = await stack.indexing.reindex({ workspaceId: 1 });
    expect(result).toMatchObject({ scope: 'workspace', queued: texts.length, upserted: texts.length, remaining: 0, embedder: stack.embedder.id });
    expect(await stack.indexing.status(1)).toMatchObject({
      recordedEmbedder: stack.embedder.id,
      recordedDimensions: stack.embedder.dimensions,
      embedderMatches: true,
      pending: 0,
      indexed: texts.length,
    });
  });
});

describe.skipIf(skipReason)('generation with the real Chroma server, and the fallback when it stops', () => {
  let dataDir: string;
  let server: ChromaServerHandle;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'smm-generation-chroma-'));
    server = await ensureChromaServer({ dataDir });
  });

  afterAll(async () => {
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('retrieves from Chroma, then falls back to SQL full-text search with Chroma stopped, losing nothing', async () => {
    const reply = { variants: [{ text: 'Camping under dark skies: check the fire rules before you go.', hashtags: [] }] };
    // The second run says something new: repeating the first run's draft would be sent back for repair.
    // Spare replies: this test is about retrieval; a voice check that asks for a repair (the score moves with the
    // fingerprint, which leaves out posts without words) must not run the script dry.
    const next = { variants: [{ text: 'Bears are waking up: store food in the lockers at every trailhead.', hashtags: [] }] };
    const model = scripted(reply, reply, next, next);
    const vectorIndex: VectorIndex = new ChromaVectorIndex({ url: server.url, source: 'managed', connectTimeoutMs: 1_000 });
    const stack = await openGenerationStack({ dir: dataDir, chatModel: model, vectorIndex });
    try {
      await seed(stack);
      const first = await stack.generation.generate(scope, { handle: 'parks', platform: 'x', topic: 'wildlife safety tips', n: 1 });
      expect(first.retrieval).toBe('vector');
      expect(first.examples.length).toBeGreaterThan(0);

      await server.stop();
      const second = await stack.generation.generate(scope, { handle: 'parks', platform: 'x', topic: 'wildlife safety tips', n: 1 });
      expect(second.retrieval).toBe('fulltext-fallback');
      expect(second.examples.length).toBeGreaterThan(0);
      expect(second.examples.some((example) => /safety/i.test(example.text))).toBe(true);
      expect(second.variants).toHaveLength(1);
      // The first run's drafts wait in the outbox for the index to come back.
      expect(await stack.storage.outbox.countPending(1)).toBeGreaterThanOrEqual(1);
      expect((await stack.storage.generations.get(second.generationId))?.retrieval).toBe('fulltext-fallback');
    } finally {
      await stack.close();
    }
  });
});
