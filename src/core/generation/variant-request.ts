import { AppError, CancelledError, ModelFailedError } from '../errors.js';
import type { ChatMessage, ChatModel, TokenUsage } from '../ports.js';
import { truncateToTokens } from './token-estimate.js';
import { VARIANTS_SCHEMA_NAME, parseVariants, variantsJsonSchema, type RawVariant, type VariantsShape } from './variant-schema.js';

/** The request that produced variants and the reply as the model wrote it: a repair round continues from there. */
export interface VariantConversation {
  messages: ChatMessage[];
  reply: string;
  /** Variants the reply holds. */
  variants: number;
}

/** A variant with the conversation it came from and its number in that reply (from 1). */
export interface AnsweredVariant {
  variant: RawVariant;
  conversation: VariantConversation;
  number: number;
}

export interface VariantRequest {
  messages: ChatMessage[];
  shape: VariantsShape;
  /** Upper bound on the answer's tokens, so that a rambling local model stops. */
  maxTokens: number;
  temperature?: number;
  signal?: AbortSignal;
  onToken?: (token: string) => void;
  /**
   * Ask a model with parallel sequences for one variant per request, side by side (default true). A
   * repair round passes false: one request keeps the other sequences' prompts (and their reuse) intact.
   */
  sideBySide?: boolean;
  /** Called with each variant as soon as its answer is in (and parsed), with its place in the returned list. */
  onVariant?: (variant: RawVariant, index: number) => void;
}

/**
 * Asks the model for variants as structured output and validates them. A
 * malformed answer gets one retry that names what was wrong; a second one
 * is a ModelFailedError. Every call's tokens are added to `usage`.
 *
 * A model that decodes several answers side by side (`parallelAnswers`) gets
 * one request per variant, all at once, sharing the prompt's beginning; a
 * variant whose answer stays malformed is left out rather than taking the
 * others down. Any other model gets one request for all N.
 */
export async function requestVariants(model: ChatModel, request: VariantRequest, usage: TokenUsage): Promise<AnsweredVariant[]> {
  const n = request.shape.n;
  if ((model.parallelAnswers ?? 1) > 1 && n > 1 && request.sideBySide !== false) return requestSideBySide(model, request, usage);
  const answered = await requestAll(model, request, request.messages, usage);
  answered.forEach((entry, index) => request.onVariant?.(entry.variant, index));
  return answered;
}

async function requestAll(model: ChatModel, request: VariantRequest, messages: ChatMessage[], usage: TokenUsage): Promise<AnsweredVariant[]> {
  const first = await ask(model, request, messages, usage);
  const parsed = parseVariants(first.value, request.shape);
  if (parsed.ok) return answered(parsed.variants, messages, first.reply);

  const retry: ChatMessage[] = [
    ...messages,
    { role: 'assistant', content: truncateToTokens(first.reply, 400) },
    {
      role: 'user',
      content:
        `That answer does not match the required JSON (${parsed.problem}). Reply again with JSON only, exactly ` +
        `${request.shape.n} variant${request.shape.n === 1 ? '' : 's'}: {"variants":[{"text":"…","hashtags":[]}]}.`,
    },
  ];
  const second = await ask(model, request, retry, usage);
  const reparsed = parseVariants(second.value, request.shape);
  if (reparsed.ok) return answered(reparsed.variants, retry, second.reply);
  throw new ModelFailedError(`The model "${model.id}" twice returned output that does not match the variants format (${reparsed.problem}).`, {
    details: { model: model.id, problem: reparsed.problem },
    hint: 'Try again; if it keeps failing, choose a larger or better instruction-following model (SMM_LLM and SMM_MODEL).',
  });
}

function answered(variants: RawVariant[], messages: ChatMessage[], reply: string): AnsweredVariant[] {
  const conversation = { messages, reply, variants: variants.length };
  return variants.map((variant, index) => ({ variant, conversation, number: index + 1 }));
}

/** N requests of one variant each, decoded side by side; the prompt is the same up to a last line naming the item. */
async function requestSideBySide(model: ChatModel, request: VariantRequest, usage: TokenUsage): Promise<AnsweredVariant[]> {
  const n = request.shape.n;
  const shape = { ...request.shape, n: 1 };
  const maxTokens = Math.ceil(Math.max(0, request.maxTokens - 200) / n) + 200;
  // Variants take their place in the order they land, so that the streamed ones keep their numbers.
  const variants: AnsweredVariant[] = [];
  const settled = await Promise.allSettled(
    Array.from({ length: n }, async (_, index) => {
      const answer = (await requestAll(model, { ...request, shape, maxTokens }, withItemLine(request.messages, index, n), usage))[0]!;
      variants.push(answer);
      request.onVariant?.(answer.variant, variants.length - 1);
    }),
  );
  const failures = settled.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as unknown] : []));
  // A cancelled or failing model stops everything; a malformed answer costs only its own variant.
  const stopping = failures.find((error) => !(error instanceof ModelFailedError && error.details.problem !== undefined));
  if (stopping !== undefined) throw stopping;
  if (variants.length > 0) return variants;
  throw failures[0];
}

/** The messages with a last line asking for item `index` of `n` only; everything before it stays the same for every item. */
function withItemLine(messages: ChatMessage[], index: number, n: number): ChatMessage[] {
  const line = `ITEM: write only variant ${index + 1} of the ${n}, as exactly 1 variant in "variants".`;
  const last = messages.at(-1);
  if (last?.role !== 'user') return [...messages, { role: 'user', content: line }];
  return [...messages.slice(0, -1), { role: 'user', content: `${last.content}\n\n${line}` }];
}

/** One request; the answer's value and the reply as the model wrote it (the value serialised when the model says nothing of it). */
async function ask(model: ChatModel, request: VariantRequest, messages: ChatMessage[], usage: TokenUsage): Promise<{ value: unknown; reply: string }> {
  if (request.signal?.aborted) throw new CancelledError('Generation was cancelled; nothing was saved.');
  try {
    const answer = await model.generateStructured({
      messages,
      jsonSchema: variantsJsonSchema(request.shape),
      schemaName: VARIANTS_SCHEMA_NAME,
      maxTokens: request.maxTokens,
      temperature: request.temperature,
      signal: request.signal,
      onToken: request.onToken,
    });
    usage.promptTokens += answer.usage.promptTokens;
    usage.completionTokens += answer.usage.completionTokens;
    const reply = answer.reply ?? (typeof answer.value === 'string' ? answer.value : (JSON.stringify(answer.value) ?? String(answer.value)));
    return { value: answer.value, reply };
  } catch (error) {
    if (request.signal?.aborted) throw new CancelledError('Generation was cancelled; nothing was saved.');
    if (AppError.isInstance(error)) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new ModelFailedError(`The model "${model.id}" failed: ${reason}`, {
      cause: error,
      hint: 'Check the model with {{`smm doctor`|the doctor operation}}, then try again.',
    });
  }
}
