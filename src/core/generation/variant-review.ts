import { CancelledError, ModelFailedError } from '../errors.js';
import type { ChatMessage, ChatModel, Embedder, TokenUsage } from '../ports.js';
import { checkVariant, composeVariantText, markSiblingDuplicates, type CheckedVariant, type VariantCheckContext } from './variant-check.js';
import { requestVariants } from './variant-request.js';
import type { VariantsShape } from './variant-schema.js';

/**
 * Checks texts as variants. Their embeddings (for the near-copy check) come
 * in one batch; without a working embedder that check is skipped and every
 * other check still runs.
 */
export async function checkVariants(
  embedder: Embedder,
  texts: string[],
  context: VariantCheckContext,
  signal?: AbortSignal,
): Promise<CheckedVariant[]> {
  let embeddings: number[][] = [];
  if (context.references.length > 0 || (context.drafts?.length ?? 0) > 0 || texts.length > 1) {
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
  /** The repair prompt, naming each failing variant's violations, in the order of the failing variants. */
  messages: ChatMessage[];
  shape: VariantsShape;
  context: VariantCheckContext;
  usage: TokenUsage;
  signal?: AbortSignal;
  onToken?: (token: string) => void;
}

/**
 * One repair round for the failing variants of `checked`: a fix replaces its
 * variant unless it breaks more rules than the original. A garbled answer
 * leaves the originals (marked invalid); an unreachable model or a
 * cancellation stops everything, so that nothing is saved.
 */
export async function repairVariants(
  deps: { chatModel: ChatModel; embedder: Embedder },
  checked: CheckedVariant[],
  round: RepairRound,
): Promise<CheckedVariant[]> {
  const failing = checked.map((variant, index) => ({ variant, index })).filter((entry) => !entry.variant.valid);
  if (failing.length === 0) return checked;
  const shape = { ...round.shape, n: failing.length };
  let repaired;
  try {
    const maxTokens = Math.min(8_192, Math.ceil((failing.length * round.shape.maxChars) / 4) + 200);
    repaired = await requestVariants(
      deps.chatModel,
      { messages: round.messages, shape, maxTokens, temperature: 0.4, signal: round.signal, onToken: round.onToken },
      round.usage,
    );
  } catch (error) {
    // Only a malformed answer (named `problem`) keeps the first drafts; a failing model stops the run.
    if (error instanceof ModelFailedError && error.details.problem !== undefined) return checked;
    throw error;
  }
  const fixes = await checkVariants(deps.embedder, repaired.map(composeVariantText), round.context, round.signal);
  const next = [...checked];
  failing.forEach(({ variant, index }, position) => {
    const fix = fixes[position];
    if (fix && (fix.valid || fix.violations.length <= variant.violations.length)) next[index] = fix;
  });
  return markSiblingDuplicates(next, round.context.nearDuplicateThreshold);
}
