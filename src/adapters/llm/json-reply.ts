import { ModelFailedError } from '../../core/errors.js';

/**
 * Reads the JSON object out of a model's reply: the whole text, else a
 * fenced ```json block, else the span from the first "{" to the last "}".
 * Models without constrained output often wrap JSON in prose or fences.
 */
export function parseJsonReply(text: string, model: string): unknown {
  const trimmed = text.trim();
  if (trimmed === '') {
    // Seen from servers that answer a streaming request with an empty stream or a plain JSON body.
    throw new ModelFailedError(`The model ${model} returned an empty reply.`, {
      hint: 'Try again; if it keeps happening, check that the server streams chat completions (stream: true), or choose another model (SMM_MODEL).',
    });
  }
  const candidates = [trimmed];
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(trimmed);
  if (fenced?.[1]) candidates.push(fenced[1].trim());
  const first = trimmed.indexOf('{');
  const last = trimmed.lastIndexOf('}');
  if (first >= 0 && last > first) candidates.push(trimmed.slice(first, last + 1));
  for (const candidate of candidates) {
    try {
      return JSON.parse(candidate) as unknown;
    } catch {
      // try the next reading
    }
  }
  throw new ModelFailedError(`The model ${model} did not reply with valid JSON.`, {
    details: { reply: trimmed.slice(0, 500) },
    hint: 'Try again, or use a larger or instruction-tuned model (SMM_MODEL).',
  });
}

/** A rough token count (about four characters a token) for servers that report no usage. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** The instruction that carries the schema when the server cannot be given one. */
export function jsonInstruction(schemaName: string, jsonSchema: Record<string, unknown>): string {
  return (
    `Reply with one JSON object named "${schemaName}" that follows this JSON schema, and nothing else ` +
    `(no prose, no code fences):\n${JSON.stringify(jsonSchema)}`
  );
}
