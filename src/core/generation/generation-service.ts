import { CancelledError, InvalidInputError, PostNotFoundError } from '../errors.js';
import type { Platform } from '../platforms/platform-id.js';
import { PLATFORM_RULES } from '../platforms/platform-rules.js';
import type { RuleOverrides } from '../platforms/rule-types.js';
import { measure } from '../platforms/text-length.js';
import type { ChatMessage, ChatModel, Clock, Embedder, GenerationRepository, NewPost, PostRepository, TokenUsage } from '../ports.js';
import { PostInputSchema } from '../posts/post-schema.js';
import type { Profile } from '../profiles/profile-schema.js';
import type { ProfileService, Scope } from '../profiles/profile-service.js';
import { parseInput } from '../validation.js';
import type { EditGuidance, GuidanceItem } from '../learning/edit-guidance.js';
import { rankByEdits } from '../learning/edit-ranking.js';
import type { ExampleRequest, ExampleSet, ReferencePost } from './example-retrieval.js';
import { GenerateRequestSchema, RewriteRequestSchema } from './generation-request-schema.js';
import { PROMPT_VERSION as GENERATE_VERSION, buildGeneratePrompt } from './prompts/generate-v2.js';
import { PROMPT_VERSION as REWRITE_VERSION, buildRewritePrompt } from './prompts/rewrite-v2.js';
import { DEFAULT_VOICE_THRESHOLD, composeVariantText, type CheckedVariant, type VariantCheckContext } from './variant-check.js';
import { requestVariants } from './variant-request.js';
import { checkRunVariants, checkVariants, repairVariants } from './variant-review.js';
import type { RawVariant, VariantsShape } from './variant-schema.js';
import { startGenerationDeadline } from './generation-deadline.js';
import { variantProgressEvent } from './variant-progress.js';
import type { GenerateRequest, GenerationOptions, GenerationResult, RewriteRequest, RunOptions } from './generation-types.js';
import type { VoiceContext, VoiceContextSource } from './voice-context.js';

export type { GenerateRequest, GeneratedVariant, GenerationOptions, GenerationResult, RewriteRequest, RunOptions } from './generation-types.js';

export interface GenerationDeps {
  profiles: ProfileService;
  posts: PostRepository;
  generations: GenerationRepository;
  chatModel: ChatModel;
  embedder: Embedder;
  retrieval: { find(request: ExampleRequest): Promise<ExampleSet> };
  voice: VoiceContextSource;
  /** Guidance learnt from the user's edits (EditLearningService); none when absent. */
  edits?: { guidanceFor(profile: Profile, platform: Platform): Promise<EditGuidance> };
  clock: Clock;
  /** A unique id for each draft's dedupe key (drafts have no platform id). */
  newId?: () => string;
  options?: GenerationOptions;
}

/** Unpublished posts a new variant is compared with for near-duplicates (newest first). */
const DRAFTS_COMPARED = 100;

interface Plan {
  kind: 'generate' | 'rewrite';
  profile: Profile;
  platform: Platform;
  n: number;
  thread: boolean;
  topic: string;
  retrievalTopic: string;
  excludePostIds: number[];
  promptVersion: string;
  /** Learnt length habits do not apply: the user asked for a length, or a thread. */
  ignoreLearntLength: boolean;
  prompt: (examples: ExampleSet, voice: VoiceContext, learned: readonly GuidanceItem[]) => ChatMessage[];
}

/**
 * Writes posts in a profile's voice: retrieve examples → prompt → structured
 * output → checks → one repair round for failing variants → save every
 * variant as a draft with a generation record. Nothing is saved when the
 * model fails; a variant that still breaks a rule is returned with
 * `valid: false` and its violations, never silently cut.
 */
export class GenerationService {
  private readonly options: Required<Omit<GenerationOptions, 'overrides'>> & Pick<GenerationOptions, 'overrides'>;

