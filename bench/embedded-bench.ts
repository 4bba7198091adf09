/**
 * The embedded model's speed (issue 8), with the tiny real GGUF in
 * ../shared/fixtures/models (random weights: gibberish, but real llama.cpp
 * work: tokenizing, prompt evaluation, grammar, batching). Ratios within one run:
 * - promptReuse: prompt tokens llama.cpp evaluated (its token meter) for a
 *   second `generate` of the same profile and platform, on another topic,
 *   over the first one's; goal ≤ 0.2;
 * - sideBySide: wall time of 3 variants decoded as parallel sequences of one
 *   context over 1 variant of the same length (the same prompt at temperature
 *   0, prompt prefix already evaluated); goal ≤ 1.6; beside it, the same
 *   measured on bare node-llama-cpp (bareNodeLlamaCpp), with and without the
 *   grammar: the ceiling this model and runtime allow;
 * - overhead: tokens per second of a whole `generate` (retrieval, prompt,
 *   model, checks, repair round, save) over a bare node-llama-cpp loop
 *   decoding the same prompts with the same grammar on the same model; goal ≥ 0.9.
 * SMM_BENCH_THREADS sets llama.cpp's threads (default 1: on a busy machine more threads wait on each other).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EmbeddedChatModel } from '../src/adapters/llm/embedded-chat-model.js';
import { disposeLlamaRuntime, loadLlamaModel } from '../src/adapters/llm/llama-runtime.js';
import type { ChatModel, NewPost, StructuredRequest, TokenUsage, ToolChatRequest, ToolChatTurn } from '../src/core/ports.js';
import type { GenerationOptions } from '../src/core/generation/generation-types.js';
import { variantsJsonSchema } from '../src/core/generation/variant-schema.js';
import { PostInputSchema } from '../src/core/posts/post-schema.js';
import { openGenerationStack, readDevset, type GenerationStack } from '../test/helpers/generation-stack.js';
import { percentile, round } from './bench-stats.js';

const scope = { workspace: 'default' };
const THREADS = Number(process.env.SMM_BENCH_THREADS ?? 1);
const TINY_MODEL = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'fixtures', 'models', 'llama-2-tiny-random.gguf');
const TINY_MODEL_FROM_SOURCE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared', 'fixtures', 'models', 'llama-2-tiny-random.gguf');

interface Call {
  request: StructuredRequest;
  usage: TokenUsage;
  ms: number;
}

/** Passes requests to the embedded model and keeps each one with its usage and time. */
class Recorder implements ChatModel {
  readonly calls: Call[] = [];
  constructor(private readonly model: EmbeddedChatModel) {}
  get id(): string {
    return this.model.id;
  }
  get parallelAnswers(): number {
    return this.model.parallelAnswers;
  }
  async ping(signal?: AbortSignal): Promise<void> {
    await this.model.ping(signal);
  }
  chatWithTools(request: ToolChatRequest): Promise<ToolChatTurn> {
    return this.model.chatWithTools(request);
  }
  async generateStructured(request: StructuredRequest): Promise<{ value: unknown; usage: TokenUsage }> {
    const started = performance.now();
    const answer = await this.model.generateStructured(request);
    this.calls.push({ request, usage: answer.usage, ms: performance.now() - started });
    return answer;
  }
}

function modelFile(): string {
  const file = [TINY_MODEL, TINY_MODEL_FROM_SOURCE].find((candidate) => existsSync(candidate));
  if (!file) throw new Error(`The tiny test model is missing (looked at ${TINY_MODEL}).`);
  return file;
}

