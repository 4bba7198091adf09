import { z } from 'zod';

/** The name the structured output is requested under (OpenAI `response_format.json_schema.name`). */
export const VARIANTS_SCHEMA_NAME = 'post_variants';

/** One variant as the model returns it, before any checks. */
export interface RawVariant {
  text: string;
  hashtags: string[];
}

export interface VariantsShape {
  /** Variants asked for. */
  n: number;
  /**
   * The JSON schema's cap on each text, in characters: a little above the
   * platform limit, so that a grammar-constrained model cannot run on. A
   * longer answer from an unconstrained model is still accepted here: the
   * platform check names its real length and the repair round shortens it.
   */
  maxChars: number;
}

/** What the zod schema accepts at most, far above any cap: length is the checks' business, not a parse failure. */
function acceptedChars(shape: VariantsShape): number {
  return Math.max(shape.maxChars * 4, 10_000);
}

/** The zod schema a model's answer is validated with. */
export function variantsSchema(shape: VariantsShape) {
  return z.object({
    variants: z
      .array(
        z.object({
          text: z.string().trim().min(1, 'text is empty').max(acceptedChars(shape), `text is longer than ${acceptedChars(shape)} characters`),
          hashtags: z.array(z.string().max(100)).max(30).optional(),
        }),
      )
      .min(1, `no variants: return ${shape.n}`)
      // A model that writes one or two extra is not wrong enough for a retry: extras are dropped.
      .max(shape.n + 3),
  });
}

/**
 * The JSON schema sent to the model (response_format, or a llama.cpp
 * grammar): exactly `n` variants; hashtags required so that grammars always
 * produce the field.
 */
export function variantsJsonSchema(shape: VariantsShape): Record<string, unknown> {
  return {
    type: 'object',
    properties: {
      variants: {
        type: 'array',
        minItems: shape.n,
        maxItems: shape.n,
        items: {
          type: 'object',
          properties: {
            text: { type: 'string', minLength: 1, maxLength: shape.maxChars },
            hashtags: { type: 'array', items: { type: 'string', maxLength: 100 }, maxItems: 30 },
          },
          required: ['text', 'hashtags'],
          additionalProperties: false,
        },
      },
    },
    required: ['variants'],
    additionalProperties: false,
  };
}

export type ParsedVariants = { ok: true; variants: RawVariant[] } | { ok: false; problem: string };

/**
 * Validates a model's answer. Small local models often return a bare array
 * or bare strings: those are accepted as what they obviously mean. Hashtags
 * lose their "#" and duplicates; variants beyond `n` are dropped.
 */
export function parseVariants(value: unknown, shape: VariantsShape): ParsedVariants {
  const result = variantsSchema(shape).safeParse(normalise(value));
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'answer'}: ${issue.message}`);
    return { ok: false, problem: problems.slice(0, 5).join('; ') };
  }
  return {
    ok: true,
    variants: result.data.variants.slice(0, shape.n).map((variant) => ({
      text: variant.text,
      hashtags: [...new Set((variant.hashtags ?? []).map((tag) => tag.trim().replace(/^#+/, '')).filter((tag) => tag !== ''))],
    })),
  };
}

function normalise(value: unknown): unknown {
  let candidate = value;
  if (typeof candidate === 'string') {
    try {
      candidate = JSON.parse(candidate);
    } catch {
      return candidate;
    }
  }
  if (Array.isArray(candidate)) candidate = { variants: candidate };
  if (candidate && typeof candidate === 'object' && Array.isArray((candidate as { variants?: unknown }).variants)) {
    const variants = (candidate as { variants: unknown[] }).variants.map((item) => (typeof item === 'string' ? { text: item } : item));
    return { ...candidate, variants };
  }
  return candidate;
}
