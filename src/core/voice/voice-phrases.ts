import { prepareText, wordGramId as wordGramIdOf, wordsOf, type LinkMode } from './voice-features.js';
import type { VoiceModel } from './voice-model.js';

/** The word n-grams of a profile's posts that weigh most for it. */
export function topPhrases(texts: readonly string[], model: Pick<VoiceModel, 'vocabulary' | 'weights' | 'classes'>, k: number, wordGrams: (text: string) => Map<string, number>): string[] {
  const counts = new Map<string, number>();
  for (const text of texts) for (const gram of wordGrams(text).keys()) counts.set(gram, (counts.get(gram) ?? 0) + 1);
  const scored: Array<[string, number]> = [];
  for (const [gram, count] of counts) {
    if (count < 3 || !/\p{L}/u.test(gram)) continue;
    const column = model.vocabulary.get(wordGramIdOf(gram));
    if (column === undefined) continue;
    scored.push([gram, model.weights[column * model.classes.length + k] ?? 0]);
  }
  return scored
    .sort((a, b) => b[1] - a[1])
    .slice(0, 12)
    .filter(([, weight]) => weight > 0)
    .map(([gram]) => gram);
}

/** Word 1–2-grams of a text (as the model hashes them), with counts. */
export function wordGramsOf(text: string, links: LinkMode = 'mask'): Map<string, number> {
  const tokens = ['<s>', ...wordsOf(prepareText(text, links)), '</s>'];
  const grams = new Map<string, number>();
  tokens.forEach((word, index) => {
    if (index > 0 && index < tokens.length - 1) grams.set(word, (grams.get(word) ?? 0) + 1);
    if (index > 0) grams.set(`${tokens[index - 1]} ${word}`, (grams.get(`${tokens[index - 1]} ${word}`) ?? 0) + 1);
  });
  return grams;
}
