/**
 * A model-free estimate of how many tokens a text costs in a prompt. BPE
 * tokenizers spend about one token per 4 Latin characters but about one per
 * CJK character and two or more per emoji, so a plain chars/4 would let a
 * Chinese or emoji-heavy example blow the prompt budget.
 */
const WIDE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]/u;
const EMOJI = /\p{Extended_Pictographic}/u;

/** Estimated prompt tokens of `text` (rounded up; 0 for an empty string). */
export function estimateTokens(text: string): number {
  let narrow = 0;
  let wide = 0;
  for (const char of text) {
    if (WIDE.test(char)) wide += 1;
    else if (EMOJI.test(char)) wide += 2;
    else narrow += 1;
  }
  return Math.ceil(narrow / 4 + wide);
}

/** Estimated tokens of a chat conversation: the texts plus a few tokens of framing per message. */
export function estimateMessagesTokens(messages: ReadonlyArray<{ content: string }>): number {
  return messages.reduce((sum, message) => sum + 4 + estimateTokens(message.content), 2);
}

/**
 * Cuts `text` so that it costs at most `maxTokens`, at a word boundary when
 * one is near, and marks the cut with "…". Returns the text unchanged when it fits.
 */
export function truncateToTokens(text: string, maxTokens: number): string {
  if (estimateTokens(text) <= maxTokens) return text;
  let budget = maxTokens - 1;
  let end = 0;
  for (const char of text) {
    const cost = WIDE.test(char) ? 1 : EMOJI.test(char) ? 2 : 0.25;
    if (budget - cost < 0) break;
    budget -= cost;
    end += char.length;
  }
  const cut = text.slice(0, end);
  const lastSpace = cut.search(/\s\S*$/);
  const clean = lastSpace > cut.length * 0.7 ? cut.slice(0, lastSpace) : cut;
  return `${clean.trimEnd()}…`;
}