  constructor(private readonly deps: GenerationDeps) {
    this.options = {
      examples: 8,
      exampleTokenBudget: 720,
      voiceThreshold: DEFAULT_VOICE_THRESHOLD,
      temperature: 0.8,
      timeoutMs: 0,
      ...deps.options,
    };
  }

  /** N new variants on a topic (or repurposing a source text) for one platform. */
  async generate(scope: Scope, request: GenerateRequest): Promise<GenerationResult> {
    const input = parseInput(GenerateRequestSchema, stripRunOptions(request), 'generation request');
    const profile = await this.deps.profiles.get(scope, input.handle);
    assertThreadable(input.platform, input.thread);
    const overrides = this.overridesFor(input.platform);
    const source = input.sourceText?.trim() || undefined;
    return this.run(
      {
        kind: 'generate',
        profile,
        platform: input.platform,
        n: input.n,
        thread: input.thread,
        topic: input.topic || `repurpose: ${(source ?? '').slice(0, 200)}`,
        retrievalTopic: input.topic || (source ?? '').slice(0, 2_000),
        excludePostIds: [],
        promptVersion: GENERATE_VERSION,
        ignoreLearntLength: input.thread,
        prompt: (examples, voice, learned) =>
          buildGeneratePrompt({
            profile,
            habits: voice.habits,
            platform: input.platform,
            overrides,
            examples: promptExamples(examples),
            topic: input.topic,
            sourceText: source,
            n: input.n,
            thread: input.thread,
            learned,
          }),
      },
      request,
    );
  }

  /** Rewrites one post in the same voice: for another platform, shorter, longer, or as instructed. */
  async rewrite(scope: Scope, request: RewriteRequest): Promise<GenerationResult> {
    const input = parseInput(RewriteRequestSchema, stripRunOptions(request), 'rewrite request');
    const post = await this.deps.posts.get(input.postId);
    const profile = post ? await this.deps.profiles.findById(scope, post.profileId) : undefined;
    if (!post || !profile) throw new PostNotFoundError(input.postId);
    const platform = input.to ?? post.platform;
    assertThreadable(platform, input.thread);
    const overrides = this.overridesFor(platform);
    const changes = [input.to && `for ${input.to}`, input.shorter && 'shorter', input.longer && 'longer', input.instruction].filter(Boolean);
    return this.run(
      {
        kind: 'rewrite',
        profile,
        platform,
        n: input.n,
        thread: input.thread,
        topic: `rewrite of post #${post.id}${changes.length > 0 ? `: ${changes.join(', ')}` : ''}`.slice(0, 2_000),
        retrievalTopic: post.text.slice(0, 2_000),
        excludePostIds: [post.id],
        promptVersion: REWRITE_VERSION,
        ignoreLearntLength: input.thread || input.shorter || input.longer,
        prompt: (examples, voice, learned) =>
          buildRewritePrompt({
            profile,
            habits: voice.habits,
            platform,
            overrides,
            examples: promptExamples(examples),
            original: { platform: post.platform, text: post.text, length: measure(post.platform, post.text).length },
            shorter: input.shorter,
            longer: input.longer,
            instruction: input.instruction,
            n: input.n,
            thread: input.thread,
            learned,
          }),
      },
      request,
    );
  }

  private async run(plan: Plan, run: RunOptions): Promise<GenerationResult> {
    const deferred: Array<Promise<unknown>> = [];
    // One deadline for the whole run: every step gets its signal.
    const deadline = startGenerationDeadline(this.options.timeoutMs, run.signal, this.deps.chatModel.id);
    try {
      return await this.pipeline(plan, { ...run, signal: deadline.signal }, (work) => deferred.push(work));
    } catch (error) {
      throw deadline.expired(error) ?? error;
    } finally {
      deadline.dispose();
      // Index catch-up started by retrieval runs alongside; its failures only delay indexing.
      await Promise.allSettled(deferred);
    }
  }

