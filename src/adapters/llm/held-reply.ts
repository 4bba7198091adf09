import type { ChatHistoryItem, ChatWrapper, LlamaModel, LlamaText as LlamaTextType, Token } from 'node-llama-cpp';

/**
 * A reply a context sequence holds as the model generated it. A model's
 * tokens are often not the ones its tokenizer makes of the same text (a
 * grammar-held JSON reply almost never is), so a next turn rendered from the
 * reply's text would differ from the sequence a few tokens into the reply
 * and evaluate the rest again. Continuing from the held tokens evaluates
 * only the new turn.
 */
export interface HeldReply {
  /** The prompt key (see promptKey) with the reply appended as a model turn: what the sequence holds, as text. */
  key: string;
  /** The prompt's tokens followed by the reply's tokens as generated. */
  tokens: Token[];
}

/**
 * The sequence's prompt tokens followed by the generated ones. The sequence
 * holds the prompt and the reply, except, often, the last generated token
 * (not evaluated yet), and may hold a few evaluated tokens past the reply
 * (a stop trigger's); undefined when it does not hold the reply at all.
 */
export function heldReplyTokens(contextTokens: readonly Token[], generated: readonly Token[]): Token[] | undefined {
  if (generated.length === 0) return undefined;
  const near = contextTokens.length - generated.length;
  for (let start = Math.max(0, near - 4); start <= near + 1 && start < contextTokens.length; start += 1) {
    const overlap = Math.min(generated.length, contextTokens.length - start);
    let same = 0;
    while (same < overlap && contextTokens[start + same] === generated[same]) same += 1;
    if (same === overlap) return [...contextTokens.slice(0, start), ...generated];
  }
  return undefined;
}

/**
 * The tokens that follow a model reply in the model's chat template when the
 * user answers it: the end of the reply, the user's message and the start
 * of the next reply; and the template's stop triggers. `history` ends with
 * the reply. Undefined when the template does not render the reply as given
 * (then the caller evaluates the conversation as text).
 */
export function turnAfterReply(
  LlamaText: typeof LlamaTextType,
  chatWrapper: ChatWrapper,
  model: LlamaModel,
  history: readonly ChatHistoryItem[],
  userText: string,
): { tokens: Token[]; stopTriggers: LlamaTextType[] } | undefined {
  const reply = history.at(-1);
  if (reply?.type !== 'model') return undefined;
  const marker = `W${Math.random().toString(36).slice(2)}W`;
  const { contextText, stopGenerationTriggers } = chatWrapper.generateContextState({
    chatHistory: [
      ...history.slice(0, -1),
      { type: 'model', response: [...reply.response.slice(0, -1), `${String(reply.response.at(-1) ?? '')}${marker}`] },
      { type: 'user', text: userText },
      { type: 'model', response: [] },
    ],
  });
  const values = contextText.values;
  const at = values.findIndex((value) => typeof value === 'string' && value.includes(marker));
  if (at < 0) return undefined;
  const holder = values[at] as string;
  const rest = LlamaText([holder.slice(holder.indexOf(marker) + marker.length), ...values.slice(at + 1)]);
  return { tokens: rest.tokenize(model.tokenizer, 'trimLeadingSpace'), stopTriggers: stopGenerationTriggers };
}
