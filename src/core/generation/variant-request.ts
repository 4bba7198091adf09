import { AppError, CancelledError, ModelFailedError } from '../errors.js';
import type { ChatMessage, ChatModel, TokenUsage } from '../ports.js';
import { truncateToTokens } from './token-estimate.js';
import { VARIANTS_SCHEMA_NAME, parseVariants, variantsJsonSchema, type RawVariant, type VariantsShape } from './variant-schema.js';

export interface VariantRequest {
  messages: ChatMessage[];
  shape: VariantsShape;
  /** Upper bound on the answer's tokens, so that a rambling local model stops. */
  maxTokens: number;
  temperature?: number;
  signal?: AbortSignal;
  onToken?: (token: string) => void;
}

/**
 * Asks the model for variants as structured output and validates them. A
 * malformed answer gets one retry that names what was wrong; a second one
 * is a ModelFailedError. Every call's tokens are added to `usage`.
 */
export async function requestVariants(model: ChatModel, request: VariantRequest, usage: TokenUsage): Promise<RawVariant[]> {
  const first = await ask(model, request, request.messages, usage);
  const parsed = parseVariants(first, request.shape);
  if (parsed.ok) return parsed.variants;

  const retry: ChatMessage[] = [
    ...request.messages,
    { role: 'assistant', content: truncateToTokens(typeof first === 'string' ? first : (JSON.stringify(first) ?? String(first)), 400) },
    {
      role: 'user',
      content:
        `That answer does not match the required JSON (${parsed.problem}). Reply again with JSON only, exactly ` +
        `${request.shape.n} variant${request.shape.n === 1 ? '' : 's'}: {"variants":[{"text":"…","hashtags":[]}]}.`,
    },
  ];
  const second = await ask(model, request, retry, usage);
  const reparsed = parseVariants(second, request.shape);
  if (reparsed.ok) return reparsed.variants;
  throw new ModelFailedError(`The model "${model.id}" twice returned output that does not match the variants format (${reparsed.problem}).`, {
    details: { model: model.id, problem: reparsed.problem },
    hint: 'Try again; if it keeps failing, choose a larger or better instruction-following model (SMM_LLM and SMM_MODEL).',
  });
}

async function ask(model: ChatModel, request: VariantRequest, messages: ChatMessage[], usage: TokenUsage): Promise<unknown> {
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
    return answer.value;
  } catch (error) {
    if (request.signal?.aborted) throw new CancelledError('Generation was cancelled; nothing was saved.');
    if (AppError.isInstance(error)) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new ModelFailedError(`The model "${model.id}" failed: ${reason}`, {
      cause: error,
      hint: 'Check the model with `smm doctor`, then try again.',
    });
  }
}