async function seededStack(dir: string, model: ChatModel, options?: GenerationOptions): Promise<{ stack: GenerationStack; handle: string; topics: string[] }> {
  mkdirSync(dir, { recursive: true });
  const stack = await openGenerationStack({ dir, chatModel: model, options });
  const posts = await readDevset();
  const counts = new Map<string, number>();
  for (const post of posts) counts.set(post.author, (counts.get(post.author) ?? 0) + 1);
  const author = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0];
  const profile = await stack.profiles.create(scope, { handle: 'bench', displayName: author, platforms: ['x', 'linkedin'] });
  const rows: NewPost[] = posts
    .filter((post) => post.author === author)
    .map((post, index) => ({
      ...PostInputSchema.parse({ platform: 'x', text: post.text, status: 'published', source: 'imported', publishedAt: post.time }),
      dedupeKey: `bench:${index}`,
    }));
  await stack.storage.posts.insertMany(profile.id, rows);
  await stack.indexing.syncPending({ workspaceId: 1 });
  const topics = (await readDevset(author, 'test.jsonl')).map((post) => post.text);
  return { stack, handle: 'bench', topics };
}

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);
type SchemaShape = { properties: { variants: { items: { properties: { text: { maxLength: number } } } } } };
const isItem = (request: StructuredRequest) => /\nITEM: /.test(request.messages.at(-1)?.content ?? '');
const isFirstRound = (request: StructuredRequest) => /\nTASK: Write /.test(request.messages.at(-1)?.content ?? '');
const isRepair = (request: StructuredRequest) => /^PROBLEMS: /.test(request.messages.at(-1)?.content ?? '');

/**
 * Prompt tokens of generations of the same profile and platform, as a user
 * makes them: a first one on a fresh model (nothing evaluated yet), then one
 * on another topic (the goal's figure), then that topic again. Rounds of
 * their own (a fresh model and store each, other topics), because the random
 * model's replies vary and so does its repair round; the goal's figure is the median.
 */
async function promptReuse(dir: string, rounds: number): Promise<Record<string, unknown>> {
  const { model: tokenizer } = await loadLlamaModel(modelFile());
  const tokens = (text: string) => tokenizer.tokenize(text).length;
  const runs: Array<Record<string, unknown>> = [];
  const ratios: number[] = [];
  const sameTopicRatios: number[] = [];
  for (let index = 0; index < rounds; index += 1) {
    const model = new EmbeddedChatModel({ modelPath: modelFile(), threads: THREADS });
    const recorder = new Recorder(model);
    const { stack, handle, topics } = await seededStack(path.join(dir, String(index)), recorder);
    try {
      const run = async (topic: string) => {
        const from = recorder.calls.length;
        const result = await stack.generation.generate(scope, { handle, platform: 'x', topic, n: 3 });
        const calls = recorder.calls.slice(from);
        const firstRound = calls.filter((call) => isFirstRound(call.request));
        const repairs = calls.filter((call) => isRepair(call.request));
        const prompt = firstRound[0]?.request.messages.at(-1)?.content ?? '';
        return {
          promptTokens: result.usage.promptTokens,
          firstRoundPromptTokens: sum(firstRound.map((call) => call.usage.promptTokens)),
          repairRoundPromptTokens: sum(repairs.map((call) => call.usage.promptTokens)),
          repairTurns: repairs.length,
          // What changes with the topic: the past posts found for it, the topic and the task (the item line left out).
          topicSectionsTokens: tokens(prompt.slice(prompt.indexOf('\n\nPAST POSTS'), prompt.lastIndexOf('\n\nITEM: '))),
          pastPostsTokens: tokens(prompt.slice(prompt.indexOf('\n\nPAST POSTS'), prompt.indexOf('\n\nTOPIC'))),
          calls: calls.length,
        };
      };
      const first = await run(topics[2 * index]!);
      const anotherTopic = await run(topics[2 * index + 1]!);
      const sameTopicAgain = await run(topics[2 * index + 1]!);
      ratios.push(anotherTopic.promptTokens / first.promptTokens);
      sameTopicRatios.push(sameTopicAgain.promptTokens / first.promptTokens);
      runs.push({ first, anotherTopic, sameTopicAgain });
    } finally {
      await stack.close();
      await model.dispose();
    }
  }
  return {
    note:
      'usage.promptTokens of each generate (3 variants, X), from llama.cpp token meters: the 3 side-by-side requests, any format retry and the repair round ' +
      '(the random model always needs one: each failing variant continues its own conversation on the sequence holding its reply, so only the turn naming ' +
      'its problems is new, once per variant). The second generate is on another topic, as a user makes it: the instructions, voice, platform, output ' +
      'and repair sections are reused, and the past posts, found for the topic, are evaluated with the topic and the task (topicSectionsTokens, pastPostsTokens: ' +
      'the tiny model\'s tokenizer). sameTopicAgain: that topic once more, everything but the repair turns reused. Each round: a fresh model and store, its own topics.',
    rounds: runs,
    secondOverFirstPromptTokens: round(percentile(ratios, 50), 3),
    secondOverFirstEachRound: ratios.map((ratio) => round(ratio, 3)),
    sameTopicOverFirstPromptTokens: round(percentile(sameTopicRatios, 50), 3),
  };
}

