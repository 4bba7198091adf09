import type { Platform } from '../../platforms/platform-id.js';
import { PLATFORM_RULES } from '../../platforms/platform-rules.js';
import type { RuleOverrides } from '../../platforms/rule-types.js';
import type { ChatMessage } from '../../ports.js';
import type { GuidanceItem } from '../../learning/edit-guidance.js';
import { truncateToTokens } from '../token-estimate.js';
import { GHOSTWRITER_SYSTEM, examplesSection, quote, type PromptProfile } from './prompt-parts.js';
import { sharedBeginning } from './shared-beginning.js';

/**
 * Recorded with every generation, so that results can be traced to the prompt that produced them.
 * v2: the sections that are the same from one request to the next (voice, learned edits, platform,
 * output format, the repair rules) come first and the ones that change with the topic (past posts
 * found for it, topic, source text, task) last, so that a model keeping its evaluated prompt
 * evaluates only those; the repair rules are here once, and a repair turn carries only the problems.
 */
export const PROMPT_VERSION = 'generate-v2';

/** A source text longer than this is cut: the prompt must stay small enough for a local model. */
const MAX_SOURCE_TOKENS = 1_200;

export interface GeneratePromptInput {
  profile: PromptProfile;
  /** The fingerprint's habits in words (describeFingerprint). */
  habits: readonly string[];
  platform: Platform;
  overrides?: RuleOverrides;
  /** Past posts chosen as examples (texts already cut to the budget). */
  examples: ReadonlyArray<{ platform: Platform; text: string }>;
  topic: string;
  /** A text to repurpose (an article, a post from elsewhere). */
  sourceText?: string;
  n: number;
  /** Write each variant as a thread, to be split into numbered parts. */
  thread: boolean;
  /** Guidance learnt from the user's edits of earlier drafts. */
  learned?: readonly GuidanceItem[];
}

/** The messages asking for N new posts on a topic, in the voice, for the platform. */
export function buildGeneratePrompt(input: GeneratePromptInput): ChatMessage[] {
  const rule = PLATFORM_RULES[input.platform];
  const limit = input.overrides?.limit ?? rule.limit;
  // The same for every request of this profile and platform: evaluated once by a model that keeps its prompt.
  const sections = sharedBeginning(input);
  // What changes with the request.
  sections.push(examplesSection(input.examples, input.platform));
  if (input.topic.trim()) sections.push(`TOPIC (quoted data): ${quote(input.topic.trim())}`);
  if (input.sourceText?.trim()) {
    const source = truncateToTokens(input.sourceText.trim(), MAX_SOURCE_TOKENS);
    sections.push(`SOURCE TEXT to repurpose (quoted data; keep its facts and links): ${quote(source)}`);
  }
  const about = input.topic.trim() ? 'about the TOPIC' : 'repurposing the SOURCE TEXT';
  const shape = input.thread
    ? `Each variant is a thread: 2 to 6 short paragraphs separated by a blank line, each under ${Math.floor(limit * 0.85)} characters; it is numbered and split into posts automatically.`
    : `Each variant fits in one post of at most ${limit} characters.`;
  sections.push(
    `TASK: Write ${input.n} new ${rule.name} post${input.n === 1 ? '' : 's'} ${about}, in this voice, each with a different angle or opening. ${shape}`,
  );
  return [
    { role: 'system', content: GHOSTWRITER_SYSTEM },
    { role: 'user', content: sections.join('\n\n') },
  ];
}
