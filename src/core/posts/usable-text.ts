/**
 * The one rule for "a post has words", used by every platform's import
 * summary, the voice, example choice and search: a text is usable when,
 * after removing links (`https://…`, `www.…`) and mentions (`@user`,
 * `@user@server`), it still has at least MIN_WORD_CHARACTERS letters or
 * digits (any script: Latin, CJK, Unicode math letters…). A photo-only post,
 * a caption of emoji, a separator line (`————`) or a bare link has none.
 */
export const MIN_WORD_CHARACTERS = 2;

const LINK = /\b(?:https?:\/\/|www\.)\S+/giu;
const MENTION = /(?<![\p{L}\p{N}_])@[\p{L}\p{N}_.-]+(?:@[\p{L}\p{N}_.-]+)?/gu;
const WORD_CHARACTER = /[\p{L}\p{N}]/gu;

export function hasUsableText(text: string): boolean {
  // Most texts have neither links nor mentions: count their letters without rewriting them (imports call this per post).
  const words = text.includes('@') || /https?:|www\./i.test(text) ? text.replace(LINK, ' ').replace(MENTION, ' ') : text;
  let count = 0;
  for (const _match of words.matchAll(WORD_CHARACTER)) {
    if (++count >= MIN_WORD_CHARACTERS) return true;
  }
  return false;
}