/** The generation prompt of one side-by-side item, as the service builds it. */
async function generationPrompt(dir: string): Promise<StructuredRequest> {
  const model = new EmbeddedChatModel({ modelPath: modelFile(), threads: THREADS, sequences: 3 });
  const recorder = new Recorder(model);
  const { stack, handle, topics } = await seededStack(dir, recorder);
  try {
    await stack.generation.generate(scope, { handle, platform: 'x', topic: topics[2]!, n: 3 });
    const item = recorder.calls.find((call) => isItem(call.request) && isFirstRound(call.request));
    if (!item) throw new Error('No side-by-side request was made.');
    return { ...item.request, onToken: undefined, signal: undefined };
  } finally {
    await stack.close();
    await model.dispose();
  }
}

/** 1 variant, then 3 identical ones side by side, at temperature 0 on a warm prefix: the same length each. */
/**
 * A generation's completion tokens; one that ran out of tokens before closing its JSON (the random
 * model sometimes does, and which one varies with batched rounding) generated exactly maxTokens:
 * its wall time counts as a run of that length instead of ending the bench.
 */
async function completionTokens(answer: Promise<{ usage: { completionTokens: number } }>, maxTokens: number): Promise<number> {
  try {
    return (await answer).usage.completionTokens;
  } catch (error) {
    if (error instanceof Error && /ran out of tokens/.test(error.message)) return maxTokens;
    throw error;
  }
}

async function sideBySide(request: StructuredRequest, rounds: number): Promise<Record<string, unknown>> {
  const model = new EmbeddedChatModel({ modelPath: modelFile(), threads: THREADS, sequences: 3 });
  try {
    const greedy = { ...request, temperature: 0 };
    const ask = () => completionTokens(model.generateStructured(greedy), greedy.maxTokens ?? 1024);
    await Promise.all([ask(), ask(), ask()]); // every sequence now holds the prompt
    const one: Array<{ ms: number; tokens: number }> = [];
    const three: Array<{ ms: number; tokens: number[] }> = [];
    for (let index = 0; index < rounds; index += 1) {
      let started = performance.now();
      const single = await ask();
      one.push({ ms: performance.now() - started, tokens: single });
      started = performance.now();
      const answers = await Promise.all([ask(), ask(), ask()]);
      three.push({ ms: performance.now() - started, tokens: answers });
    }
    // The way before: one request writing the 3 variants one after the other in one JSON answer.
    const shape = { n: 3, maxChars: ((request.jsonSchema as SchemaShape).properties.variants.items.properties.text.maxLength) };
    const lastMessage = request.messages.at(-1)!;
    const together: StructuredRequest = {
      ...greedy,
      messages: [...request.messages.slice(0, -1), { ...lastMessage, content: lastMessage.content.replace(/\n\nITEM: [^\n]*$/, '') }],
      jsonSchema: variantsJsonSchema(shape),
      maxTokens: (request.maxTokens! - 200) * 3 + 200,
    };
    await completionTokens(model.generateStructured(together), together.maxTokens!);
    const inOne: Array<{ ms: number; tokens: number }> = [];
    for (let index = 0; index < rounds; index += 1) {
      const started = performance.now();
      const answer = await completionTokens(model.generateStructured(together), together.maxTokens!);
      inOne.push({ ms: performance.now() - started, tokens: answer });
    }
    const inOneMs = percentile(inOne.map((run) => run.ms), 50);
    const oneMs = percentile(one.map((run) => run.ms), 50);
    const threeMs = percentile(three.map((run) => run.ms), 50);
    const oneTokens = sum(one.map((run) => run.tokens)) / one.length;
    const threeTokensPerVariant = sum(three.flatMap((run) => run.tokens)) / (three.length * 3);
    return {
      rounds,
      oneVariant: { wallMsP50: round(oneMs), tokensPerVariant: round(oneTokens, 1) },
      threeVariants: { wallMsP50: round(threeMs), tokensPerVariant: round(threeTokensPerVariant, 1) },
      threeOverOneWallTime: round(threeMs / oneMs, 3),
      threeOverOneWallTimePerToken: round(threeMs / threeTokensPerVariant / (oneMs / oneTokens), 3),
      threeInOneRequest: { wallMsP50: round(inOneMs), tokens: round(sum(inOne.map((run) => run.tokens)) / inOne.length, 1) },
      sideBySideOverOneRequest: round(threeMs / inOneMs, 3),
    };
  } finally {
    await model.dispose();
  }
}