  private async pipeline(plan: Plan, run: RunOptions, defer: (work: Promise<unknown>) => void): Promise<GenerationResult> {
    const { profile, platform, n, thread } = plan;
    const started = this.deps.clock.now().getTime();
    const progress = (phase: string, message: string): void => run.onProgress?.({ phase, message });
    const overrides = this.overridesFor(platform);
    const rule = PLATFORM_RULES[platform];
    const usage: TokenUsage = { promptTokens: 0, completionTokens: 0 };

    progress('retrieve', `Finding ${this.options.examples} similar past posts…`);
    const [examples, voice, guidance] = await Promise.all([
      this.deps.retrieval.find({
        profile,
        platform,
        topic: plan.retrievalTopic,
        k: this.options.examples,
        tokenBudget: this.options.exampleTokenBudget,
        excludePostIds: plan.excludePostIds,
        signal: run.signal,
        defer,
      }),
      this.deps.voice.contextFor(profile),
      // Learnt guidance improves a run; without it (none yet, or unreadable) the run goes on.
      this.deps.edits?.guidanceFor(profile, platform).catch(() => undefined),
    ]);
    const learned = (guidance?.items ?? []).filter((item) => !(plan.ignoreLearntLength && item.kind === 'length'));
    if (examples.retrieval === 'fulltext-fallback') progress('retrieve', `Vector search unavailable, used full-text search instead: ${examples.fallbackReason ?? 'unknown reason'}.`);

    const limit = overrides?.limit ?? rule.limit;
    // Room above the limit for links counted as 23 and for a model to overshoot a little; the checks measure the rest.
    const shape: VariantsShape = { n, maxChars: thread ? limit * 12 : limit + 150 };
    const maxTokens = Math.min(8_192, Math.ceil((n * (thread ? limit * 5 : limit)) / 2.5) + 200);
    const context: VariantCheckContext = {
      platform,
      overrides,
      voice: profile.voice,
      thread,
      scoreVoice: voice.scoreVoice,
      voiceThreshold: this.options.voiceThreshold,
      references: examples.references,
      drafts: await this.draftReferences(profile, platform, plan.excludePostIds, run.signal),
    };
    progress('generate', `Asking ${this.deps.chatModel.id} for ${n} variant${n === 1 ? '' : 's'}…`);
    // Each variant is checked and announced as soon as it is written, while the others are still being written.
    const announced: Array<Promise<unknown>> = [];
    const onVariant = run.onProgress
      ? (variant: RawVariant, index: number) => {
          const elapsedMs = Math.max(0, this.deps.clock.now().getTime() - started);
          const check = checkVariants(this.deps.embedder, [composeVariantText(variant)], context, run.signal);
          announced.push(check.then(([early]) => early && run.onProgress?.(variantProgressEvent(early, index, n, elapsedMs))).catch(() => undefined));
        }
      : undefined;
    const answers = await requestVariants(
      this.deps.chatModel,
      { messages: plan.prompt(examples, voice, learned), shape, maxTokens, temperature: this.options.temperature, signal: run.signal, onToken: run.onToken, onVariant },
      usage,
    );
    await Promise.all(announced);

    progress('check', `Checking length for ${rule.name}…`);
    // The final check also compares the variants of this run with each other (an early one saw only itself).
    let checked = await checkRunVariants(
      this.deps.embedder,
      answers.map((answer) => composeVariantText(answer.variant)),
      context,
      run.signal,
    );

    const failing = checked.filter((variant) => !variant.valid);
    if (failing.length > 0) {
      progress('repair', `Repairing ${failing.length} variant${failing.length === 1 ? '' : 's'}…`);
      checked = await repairVariants(this.deps, checked, { answers, shape, context, usage, signal: run.signal, onToken: run.onToken });
    }

    // Variants that keep a habit the user keeps editing away go last, with the reason.
    const ranked = rankByEdits(checked, (variant) => variant.text, learned);
    checked = ranked.map((entry) => entry.variant);

    if (run.signal?.aborted) throw new CancelledError('Generation was cancelled; nothing was saved.');
    progress('save', 'Saving drafts…');
    const latencyMs = Math.max(0, this.deps.clock.now().getTime() - started);
    const { generation, posts } = await this.deps.generations.save(
      {
        profileId: profile.id,
        platform,
        kind: plan.kind,
        topic: plan.topic.slice(0, 2_000),
        model: this.deps.chatModel.id,
        promptVersion: plan.promptVersion,
        retrieval: examples.retrieval,
        exampleIds: examples.examples.map((example) => example.id),
        promptTokens: usage.promptTokens,
        completionTokens: usage.completionTokens,
        latencyMs,
      },
      checked.map((variant) => this.draftOf(profile, platform, variant)),
    );
    return {
      generationId: generation.id,
      variants: checked.map((variant, index) => ({
        postId: posts[index]?.id ?? 0,
        text: variant.text,
        length: variant.length,
        limit: variant.limit,
        valid: variant.valid,
        violations: variant.violations,
        voiceScore: variant.voiceScore,
        voiceNotes: variant.voiceNotes,
        hashtags: variant.hashtags,
        ...(variant.parts ? { parts: variant.parts } : {}),
        ...(learned.length > 0 ? { editFit: ranked[index]!.fit } : {}),
      })),
      examples: examples.examples.map((example) => ({ postId: example.id, text: example.text })),
      retrieval: examples.retrieval,
      model: this.deps.chatModel.id,
      usage,
      latencyMs,
    };
  }

