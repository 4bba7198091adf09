import { characterLength, countEmoji, countExclamations, countHashtags, openingOf, wordsOf } from './edit-text.js';
import { diffWords, type DiffHunk } from './word-diff.js';

/** The measurable differences between a generated draft and the text the user approved. */
export interface EditDelta {
  unchanged: boolean;
  emoji: { before: number; after: number };
  hashtags: { before: number; after: number };
  exclamations: { before: number; after: number };
  length: { before: number; after: number };
  opening: { before: number; after: number };
  /** Lower-cased words of each text, for phrase checks. */
  wordsBefore: string[];
  wordsAfter: string[];
  hunks: DiffHunk[];
}

/** Compares one generated text with its approved version. */
export function analyseEdit(generated: string, approved: string): EditDelta {
  const wordsBefore = wordsOf(generated);
  const wordsAfter = wordsOf(approved);
  return {
    unchanged: generated.trim() === approved.trim(),
    emoji: { before: countEmoji(generated), after: countEmoji(approved) },
    hashtags: { before: countHashtags(generated), after: countHashtags(approved) },
    exclamations: { before: countExclamations(generated), after: countExclamations(approved) },
    length: { before: characterLength(generated), after: characterLength(approved) },
    opening: { before: characterLength(openingOf(generated)), after: characterLength(openingOf(approved)) },
    wordsBefore,
    wordsAfter,
    hunks: diffWords(wordsBefore, wordsAfter),
  };
}

/** Whether the word sequence `phrase` occurs in `words`. */
export function containsPhrase(words: readonly string[], phrase: readonly string[]): boolean {
  if (phrase.length === 0 || phrase.length > words.length) return false;
  outer: for (let start = 0; start + phrase.length <= words.length; start += 1) {
    for (let offset = 0; offset < phrase.length; offset += 1) if (words[start + offset] !== phrase[offset]) continue outer;
    return true;
  }
  return false;
}
