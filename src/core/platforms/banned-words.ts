/** One banned word or phrase found in a text. */
export interface BannedWordHit {
  /** The banned word as configured. */
  word: string;
  /** How many times it occurs. */
  count: number;
}

// Scripts written without spaces between words: a banned word there is a plain substring.
const NO_SPACE_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const WORD_CHAR = '[\\p{L}\\p{M}\\p{N}_]';

function escapeRegExp(text: string): string {
  // No "-" here: outside a character class it needs no escape, and "\\-" is an error in unicode (u) mode.
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * A case-insensitive, Unicode-aware pattern for a word or phrase: it matches
 * whole words only ("ai" is not found in "said"), any run of spaces between
 * the words of a phrase, and substrings in scripts without word spaces.
 */
function patternOf(word: string): RegExp | undefined {
  const normalized = word.normalize('NFC').trim();
  if (normalized === '') return undefined;
  const body = normalized.split(/\s+/u).map(escapeRegExp).join('\\s+');
  const first = normalized[0] ?? '';
  const last = normalized.at(-1) ?? '';
  const before = new RegExp(WORD_CHAR, 'u').test(first) && !NO_SPACE_SCRIPT.test(first) ? `(?<!${WORD_CHAR})` : '';
  const after = new RegExp(WORD_CHAR, 'u').test(last) && !NO_SPACE_SCRIPT.test(last) ? `(?!${WORD_CHAR})` : '';
  return new RegExp(`${before}${body}${after}`, 'giu');
}

/** The banned words and phrases that occur in the text, with their counts, in the configured order. */
export function findBannedWords(text: string, bannedWords: readonly string[]): BannedWordHit[] {
  const normalizedText = text.normalize('NFC');
  const hits: BannedWordHit[] = [];
  for (const word of bannedWords) {
    const pattern = patternOf(word);
    if (pattern === undefined) continue;
    const count = [...normalizedText.matchAll(pattern)].length;
    if (count > 0) hits.push({ word, count });
  }
  return hits;
}