/**
 * The ceiling of side-by-side decoding in node-llama-cpp itself: bare
 * LlamaChatSessions on one context of 3 sequences, the same prompt at
 * temperature 0, 1 request against 3 at once, with the request's grammar and
 * without any. Per-token work that does not batch (the grammar's sampling
 * over the 32k vocabulary, per sequence, in native code) shows here as it
 * does in smm.
 */
async function bareSideBySide(request: StructuredRequest, rounds: number): Promise<Record<string, unknown>> {
  const { llama, model } = await loadLlamaModel(modelFile());
  const { LlamaChatSession } = await import('node-llama-cpp');
  const context = await model.createContext({ contextSize: { max: 4096 }, sequences: 3, threads: THREADS });
  try {
    const sequences = [context.getSequence(), context.getSequence(), context.getSequence()];
    const grammar = await llama.createGrammarForJsonSchema(request.jsonSchema as Parameters<typeof llama.createGrammarForJsonSchema>[0]);
    const messages = [...request.messages];
    const last = messages.pop()!.content;
    const history = messages.map((message) => (message.role === 'assistant' ? { type: 'model' as const, response: [message.content] } : { type: message.role, text: message.content }));
    const measure = async (withGrammar: boolean) => {
      const ask = async (sequence: (typeof sequences)[number]) => {
        const session = new LlamaChatSession({ contextSequence: sequence, autoDisposeSequence: false });
        try {
          session.setChatHistory(history);
          const reply = await session.prompt(last, { grammar: withGrammar ? grammar : undefined, maxTokens: request.maxTokens, temperature: 0 });
          return model.tokenize(reply).length;
        } finally {
          session.dispose({ disposeSequence: false });
        }
      };
      await Promise.all(sequences.map(ask));
      const one: number[] = [];
      const three: number[] = [];
      for (let index = 0; index < rounds; index += 1) {
        let started = performance.now();
        await ask(sequences[0]!);
        one.push(performance.now() - started);
        started = performance.now();
        await Promise.all(sequences.map(ask));
        three.push(performance.now() - started);
      }
      const oneMs = percentile(one, 50);
      const threeMs = percentile(three, 50);
      return { oneMsP50: round(oneMs), threeMsP50: round(threeMs), threeOverOne: round(threeMs / oneMs, 3) };
    };
    // Bare lockstep: the sequences' evaluate() generators stepped together, one batched decode a step (what smm does since issue 8).
    const { LlamaGrammarEvaluationState, resolveChatWrapper } = await import('node-llama-cpp');
    const chatHistory = [...history, { type: 'user' as const, text: last }, { type: 'model' as const, response: [] }];
    const tokens = resolveChatWrapper(model).generateContextState({ chatHistory }).contextText.tokenize(model.tokenizer);
    const lockstep = async (count: number) => {
      const generators = await Promise.all(
        sequences.slice(0, count).map(async (sequence) => {
          await sequence.adaptStateToTokens(tokens.slice(0, -1), false);
          return sequence.evaluate(tokens.slice(sequence.nextTokenIndex), { temperature: 0, grammarEvaluationState: new LlamaGrammarEvaluationState({ model, grammar }), yieldEogToken: true });
        }),
      );
      const live = new Map(generators.map((generator) => [generator, 0]));
      while (live.size > 0) {
        const steps = await Promise.all([...live.keys()].map(async (generator) => [generator, await generator.next()] as const));
        for (const [generator, step] of steps) {
          const made = live.get(generator)! + 1;
          if (step.done || model.isEogToken(step.value) || made >= request.maxTokens!) {
            live.delete(generator);
            await generator.return(undefined);
          } else live.set(generator, made);
        }
      }
    };
    await lockstep(3);
    const lockstepOne: number[] = [];
    const lockstepThree: number[] = [];
    for (let index = 0; index < rounds; index += 1) {
      let started = performance.now();
      await lockstep(1);
      lockstepOne.push(performance.now() - started);
      started = performance.now();
      await lockstep(3);
      lockstepThree.push(performance.now() - started);
    }
    const withGrammar = await measure(true);
    const withoutGrammar = await measure(false);
    const [oneMs, threeMs] = [percentile(lockstepOne, 50), percentile(lockstepThree, 50)];
    return {
      note:
        'bare node-llama-cpp, same prompt, temperature 0, 3 sequences of one context: the informative ceiling of threeOverOneWallTime on this model. ' +
        'withGrammar/withoutGrammar: LlamaChatSession ×3 (sequences drift apart, most decodes unbatched); lockstepWithGrammar: evaluate() generators stepped together (the reference since smm decodes in lockstep). ' +
        'Without a grammar the same requests write free text (another length), so only the ratio compares.',
      withGrammar,
      withoutGrammar,
      lockstepWithGrammar: { oneMsP50: round(oneMs), threeMsP50: round(threeMs), threeOverOne: round(threeMs / oneMs, 3) },
    };
  } finally {
    await context.dispose();
  }
}

