import { HABITS, wordGramId, type Habit, type HabitValues } from './voice-features.js';
import type { VoiceModel } from './voice-model.js';
import { wordGramsOf } from './voice-phrases.js';

/** A habit this many (floored) deviations from the profile's mean is worth a reason. */
const HABIT_Z = 2;
const MAX_REASONS = 4;
/** The smallest spread a habit is compared with, so a voice that never uses hashtags is not infinitely surprised by one. */
const HABIT_FLOOR: Record<Habit, number> = {
  length: 0.3,
  capitals: 0.03,
  hashtags: 0.35,
  mentions: 0.35,
  links: 0.3,
  emoji: 0.35,
  lineBreaks: 0.3,
  punctuationRuns: 0.3,
  questions: 0.3,
  exclamations: 0.3,
};

function usually(mean: number): string {
  if (mean < 0.05) return 'usually none';
  if (mean < 0.5) return 'usually none or 1';
  return `usually about ${Math.max(1, Math.round(mean))}`;
}

function habitReason(habit: Habit, value: number, mean: number, z: number): string | undefined {
  const more = z > 0;
  switch (habit) {
    case 'length':
      return `${more ? 'much longer' : 'much shorter'} than usual (${Math.round(Math.expm1(value))} vs about ${Math.round(Math.expm1(mean))} characters)`;
    case 'capitals':
      return more ? 'far more capital letters than usual' : 'fewer capital letters than usual';
    case 'punctuationRuns':
      return more ? 'runs of punctuation (!!, ..., ?!) this voice rarely writes' : 'none of the punctuation runs (!!, ...) this voice often writes';
    default: {
      if (Math.abs(value - mean) < 1) return undefined;
      const names: Record<string, string> = {
        hashtags: 'hashtag',
        mentions: 'mention',
        links: 'link',
        emoji: 'emoji',
        lineBreaks: 'line break',
        questions: 'question mark',
        exclamations: 'exclamation mark',
      };
      const noun = names[habit] ?? habit;
      return `${value} ${noun}${value === 1 || habit === 'emoji' ? '' : 's'}; ${usually(mean)}`;
    }
  }
}

/**
 * Why a text scores as it does for profile `k`, in plain words: habits that
 * differ from the profile's posts (length, capitals, hashtags…), then, for a
 * low score, phrases the text uses that count against this voice and
 * phrases this voice often uses that the text lacks.
 */
export function voiceReasons(model: VoiceModel, k: number, text: string, habits: HabitValues, score: number): string[] {
  const reasons: Array<{ weight: number; text: string }> = [];
  const profile = model.habits[k];
  if (profile) {
    HABITS.forEach((habit, index) => {
      const value = habits[index] ?? 0;
      const mean = profile.mean[index] ?? 0;
      const z = (value - mean) / Math.max(profile.deviation[index] ?? 0, HABIT_FLOOR[habit]);
      if (Math.abs(z) < HABIT_Z) return;
      const reason = habitReason(habit, value, mean, z);
      if (reason) reasons.push({ weight: Math.abs(z), text: reason });
    });
  }
  const sorted = reasons.sort((a, b) => b.weight - a.weight).map((reason) => reason.text);
  if (score >= 50) return sorted.slice(0, MAX_REASONS);
  const wording: string[] = [];
  const classes = model.classes.length;
  const grams = wordGramsOf(text, model.links);
  const against = [...grams.keys()]
    .filter((gram) => /\p{L}/u.test(gram) && !gram.includes('<s>') && !gram.includes('</s>'))
    .map((gram) => {
      const column = model.vocabulary.get(wordGramId(gram));
      return { gram, weight: column === undefined ? 0 : (model.weights[column * classes + k] ?? 0) };
    })
    .filter((entry) => entry.weight < 0)
    .sort((a, b) => a.weight - b.weight)
    .slice(0, 3)
    .map((entry) => `“${entry.gram}”`);
  if (against.length > 0) wording.push(`wording unlike this voice: ${against.join(', ')}`);
  const lacking = (model.phrases[k] ?? []).filter((gram) => !grams.has(gram) && !gram.includes('<s>') && !gram.includes('</s>')).slice(0, 3);
  if (lacking.length > 0) wording.push(`none of the words this voice often uses, such as ${lacking.map((gram) => `“${gram}”`).join(', ')}`);
  return [...sorted.slice(0, MAX_REASONS - wording.length), ...wording];
}
