import type { BaseMessage } from '@langchain/core/messages';
import type { ChatMessage, TokenUsage } from '../../core/ports.js';
import { estimateTokens } from './json-reply.js';

/** Token usage as the server reported it, else an estimate from the text. */
export function usageOf(message: BaseMessage | undefined, prompt: readonly Pick<ChatMessage, 'content'>[], completion: string): TokenUsage {
  const reported = (message as { usage_metadata?: { input_tokens?: number; output_tokens?: number } } | undefined)?.usage_metadata;
  if (reported && (reported.input_tokens || reported.output_tokens)) {
    return { promptTokens: reported.input_tokens ?? 0, completionTokens: reported.output_tokens ?? 0 };
  }
  return { promptTokens: estimateTokens(prompt.map((item) => item.content).join('\n')), completionTokens: estimateTokens(completion) };
}
