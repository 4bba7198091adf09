import type { BaseMessageLike } from '@langchain/core/messages';
import type { ChatMessage } from '../../core/ports.js';

const ROLES = { system: 'system', user: 'human', assistant: 'ai' } as const;

/** Our chat messages as LangChain message tuples (no import of LangChain's message classes needed). */
export function toLangChainMessages(messages: readonly ChatMessage[]): BaseMessageLike[] {
  return messages.map((message) => [ROLES[message.role], message.content] as [string, string]);
}
