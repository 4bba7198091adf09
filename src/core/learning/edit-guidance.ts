import type { Platform } from '../platforms/platform-id.js';
import { analyseEdit } from './edit-analysis.js';
import { EDIT_HABITS, median } from './edit-habits.js';
import type { EditPair } from './edit-pair.js';
import { findPhraseHabits } from './edit-phrases.js';

/** One recurring edit, with the evidence for it. */
export interface GuidanceItem {
  /** Stable id, for removing it: "removes-emoji", "shortens", "phrase-excited-to-announce". */
  id: string;
  kind: 'emoji' | 'length' | 'hashtags' | 'exclamations' | 'opening' | 'phrase';
  /** What the user does, in words: "removes emoji", "replaces "excited to announce" with "we shipped"". */
  description: string;
  /** Pairs that show it, of the pairs that could. */
  count: number;
  of: number;
  /** "4 of 5 drafts that had emoji". */
  evidence: string;
  /** Phrase habits: the words removed and, when consistent, the words written instead. */
  phrase?: string;
  replacement?: string;
  /** Length and opening habits: the median length, in characters, of what the user approved on the platform (absent with too few pairs there). */
  typicalLength?: number;
}

/** What a profile's edits teach, for the prompt, the ranking and `smm voice show`. */
export interface EditGuidance {
  /** Approved drafts the guidance was learnt from. */
  pairCount: number;
  /** Guidance in force. */
  items: GuidanceItem[];
  /** Guidance the edits show but the user removed: kept out of prompts and ranking. */
  removed: GuidanceItem[];
}

/** A habit becomes guidance past this: at least two pairs, and more than half of those that could show it. */
export function isMajority(count: number, of: number): boolean {
  return count >= 2 && count * 2 > of;
}

/**
 * Turns (generated → approved) pairs into guidance. Typical lengths come
 * from the pairs of `platform` (or of the one platform all pairs are on)
 * when there are two or more; else length guidance stays relative.
 */
export function learnGuidance(pairs: readonly EditPair[], removedIds: ReadonlySet<string>, platform?: Platform): EditGuidance {
  const deltas = pairs.map((pair) => analyseEdit(pair.generatedText, pair.approvedText));
  // A typical length means something on one platform only: X posts say nothing about LinkedIn's.
  const platforms = new Set(pairs.map((pair) => pair.platform));
  const target = platform ?? (platforms.size === 1 ? [...platforms][0] : undefined);
  const onPlatform = target ? deltas.filter((_, index) => pairs[index]!.platform === target) : [];
  const typical =
    onPlatform.length >= 2
      ? { length: Math.round(median(onPlatform.map((delta) => delta.length.after))), opening: Math.round(median(onPlatform.map((delta) => delta.opening.after))) }
      : undefined;
  const learnt: GuidanceItem[] = [];
  for (const habit of EDIT_HABITS) {
    const could = deltas.filter((delta) => habit.applies(delta));
    const shown = could.filter((delta) => habit.shows(delta));
    if (!isMajority(shown.length, could.length)) continue;
    learnt.push({
      id: habit.id,
      kind: habit.kind,
      description: habit.describe(shown),
      ...evidenceOf(shown.length, could.length, habit.counted),
      ...(typical && habit.kind === 'length' ? { typicalLength: typical.length } : {}),
      ...(typical && habit.kind === 'opening' ? { typicalLength: typical.opening } : {}),
    });
  }
  for (const habit of findPhraseHabits(deltas, isMajority)) {
    learnt.push({
      id: phraseId(habit.phrase),
      kind: 'phrase',
      description: habit.replacement ? `replaces "${habit.phrase}" with "${habit.replacement}"` : `removes "${habit.phrase}"`,
      ...evidenceOf(habit.count, habit.of, 'drafts that used it'),
      phrase: habit.phrase,
      ...(habit.replacement ? { replacement: habit.replacement } : {}),
    });
  }
  return {
    pairCount: pairs.length,
    items: learnt.filter((item) => !removedIds.has(item.id)),
    removed: learnt.filter((item) => removedIds.has(item.id)),
  };
}

/** The id of a phrase habit: its words joined by "-". */
export function phraseId(phrase: string): string {
  // Letters and digits only, so the id is easy to type in a shell and a URL: "ravis d'annoncer" → phrase-ravis-d-annoncer.
  return `phrase-${phrase.split(/[^\p{L}\p{N}]+/u).filter(Boolean).join('-')}`;
}

function evidenceOf(count: number, of: number, counted: string): Pick<GuidanceItem, 'count' | 'of' | 'evidence'> {
  return { count, of, evidence: `${count} of ${of} ${counted}` };
}