/**
 * A bare node-llama-cpp loop: one context and sequence kept from run to run
 * (so a repeated prompt is reused too), a chat session per request, the
 * request's own prompt, grammar and limits. Each run returns its tokens and ms.
 */
async function openBareLoop() {
  const { llama, model } = await loadLlamaModel(modelFile());
  const { LlamaChatSession } = await import('node-llama-cpp');
  const context = await model.createContext({ contextSize: { max: 4096 }, threads: THREADS });
  const sequence = context.getSequence();
  const grammars = new Map<string, Awaited<ReturnType<typeof llama.createGrammarForJsonSchema>>>();
  return {
    run: async (request: StructuredRequest): Promise<{ tokens: number; ms: number }> => {
      const key = JSON.stringify(request.jsonSchema);
      if (!grammars.has(key)) grammars.set(key, await llama.createGrammarForJsonSchema(request.jsonSchema as Parameters<typeof llama.createGrammarForJsonSchema>[0]));
      const messages = [...request.messages];
      const last = messages.pop()!.content;
      const session = new LlamaChatSession({ contextSequence: sequence, autoDisposeSequence: false });
      try {
        session.setChatHistory(messages.map((message) => (message.role === 'assistant' ? { type: 'model', response: [message.content] } : { type: message.role, text: message.content })));
        const started = performance.now();
        const reply = await session.prompt(last, { grammar: grammars.get(key), maxTokens: request.maxTokens, temperature: request.temperature });
        return { tokens: model.tokenize(reply).length, ms: performance.now() - started };
      } finally {
        session.dispose({ disposeSequence: false });
      }
    },
    close: () => context.dispose(),
  };
}

