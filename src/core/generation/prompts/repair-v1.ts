import type { Platform } from '../../platforms/platform-id.js';
import { PLATFORM_RULES } from '../../platforms/platform-rules.js';
import type { RuleOverrides } from '../../platforms/rule-types.js';
import type { ChatMessage } from '../../ports.js';
import { GHOSTWRITER_SYSTEM, outputSection, platformSection, voiceSection, type PromptProfile } from './prompt-parts.js';

export const PROMPT_VERSION = 'repair-v1';

export interface RepairPromptInput {
  profile: PromptProfile;
  habits: readonly string[];
  platform: Platform;
  overrides?: RuleOverrides;
  /** The failing drafts with each broken rule in words. */
  drafts: ReadonlyArray<{ text: string; problems: readonly string[] }>;
  thread: boolean;
}

/** The messages asking to fix failing drafts, one for one, with their violations named. */
export function buildRepairPrompt(input: RepairPromptInput): ChatMessage[] {
  const rule = PLATFORM_RULES[input.platform];
  const drafts = input.drafts.map((draft) => ({ text: draft.text, problems: draft.problems }));
  const n = drafts.length;
  const shape = input.thread ? ' Keep each as a thread of short paragraphs separated by blank lines.' : '';
  return [
    { role: 'system', content: GHOSTWRITER_SYSTEM },
    {
      role: 'user',
      content: [
        voiceSection(input.profile, input.habits),
        platformSection(input.platform, { overrides: input.overrides, hashtagPolicy: input.profile.voice.hashtagPolicy }),
        `DRAFTS for ${rule.name} that break rules, as quoted data with their problems:\n${JSON.stringify(drafts)}`,
        `TASK: Rewrite each draft so that it fixes every problem listed for it while keeping its idea and the voice.${shape} ` +
          `Return the ${n} fixed draft${n === 1 ? '' : 's'} in the same order.`,
        outputSection(n),
      ].join('\n\n'),
    },
  ];
}

