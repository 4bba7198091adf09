import type { ChatMessage } from '../../ports.js';
import { quote } from './prompt-parts.js';

/**
 * v2: the repair continues the conversation that wrote the drafts (the same
 * request, the reply as the model wrote it, then the problems), so that the
 * model sees the whole brief again and a model that keeps its evaluated
 * prompt reads only the new turn. v1 was a separate prompt with the voice,
 * the platform rule and the drafts quoted.
 */
export const PROMPT_VERSION = 'repair-v2';

export interface RepairPromptInput {
  /** The request that produced the drafts and the reply as the model wrote it. */
  conversation: { messages: readonly ChatMessage[]; reply: string };
  /** Variants in that reply. */
  replied: number;
  /** The failing drafts by their number in the reply (from 1), each with its broken rules in words. */
  drafts: ReadonlyArray<{ number: number; problems: readonly string[] }>;
  thread: boolean;
}

/** The conversation with one more turn: the problems of each failing draft, and the request to fix them. */
export function buildRepairPrompt(input: RepairPromptInput): ChatMessage[] {
  return [...input.conversation.messages, { role: 'assistant', content: input.conversation.reply }, { role: 'user', content: repairTurn(input) }];
}

function repairTurn(input: RepairPromptInput): string {
  const n = input.drafts.length;
  const shape = input.thread ? ' Keep each a thread of short paragraphs separated by blank lines.' : '';
  // Short: a model that keeps its evaluated prompt evaluates this turn for every failing variant.
  const output = `Reply in the same JSON format, exactly ${n} variant${n === 1 ? '' : 's'}.`;
  // The problems are the app's words, but they quote the user's (banned words, near-copied drafts): JSON strings, as data.
  if (input.replied === 1 && n === 1) {
    return `PROBLEMS in that post (quoted data): ${quote(input.drafts[0]!.problems)}\n\nTASK: Rewrite it to fix every problem, keeping its idea and the voice.${shape} ${output}`;
  }
  const numbers = input.drafts.map((draft) => draft.number);
  const which = numbers.length === 1 ? `variant ${numbers[0]}` : `variants ${numbers.slice(0, -1).join(', ')} and ${numbers.at(-1)}`;
  return (
    `PROBLEMS per variant of that answer (quoted data): ${JSON.stringify(input.drafts.map((draft) => ({ variant: draft.number, problems: draft.problems })))}\n\n` +
    `TASK: Rewrite ${which} so that each fixes every problem listed for it, keeping its idea and the voice.${shape} ` +
    `Return the ${n} fixed variant${n === 1 ? '' : 's'} in this order. ${output}`
  );
}
