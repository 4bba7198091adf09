import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedChatModel } from '../src/adapters/llm/embedded-chat-model.js';
import { disposeLlamaRuntime, loadLlamaModel } from '../src/adapters/llm/llama-runtime.js';
import { REPAIR_SECTION } from '../src/core/generation/prompts/problem-codes.js';
import type { ChatModel, NewPost, StructuredRequest, TokenUsage } from '../src/core/ports.js';
import { PostInputSchema } from '../src/core/posts/post-schema.js';
import { openGenerationStack, readDevset, type GenerationStack } from './helpers/generation-stack.js';
import { needSharedFixtures, sharedFixture } from './helpers/optional-needs.js';

// The tiny real LLaMA-architecture model with random weights: real tokenizing, prompt evaluation and
// token meters; its words always fail the checks, so every run has a repair round.
const tinyModel = sharedFixture('models', 'llama-2-tiny-random.gguf');
const skipReason = needSharedFixtures('embedded prompt reuse tests', 'models/llama-2-tiny-random.gguf', 'voice-devset/train.jsonl');
const scope = { workspace: 'default' };

/** The embedded model, keeping each request with the prompt tokens llama.cpp evaluated for it. */
function recording(model: EmbeddedChatModel): ChatModel & { calls: Array<{ request: StructuredRequest; usage: TokenUsage }> } {
  const calls: Array<{ request: StructuredRequest; usage: TokenUsage }> = [];
  return {
    calls,
    id: model.id,
    parallelAnswers: model.parallelAnswers,
    ping: (signal) => model.ping(signal),
    chatWithTools: (request) => model.chatWithTools(request),
    generateStructured: async (request) => {
      const answer = await model.generateStructured(request);
      calls.push({ request, usage: answer.usage });
      return answer;
    },
  };
}

describe.skipIf(skipReason)('generation on the embedded model: what a second run on another topic evaluates (tiny real GGUF, token meters)', () => {
  let dir: string;
  let model: EmbeddedChatModel;
  let recorder: ReturnType<typeof recording>;
  let stack: GenerationStack;
  let topics: string[];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'smm-embedded-reuse-'));
    model = new EmbeddedChatModel({ modelPath: tinyModel, threads: 1, sequences: 4 });
    recorder = recording(model);
    stack = await openGenerationStack({ dir, chatModel: recorder });
    const posts = await readDevset();
    const author = posts[0]!.author;
    const profile = await stack.profiles.create(scope, { handle: 'reuse', displayName: author, platforms: ['x'] });
    const rows: NewPost[] = posts
      .filter((post) => post.author === author)
      .map((post, index) => ({ ...PostInputSchema.parse({ platform: 'x', text: post.text, status: 'published', source: 'imported' }), dedupeKey: `reuse:${index}` }));
    await stack.storage.posts.insertMany(profile.id, rows);
    await stack.indexing.syncPending({ workspaceId: 1 });
    topics = (await readDevset(author, 'test.jsonl')).map((post) => post.text);
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
    await model?.dispose();
    await disposeLlamaRuntime();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('evaluates the shared beginning once: the second run reads only the sections after the repair rules, and each repair turn only its problems', async () => {
    const { model: llama } = await loadLlamaModel(tinyModel);
    const tokens = (text: string) => llama.tokenize(text).length;
    const run = async (topic: string) => {
      const from = recorder.calls.length;
      const result = await stack.generation.generate(scope, { handle: 'reuse', platform: 'x', topic, n: 3 });
      return { result, calls: recorder.calls.slice(from) };
    };
    const first = await run(topics[0]!);
    const second = await run(topics[1]!);

    const isRepair = (request: StructuredRequest) => request.messages.at(-1)!.content.startsWith('PROBLEMS: ');
    const firstRound = second.calls.filter((call) => call.request.messages.length === 2);
    expect(firstRound).toHaveLength(3);
    const prompt = firstRound[0]!.request.messages[1]!.content;
    const ownPart = prompt.slice(prompt.indexOf(REPAIR_SECTION) + REPAIR_SECTION.length);
    const shared = tokens(prompt) - tokens(ownPart);
    expect(shared).toBeGreaterThan(400);
    // The three items together evaluate the part after the repair rules once (and each its own item line), never the shared beginning again.
    const evaluated = firstRound.reduce((total, call) => total + call.usage.promptTokens, 0);
    expect(evaluated).toBeGreaterThan(0);
    expect(evaluated).toBeLessThanOrEqual(tokens(ownPart) + 3 * 20);
    // The first run evaluated the shared beginning (and everything else) at least once.
    expect(first.result.usage.promptTokens).toBeGreaterThan(shared + tokens(ownPart));

    // Each repair turn is the problems alone; the chat template adds its few tokens around a turn.
    const repairs = [...first.calls, ...second.calls].filter((call) => isRepair(call.request));
    expect(repairs.length).toBeGreaterThan(0);
    for (const repair of repairs) {
      const turn = repair.request.messages.at(-1)!.content;
      expect(repair.usage.promptTokens).toBeGreaterThan(tokens(turn));
      expect(repair.usage.promptTokens).toBeLessThanOrEqual(tokens(turn) + 20);
    }
  }, 120_000);
});
