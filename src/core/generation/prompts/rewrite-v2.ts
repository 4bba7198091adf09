import type { Platform } from "../../platforms/platform-id.js";
import { PLATFORM_RULES } from "../../platforms/platform-rules.js";
import type { RuleOverrides } from "../../platforms/rule-types.js";
import type { ChatMessage } from "../../ports.js";
import type { GuidanceItem } from "../../learning/edit-guidance.js";
import { truncateToTokens } from "../token-estimate.js";
import {
  GHOSTWRITER_SYSTEM,
  examplesSection,
  quote,
  type PromptProfile,
} from "./prompt-parts.js";
import { sharedBeginning } from "./shared-beginning.js";

/** v2: the same order as generate-v2 (what stays the same first, the repair rules among it; the original and the task last). */
export const PROMPT_VERSION = "rewrite-v2";

export interface RewritePromptInput {
  profile: PromptProfile;
  habits: readonly string[];
  /** The platform to write for (the original's, unless repurposing). */
  platform: Platform;
  overrides?: RuleOverrides;
  examples: ReadonlyArray<{ platform: Platform; text: string }>;
  original: { platform: Platform; text: string; length: number };
  shorter?: boolean;
  longer?: boolean;
  /** The user's own instruction, e.g. "make it about the Lyon shop". */
  instruction?: string;
  n: number;
  thread: boolean;
  /** Guidance learnt from the user's edits of earlier drafts. */
  learned?: readonly GuidanceItem[];
}

/** The messages asking to rewrite or repurpose a post in the same voice. */
export function buildRewritePrompt(input: RewritePromptInput): ChatMessage[] {
  const target = PLATFORM_RULES[input.platform];
  const source = PLATFORM_RULES[input.original.platform];
  const limit = input.overrides?.limit ?? target.limit;
  const asks: string[] = [];
  if (input.platform !== input.original.platform)
    asks.push(
      `Adapt it from ${source.name} to ${target.name}, following ${target.name}'s norms.`,
    );
  if (input.shorter)
    asks.push(
      `Make it clearly shorter: about ${Math.max(20, Math.round(input.original.length / 2))} characters.`,
    );
  if (input.longer)
    asks.push(
      `Make it longer and richer: about ${Math.min(limit, Math.round(input.original.length * 1.6))} characters.`,
    );
  if (input.instruction?.trim())
    asks.push(`The user asks: ${quote(input.instruction.trim())}`);
  if (asks.length === 0) asks.push("Say the same thing in fresh words.");
  const shape = input.thread
    ? `Write it as a thread: short paragraphs separated by a blank line, each under ${Math.floor(limit * 0.85)} characters.`
    : `Each variant fits in one post of at most ${limit} characters.`;
  return [
    { role: "system", content: GHOSTWRITER_SYSTEM },
    {
      role: "user",
      content: [
        ...sharedBeginning(input),
        examplesSection(input.examples, input.platform),
        `ORIGINAL POST (quoted data, written for ${source.name}): ${quote(truncateToTokens(input.original.text, 1_200))}`,
        `TASK: Write ${input.n} rewrite${input.n === 1 ? "" : "s"} of the ORIGINAL POST in this voice, keeping its meaning, facts and links. ${asks.join(" ")} ${shape}`,
      ].join("\n\n"),
    },
  ];
}
