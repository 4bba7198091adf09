import { z } from 'zod';
import { InvalidInputError } from '../../core/errors.js';
import type { ToolChatMessage } from '../../core/ports.js';
import { parseInput } from '../../core/validation.js';

export const ASSISTANT_MODEL_ID = 'smm-assistant';

const ContentSchema = z.union([
  z.string(),
  z.array(z.looseObject({ type: z.string(), text: z.string().optional() })),
  z.null(),
]);

/** The parts of an OpenAI chat completion request the assistant reads; the rest (temperature, tools…) is accepted and ignored. */
export const ChatRequestSchema = z.looseObject({
  model: z.string().min(1, `model is required: use "${ASSISTANT_MODEL_ID}".`),
  messages: z
    .array(z.looseObject({ role: z.string(), content: ContentSchema.optional() }))
    .min(1, 'messages must hold at least one message.')
    .max(500),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullish(),
});
export type ChatRequest = z.output<typeof ChatRequestSchema>;

export function parseChatRequest(body: unknown): ChatRequest {
  if (body === undefined) throw new InvalidInputError('The request has no body.', { hint: `Send {"model": "${ASSISTANT_MODEL_ID}", "messages": [{"role": "user", "content": "…"}]}.` });
  return parseInput(ChatRequestSchema, body, 'chat completion request');
}

/**
 * The conversation as the chat model port's messages. Tool calls and tool
 * results of client-side tools are left out: this assistant runs its own
 * tools, and earlier turns' visible text is what carries the context.
 */
export function toChatMessages(messages: ChatRequest['messages']): ToolChatMessage[] {
  const result: ToolChatMessage[] = [];
  for (const message of messages) {
    const text = textOf(message.content);
    if (message.role === 'system' || message.role === 'developer') result.push({ role: 'system', content: text });
    else if (message.role === 'user') result.push({ role: 'user', content: text });
    else if (message.role === 'assistant' && text) result.push({ role: 'assistant', content: text });
  }
  if (!result.some((message) => message.role === 'user')) {
    throw new InvalidInputError('messages has no user message.', { hint: 'Add {"role": "user", "content": "…"} with the request.' });
  }
  return result;
}

function textOf(content: z.output<typeof ContentSchema> | undefined): string {
  if (content === undefined || content === null) return '';
  if (typeof content === 'string') return content;
  return content
    .filter((part) => part.type === 'text' && typeof part.text === 'string')
    .map((part) => part.text)
    .join('\n');
}