/**
 * Tokens per second of whole generations (n = 1) against a bare loop that
 * replays the very model requests each generation made (the prompt, then the
 * repair round's), alternating.
 */
async function overhead(dir: string, rounds: number): Promise<Record<string, unknown>> {
  const model = new EmbeddedChatModel({ modelPath: modelFile(), threads: THREADS });
  const recorder = new Recorder(model);
  const { stack, handle, topics } = await seededStack(dir, recorder);
  const bare = await openBareLoop();
  try {
    const generate = async () => {
      const from = recorder.calls.length;
      const started = performance.now();
      const result = await stack.generation.generate(scope, { handle, platform: 'x', topic: topics[3]!, n: 1 });
      return { tokens: result.usage.completionTokens, ms: performance.now() - started, requests: recorder.calls.slice(from).map((call) => call.request) };
    };
    const replay = async (requests: readonly StructuredRequest[]) => {
      let total = { tokens: 0, ms: 0 };
      for (const request of requests) {
        const run = await bare.run({ ...request, onToken: undefined, signal: undefined });
        total = { tokens: total.tokens + run.tokens, ms: total.ms + run.ms };
      }
      return total;
    };
    // Warm-up, as a user's first run: the voice fingerprint, the prompts evaluated once on both sides.
    await replay((await generate()).requests);
    let ours = { tokens: 0, ms: 0 };
    let theirs = { tokens: 0, ms: 0 };
    let requests = 0;
    for (let index = 0; index < rounds; index += 1) {
      const a = await generate();
      const b = await replay(a.requests);
      requests += a.requests.length;
      ours = { tokens: ours.tokens + a.tokens, ms: ours.ms + a.ms };
      theirs = { tokens: theirs.tokens + b.tokens, ms: theirs.ms + b.ms };
    }
    const smmRate = ours.tokens / (ours.ms / 1000);
    const bareRate = theirs.tokens / (theirs.ms / 1000);
    return {
      rounds,
      note:
        'smm: whole generate calls (n=1, X: retrieval, prompt, model, checks, the repair round the random words always need, save), completion tokens over wall time; ' +
        'bare: LlamaChatSession.prompt on one kept context replaying the same model requests (prompt, grammar, maxTokens, temperature) after each generate.',
      modelRequestsPerGenerate: round(requests / rounds, 2),
      smm: { tokens: ours.tokens, seconds: round(ours.ms / 1000, 3), tokensPerSecond: round(smmRate, 1) },
      bare: { tokens: theirs.tokens, seconds: round(theirs.ms / 1000, 3), tokensPerSecond: round(bareRate, 1) },
      smmOverBareTokensPerSecond: round(smmRate / bareRate, 3),
    };
  } finally {
    await bare.close();
    await stack.close();
    await model.dispose();
  }
}

/** Each figure is written into `results` as soon as it is measured (a later failure keeps it: see bench/run.ts). */
export async function runEmbeddedBench(results: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const dir = await mkdtemp(path.join(tmpdir(), 'smm-embedded-bench-'));
  Object.assign(results, { model: path.basename(modelFile()), threads: THREADS });
  try {
    console.error('embedded: prompt reuse between two generations…');
    results.promptReuse = await promptReuse(path.join(dir, 'reuse'), 3);
    console.error('embedded: 3 variants side by side against 1…');
    const prompt = await generationPrompt(path.join(dir, 'prompt'));
    results.sideBySide = await sideBySide(prompt, 7);
    console.error('embedded: the same, bare node-llama-cpp (the ceiling)…');
    (results.sideBySide as Record<string, unknown>).bareNodeLlamaCpp = await bareSideBySide(prompt, 7);
    console.error('embedded: smm generate against a bare node-llama-cpp loop…');
    results.overhead = await overhead(path.join(dir, 'overhead'), 5);
    return results;
  } finally {
    await disposeLlamaRuntime();
    await rm(dir, { recursive: true, force: true });
  }
}
