/**
 * The one rule for "a post has words", used by every platform's import
 * summary, the voice, example choice and search: a text is usable when,
 * after removing links (`https://…`, `www.…`) and mentions (`@user`,
 * `@user@server`), it still has at least MIN_WORD_CHARACTERS letters or
 * digits (any script: Latin, CJK, Unicode math letters…). A photo-only post,
 * a caption of emoji, a separator line (`————`) or a bare link has none.
 */
export const MIN_WORD_CHARACTERS = 2;

/** One scan: a link or a mention is passed over whole; any other match is one letter or digit. */
const TOKEN = /(?:https?:\/\/|www\.)\S+|(?<![\p{L}\p{N}_])@[\p{L}\p{N}_.-]+(?:@[\p{L}\p{N}_.-]+)?|[\p{L}\p{N}]/giu;

export function hasUsableText(text: string): boolean {
  // One pass that stops at the second letter: imports call this for every post.
  let count = 0;
  for (const match of text.matchAll(TOKEN)) {
    if (match[0].length === 1 || !/^(?:https?:|www\.|@)/i.test(match[0])) {
      if (++count >= MIN_WORD_CHARACTERS) return true;
    }
  }
  return false;
}
