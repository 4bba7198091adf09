import type { Platform } from "../../platforms/platform-id.js";
import type { RuleOverrides } from "../../platforms/rule-types.js";
import type { GuidanceItem } from "../../learning/edit-guidance.js";
import { learnedEditsSection } from "./learned-edits.js";
import { REPAIR_SECTION } from "./problem-codes.js";
import {
  PAST_POSTS_RULE,
  outputSection,
  platformSection,
  voiceSection,
  type PromptProfile,
} from "./prompt-parts.js";

/**
 * The sections that are the same for every request of a profile and
 * platform, generate and rewrite alike (voice, learned edits, platform, how
 * to use past posts, output format, repair rules): they come first, so that
 * a model keeping its evaluated prompt evaluates them once for both.
 */
export function sharedBeginning(input: {
  profile: PromptProfile;
  habits: readonly string[];
  platform: Platform;
  overrides?: RuleOverrides;
  learned?: readonly GuidanceItem[];
}): string[] {
  return [
    voiceSection(input.profile, input.habits),
    learnedEditsSection(input.learned ?? []),
    platformSection(input.platform, {
      overrides: input.overrides,
      hashtagPolicy: input.profile.voice.hashtagPolicy,
    }),
    PAST_POSTS_RULE,
    outputSection(),
    REPAIR_SECTION,
  ].filter((section): section is string => section !== undefined);
}
