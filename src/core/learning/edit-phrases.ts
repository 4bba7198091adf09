import { containsPhrase, type EditDelta } from './edit-analysis.js';

/** A phrase the user keeps taking out, and what they usually write instead. */
export interface PhraseHabit {
  /** Lower-cased words, space-separated. */
  phrase: string;
  /** The words most often put in its place, when the same ones were used at least twice. */
  replacement?: string;
  count: number;
  of: number;
}

const MAX_PHRASE_WORDS = 4;
/** A hunk longer than this is a rewritten passage: its phrases say little one by one. */
const MAX_HUNK_WORDS = 30;
const MAX_PHRASES = 5;

/**
 * Phrases removed in at least two pairs and in most of the pairs whose draft
 * contained them. Counting "contained in the draft, gone from the approved
 * text" (not raw word frequency) keeps common words out in any language: the
 * approved texts still contain "the" or "de". Of nested phrases with the same
 * evidence, the longest is kept ("excited to announce", not "announce").
 */
export function findPhraseHabits(deltas: readonly EditDelta[], isMajority: (count: number, of: number) => boolean): PhraseHabit[] {
  const proposedBy = new Map<string, number>();
  for (const delta of deltas) {
    const candidates = new Set<string>();
    for (const hunk of delta.hunks) {
      const removed = hunk.removed.slice(0, MAX_HUNK_WORDS);
      for (let size = 1; size <= MAX_PHRASE_WORDS; size += 1) {
        for (let start = 0; start + size <= removed.length; start += 1) candidates.add(removed.slice(start, start + size).join(' '));
      }
    }
    for (const candidate of candidates) proposedBy.set(candidate, (proposedBy.get(candidate) ?? 0) + 1);
  }
  const habits: PhraseHabit[] = [];
  for (const [phrase, proposals] of proposedBy) {
    if (proposals < 2 || !meaningful(phrase)) continue;
    const words = phrase.split(' ');
    const drafts = deltas.filter((delta) => containsPhrase(delta.wordsBefore, words));
    const removedIn = drafts.filter((delta) => !containsPhrase(delta.wordsAfter, words));
    if (!isMajority(removedIn.length, drafts.length)) continue;
    habits.push({ phrase, count: removedIn.length, of: drafts.length, ...replacementOf(words, removedIn, isMajority) });
  }
  habits.sort((a, b) => b.count - a.count || b.phrase.split(' ').length - a.phrase.split(' ').length || a.phrase.localeCompare(b.phrase));
  const kept: PhraseHabit[] = [];
  for (const habit of habits) {
    const nested = kept.some((other) => ` ${other.phrase} `.includes(` ${habit.phrase} `) || ` ${habit.phrase} `.includes(` ${other.phrase} `));
    if (!nested) kept.push(habit);
    if (kept.length === MAX_PHRASES) break;
  }
  return kept;
}

/** What replaced the phrase, when the same words did in most of its removals. */
function replacementOf(words: readonly string[], removedIn: readonly EditDelta[], isMajority: (count: number, of: number) => boolean): { replacement?: string } {
  const counts = new Map<string, number>();
  for (const delta of removedIn) {
    const hunk = delta.hunks.find((candidate) => containsPhrase(candidate.removed, words) && candidate.added.length > 0);
    if (!hunk) continue;
    const added = hunk.added.slice(0, MAX_PHRASE_WORDS * 2).join(' ');
    counts.set(added, (counts.get(added) ?? 0) + 1);
  }
  const [best] = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return best && isMajority(best[1], removedIn.length) ? { replacement: best[0] } : {};
}

/** At least four letters or digits (two in scripts written without spaces), not a bare number, no hashtag or link (their own habits). */
function meaningful(phrase: string): boolean {
  if (/(^|\s)#/.test(phrase)) return false;
  const letters = phrase.replace(/[^\p{L}\p{N}]/gu, '');
  const dense = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]/u.test(letters);
  return letters.length >= (dense ? 2 : 4) && !/^\p{N}+$/u.test(letters);
}