  /**
   * The profile's newest unpublished posts on this platform with their
   * embeddings, so that a run does not write again what a draft already says.
   * Without a working embedder the check is skipped, like the past-post one.
   */
  private async draftReferences(profile: Profile, platform: Platform, exclude: readonly number[], signal?: AbortSignal): Promise<ReferencePost[]> {
    const page = await this.deps.posts.list({
      workspace: profile.workspace,
      profileId: profile.id,
      platform,
      status: ['draft', 'approved', 'scheduled'],
      limit: DRAFTS_COMPARED,
    });
    const drafts = page.posts.filter((post) => !exclude.includes(post.id));
    if (drafts.length === 0) return [];
    try {
      const embeddings = await this.deps.embedder.embed(
        drafts.map((post) => post.text),
        signal,
      );
      return drafts.flatMap((post, index) => (embeddings[index] ? [{ postId: post.id, embedding: embeddings[index] }] : []));
    } catch {
      if (signal?.aborted) throw new CancelledError('Generation was cancelled; nothing was saved.');
      return [];
    }
  }

  private draftOf(profile: Profile, platform: Platform, variant: CheckedVariant): NewPost {
    const fields = PostInputSchema.parse({
      platform,
      text: variant.text,
      status: 'draft',
      source: 'generated',
      tags: [...new Set(variant.hashtags.filter((tag) => tag.length <= 100))].slice(0, 100),
      lang: profile.language,
      // A thread is stored as its parts, each checked on its own; a text that fit in one post stays one post.
      threadParts: variant.parts && variant.parts.length > 1 ? variant.parts : null,
    });
    const id = this.deps.newId?.() ?? globalThis.crypto.randomUUID();
    return { ...fields, dedupeKey: `generated:${id}` };
  }

  private overridesFor(platform: Platform): RuleOverrides | undefined {
    return this.options.overrides?.[platform];
  }
}

function assertThreadable(platform: Platform, thread: boolean): void {
  const rule = PLATFORM_RULES[platform];
  if (thread && !rule.threads) {
    throw new InvalidInputError(`${rule.name} has no threads.`, {
      hint: 'Drop {{--thread|"thread": true}}, or write for a platform with threads: X, Bluesky, Threads or Mastodon.',
      details: { platform },
    });
  }
}

function promptExamples(examples: ExampleSet): Array<{ platform: Platform; text: string }> {
  return examples.examples.map((example, index) => ({ platform: example.platform, text: examples.excerpts[index] ?? example.text }));
}

function stripRunOptions<T extends RunOptions>(request: T): Omit<T, keyof RunOptions> {
  const { signal: _signal, onProgress: _onProgress, onToken: _onToken, ...rest } = request;
  return rest;
}
