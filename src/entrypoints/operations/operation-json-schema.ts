import { z } from 'zod';
import type { AnyOperation } from './operation.js';

export type JsonSchema = Record<string, unknown> & {
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
};

const cache = new WeakMap<z.ZodType, JsonSchema>();

/**
 * The JSON schema of what a caller sends (defaults make fields optional),
 * self-contained (no `$ref`), with every enum's allowed values also written
 * into its description: Open WebUI passes only `type` and `description` of a
 * parameter to the model, so values in `enum` alone would be lost.
 */
export function inputJsonSchema(schema: z.ZodType): JsonSchema {
  let converted = cache.get(schema);
  if (!converted) {
    const raw = z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any', reused: 'inline' }) as JsonSchema;
    delete raw.$schema;
    converted = tidy(raw);
    cache.set(schema, converted);
  }
  return converted;
}

/** The JSON schema of one operation's arguments. */
export function operationJsonSchema(operation: AnyOperation): JsonSchema {
  return inputJsonSchema(operation.input);
}

function tidy(node: JsonSchema): JsonSchema {
  const result: JsonSchema = { ...node };
  // Out-of-band bounds that zod adds to every int say nothing to a reader.
  if (result.minimum === Number.MIN_SAFE_INTEGER) delete result.minimum;
  if (result.maximum === Number.MAX_SAFE_INTEGER) delete result.maximum;
  if (result.properties) {
    result.properties = Object.fromEntries(Object.entries(result.properties).map(([key, value]) => [key, tidy(value)]));
  }
  if (result.items && typeof result.items === 'object') result.items = tidy(result.items);
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    const list = result[key];
    if (Array.isArray(list)) result[key] = list.map((item) => tidy(item as JsonSchema));
  }
  const values = result.enum ?? result.items?.enum;
  if (Array.isArray(values) && values.length > 0) {
    const spelled = values.map(String);
    const description = result.description ?? '';
    if (!spelled.every((value) => namesWord(description, value))) {
      const sentence = `Allowed values: ${spelled.join(', ')}.`;
      result.description = description ? `${description.replace(/\s*$/, '')} ${sentence}` : sentence;
    }
  }
  return result;
}

/** Whether `text` names `value` as a word of its own: "x" is not named by "next", "x-ray" or "x_y". */
function namesWord(text: string, value: string): boolean {
  const escaped = value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\p{L}\\p{N}_-])${escaped}(?![\\p{L}\\p{N}_-])`, 'u').test(text);
}
