import type { Violation } from '../../platforms/rule-types.js';
import type { ChatMessage } from '../../ports.js';
import { problemCode } from './problem-codes.js';

/**
 * v3: the repair rules are in the request that wrote the drafts (generate-v2,
 * rewrite-v2: REPAIR_SECTION), so the new turn carries only what changes:
 * the problems of each failing draft, as short codes with their figures.
 * v2 continued the conversation too, with the rules and the problems' long
 * sentences in every repair turn; v1 was a separate prompt with the voice,
 * the platform rule and the drafts quoted.
 */
export const PROMPT_VERSION = 'repair-v3';

export interface RepairPromptInput {
  /** The request that produced the drafts (a generate-v2 or rewrite-v2 one) and the reply as the model wrote it. */
  conversation: { messages: readonly ChatMessage[]; reply: string };
  /** The failing drafts by their number in the reply (from 1), each with the rules it breaks. */
  drafts: ReadonlyArray<{ number: number; problems: readonly Violation[] }>;
}

/** The conversation with one more turn: the problems of each failing draft, which the request's REPAIR rules say how to fix. */
export function buildRepairPrompt(input: RepairPromptInput): ChatMessage[] {
  return [...input.conversation.messages, { role: 'assistant', content: input.conversation.reply }, { role: 'user', content: repairTurn(input) }];
}

function repairTurn(input: RepairPromptInput): string {
  // Short: a model that keeps its evaluated prompt evaluates this turn for every failing variant; the
  // REPAIR section of the request says what to do with it. The codes are the app's words, but some
  // quote the user's or the model's (banned words, voice notes): a JSON object, as data.
  return `PROBLEMS: ${JSON.stringify(Object.fromEntries(input.drafts.map((draft) => [String(draft.number), draft.problems.map(problemCode)])))}`;
}
