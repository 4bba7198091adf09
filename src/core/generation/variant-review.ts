import { CancelledError, ModelFailedError } from '../errors.js';
import type { ChatModel, Embedder, TokenUsage } from '../ports.js';
import { buildRepairPrompt } from './prompts/repair-v3.js';
import { checkVariant, composeVariantText, markSiblingDuplicates, type CheckedVariant, type VariantCheckContext } from './variant-check.js';
import { requestVariants, type AnsweredVariant, type VariantConversation } from './variant-request.js';
import type { VariantsShape } from './variant-schema.js';

/**
 * Checks texts as variants. Their embeddings (for the near-copy check) come
 * in one batch; without a working embedder that check is skipped and every
 * other check still runs. `inRun`: the texts will be compared with other
 * variants of their run (a repair round's fixes), so they are embedded even
 * when there is nothing else to compare them with.
 */
export async function checkVariants(
  embedder: Embedder,
  texts: string[],
  context: VariantCheckContext,
  signal?: AbortSignal,
  inRun = false,
): Promise<CheckedVariant[]> {
  let embeddings: number[][] = [];
  if (context.references.length > 0 || (context.drafts?.length ?? 0) > 0 || texts.length > 1 || inRun) {
    try {
      embeddings = await embedder.embed(texts, signal);
    } catch {
      if (signal?.aborted) throw new CancelledError('Generation was cancelled; nothing was saved.');
    }
  }
  return texts.map((text, index) => checkVariant(text, context, embeddings[index]));
}

/** checkVariants, then the variants compared with each other (see markSiblingDuplicates). */
export async function checkRunVariants(embedder: Embedder, texts: string[], context: VariantCheckContext, signal?: AbortSignal): Promise<CheckedVariant[]> {
  return markSiblingDuplicates(await checkVariants(embedder, texts, context, signal), context.nearDuplicateThreshold);
}

export interface RepairRound {
  /** The conversation each variant of `checked` came from, in the same order. */
  answers: readonly AnsweredVariant[];
  shape: VariantsShape;
  context: VariantCheckContext;
  usage: TokenUsage;
  signal?: AbortSignal;
  onToken?: (token: string) => void;
}

/**
 * One repair round for the failing variants of `checked`: each conversation
 * that wrote failing variants goes on with one more turn naming their
 * violations (all such conversations at once: side by side on a model with
 * parallel sequences, each on the sequence that holds it). A fix replaces
 * its variant unless it breaks more rules than the original. A garbled
 * answer leaves that conversation's originals (marked invalid); an
 * unreachable model or a cancellation stops everything, so that nothing is saved.
 */
export async function repairVariants(
  deps: { chatModel: ChatModel; embedder: Embedder },
  checked: CheckedVariant[],
  round: RepairRound,
): Promise<CheckedVariant[]> {
  const groups = new Map<VariantConversation, Array<{ variant: CheckedVariant; index: number; number: number }>>();
  checked.forEach((variant, index) => {
    const answer = round.answers[index];
    if (variant.valid || !answer) return;
    const group = groups.get(answer.conversation) ?? [];
    group.push({ variant, index, number: answer.number });
    groups.set(answer.conversation, group);
  });
  if (groups.size === 0) return checked;
  const settled = await Promise.allSettled(
    [...groups.entries()].map(async ([conversation, failing]) => {
      const messages = buildRepairPrompt({
        conversation: { messages: conversation.messages, reply: conversation.reply },
        drafts: failing.map((entry) => ({ number: entry.number, problems: entry.variant.violations })),
      });
      const shape = { ...round.shape, n: failing.length };
      const maxTokens = Math.min(8_192, Math.ceil((failing.length * round.shape.maxChars) / 4) + 200);
      const repaired = await requestVariants(
        deps.chatModel,
        { messages, shape, maxTokens, temperature: 0.4, signal: round.signal, onToken: round.onToken, sideBySide: false },
        round.usage,
      );
      return repaired.slice(0, failing.length).map((entry, position) => ({ original: failing[position]!, text: composeVariantText(entry.variant) }));
    }),
  );
  const failures = settled.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as unknown] : []));
  // Only a malformed answer (named `problem`) keeps that conversation's first drafts; a failing model stops the run.
  const stopping = failures.find((error) => !(error instanceof ModelFailedError && error.details.problem !== undefined));
  if (stopping !== undefined) throw stopping;
  const candidates = settled.flatMap((outcome) => (outcome.status === 'fulfilled' ? outcome.value : []));
  if (candidates.length === 0) return checked;
  // A fix is compared with the other variants of the run below: it needs its embedding even when alone.
  const fixes = await checkVariants(
    deps.embedder,
    candidates.map((candidate) => candidate.text),
    round.context,
    round.signal,
    checked.length > 1,
  );
  const next = [...checked];
  candidates.forEach(({ original }, position) => {
    const fix = fixes[position];
    if (fix && (fix.valid || fix.violations.length <= original.variant.violations.length)) next[original.index] = fix;
  });
  return markSiblingDuplicates(next, round.context.nearDuplicateThreshold);
}
