import { z } from 'zod';
import { GenerateRequestSchema, RewriteRequestSchema } from '../../core/generation/index.js';
import { defineOperation } from './operation.js';
import { HandleParam, PLATFORM_NAMES } from './operation-schemas.js';

const VARIANTS_RESULT =
  'Returns {"generationId", "variants": [{"postId", "text", "length", "limit", "valid", "violations", "voiceScore" (0-100; 50 = as likely this voice as not), "voiceNotes" (why, in words), "hashtags"}], ' +
  '"examples": [{"postId", "text"}] (the past posts used as examples), "retrieval", "model", "usage", "latencyMs"}. ' +
  'With thread=true each variant also has "parts" (the numbered posts of the thread), and its draft is stored as those parts (threadParts in get_post). ' +
  'A variant that nearly repeats another variant of the run or an existing draft of the profile has a near-duplicate violation naming it. ' +
  'Each variant is saved as a draft: show the user every variant with its length / limit and voice score, then offer approve_post or schedule_post on the one they pick ' +
  '(a variant with violations is refused there unless the user asks to force it).';

export const generatePosts = defineOperation({
  name: 'generate_posts',
  summary: 'Write new posts in a profile’s voice',
  description:
    "Writes n new post variants (default 3) on a topic in a profile's own voice, using its most similar past posts as examples, " +
    'and checks each against the platform rules (length as the platform counts it, hashtags, links, banned words) and the voice. ' +
    `platform is one of: ${PLATFORM_NAMES}. Give a topic, or sourceText to repurpose a text; thread=true writes a numbered thread (x, bluesky, threads, mastodon). ` +
    VARIANTS_RESULT,
  tag: 'generation',
  method: 'POST',
  path: '/profiles/{handle}/generate',
  readOnly: false,
  input: GenerateRequestSchema,
  async run(app, scope, input, context) {
    const generation = await app.generation();
    return generation.generate(scope, { ...input, signal: context.signal, onProgress: context.onProgress });
  },
});

export const rewritePost = defineOperation({
  name: 'rewrite_post',
  summary: 'Rewrite or repurpose a post',
  description:
    'Rewrites an existing post in the same voice: for another platform (to), shorter, longer, or following an instruction in words. ' +
    `to is one of: ${PLATFORM_NAMES}. Give at least one of to, shorter, longer, instruction. The rewrites are saved as new drafts; the original is unchanged. ` +
    VARIANTS_RESULT,
  tag: 'generation',
  method: 'POST',
  path: '/posts/{postId}/rewrite',
  readOnly: false,
  input: RewriteRequestSchema,
  async run(app, scope, input, context) {
    const generation = await app.generation();
    return generation.rewrite(scope, { ...input, signal: context.signal, onProgress: context.onProgress });
  },
});

export const showVoice = defineOperation({
  name: 'show_voice',
  summary: 'Describe a profile’s voice',
  description:
    "Describes a profile's voice: its written voice guide next to the habits derived from its past posts (typical length, emoji / hashtag / mention / link habits, " +
    'sentence shape, casing, punctuation, favourite openers and sign-offs, top phrases), in plain words. Use it before writing by hand in that voice.',
  tag: 'voice',
  method: 'GET',
  path: '/profiles/{handle}/voice',
  readOnly: true,
  input: z.object({ handle: HandleParam }),
  async run(app, scope, input) {
    return (await app.voice()).show(scope, input.handle);
  },
});

export const scoreVoice = defineOperation({
  name: 'score_voice',
  summary: 'Score a text against a voice',
  description:
    "Scores how much a text sounds like a profile's voice, 0-100 (higher is closer), with notes on what differs (e.g. much longer than usual, emoji where the voice uses none). " +
    'Returns {"score", "notes": [...]}.',
  tag: 'voice',
  method: 'POST',
  path: '/profiles/{handle}/voice/score',
  readOnly: true,
  input: z.object({
    handle: HandleParam,
    text: z.string().trim().min(1, 'Give the text to score.').max(100_000).describe('The text to score.'),
  }),
  async run(app, scope, input) {
    return (await app.voice()).score(scope, input.handle, input.text);
  },
});

export const generationOperations = [generatePosts, rewritePost, showVoice, scoreVoice];
