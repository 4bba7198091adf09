import type { PostAnatomy } from './voice-text.js';

/** A phrase or token with how often it occurs. */
export interface CountedText {
  text: string;
  count: number;
}

// English function words: phrases that start or end with one are not "top phrases".
const STOP_WORDS = new Set(
  (
    'a about above after again against all am an and any are as at be because been before being below between both but by can ' +
    'could did do does doing down during each few for from further had has have having he her here hers herself him himself his how ' +
    'i if in into is it its itself just let me more most my myself no nor not now of off on once only or other our ours ourselves ' +
    'out over own same she should so some such than that the their theirs them themselves then there these they this those through ' +
    'to too under until up very was we were what when where which while who whom why will with would you your yours yourself ' +
    "yourselves it's i'm don't can't we're you're that's here's there's what's via amp rt get got one also us"
  ).split(' '),
);

/** Whether a lowercased word is an English function word. */
export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word.replace(/’/gu, "'"));
}

/**
 * Counts keys case-insensitively and keeps, for each, its most frequent
 * written form; returns the `limit` most frequent with at least `minCount`.
 */
export function topCounted(values: Iterable<string>, limit: number, minCount = 1): CountedText[] {
  const byKey = new Map<string, { count: number; forms: Map<string, number> }>();
  for (const value of values) {
    const key = value.toLowerCase();
    const entry = byKey.get(key) ?? { count: 0, forms: new Map<string, number>() };
    entry.count += 1;
    entry.forms.set(value, (entry.forms.get(value) ?? 0) + 1);
    byKey.set(key, entry);
  }
  return [...byKey.values()]
    .filter((entry) => entry.count >= minCount)
    .map((entry) => ({ text: [...entry.forms.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? '', count: entry.count }))
    .sort((a, b) => b.count - a.count || a.text.localeCompare(b.text))
    .slice(0, limit);
}

/** Tokens separated by spaces, links removed. */
function tokensOf(post: PostAnatomy): string[] {
  return post.prose.split(/\s+/u).filter((token) => token !== '');
}

/**
 * Phrases made of the first (or last) 1-3 tokens of posts that recur. A
 * longer phrase replaces its shorter form when nearly as frequent.
 */
function edgePhrases(posts: readonly PostAnatomy[], edge: 'start' | 'end', limit: number): CountedText[] {
  const candidates: string[] = [];
  for (const post of posts) {
    let tokens = tokensOf(post);
    // A reply's leading mentions are addressing, not an opener.
    if (edge === 'start') while (tokens[0] !== undefined && /^\.?@/u.test(tokens[0])) tokens = tokens.slice(1);
    for (let size = 1; size <= Math.min(3, tokens.length); size += 1) {
      const phrase = edge === 'start' ? tokens.slice(0, size) : tokens.slice(tokens.length - size);
      // An opener or sign-off with no letter at all ("-", "…"), or a lone function word ("The"), says little.
      if (!phrase.some((token) => /[\p{L}\p{N}\p{Extended_Pictographic}]/u.test(token))) continue;
      if (size === 1 && isStopWord((phrase[0] ?? '').toLowerCase().replace(/[^\p{L}'’]/gu, ''))) continue;
      candidates.push(phrase.join(' '));
    }
  }
  const minCount = Math.max(2, Math.ceil(posts.length * 0.04));
  const counted = topCounted(candidates, 60, minCount);
  const kept = counted.filter(
    (shorter) =>
      !counted.some((longer) => {
        const words = longer.text.split(' ').length;
        return words > shorter.text.split(' ').length && within(shorter.text, longer.text, edge) && longer.count >= shorter.count * 0.8;
      }),
  );
  // A longer phrase that did not replace its shorter form repeats it ("quick thought:" and "quick thought: nobody").
  const distinct = kept.filter((longer) => !kept.some((shorter) => shorter !== longer && within(shorter.text, longer.text, edge)));
  return distinct.slice(0, limit);
}

function within(shorter: string, longer: string, edge: 'start' | 'end'): boolean {
  const [small, large] = [shorter.toLowerCase(), longer.toLowerCase()];
  return edge === 'start' ? large.startsWith(`${small} `) : large.endsWith(` ${small}`);
}

/** Favourite openers: the first 1-3 words posts recurrently start with. */
export function openersOf(posts: readonly PostAnatomy[], limit = 5): CountedText[] {
  return edgePhrases(posts, 'start', limit);
}

/** Favourite sign-offs: the last 1-3 words (links aside) posts recurrently end with. */
export function signOffsOf(posts: readonly PostAnatomy[], limit = 5): CountedText[] {
  return edgePhrases(posts, 'end', limit);
}

/** Recurring word 2- and 3-grams, lowercased; phrases starting or ending with a function word are left out. */
export function topPhrasesOf(posts: readonly PostAnatomy[], limit = 10): CountedText[] {
  const counts = new Map<string, { count: number; posts: number }>();
  for (const post of posts) {
    const words = post.words.map((word) => word.toLowerCase());
    const seen = new Set<string>();
    for (let size = 2; size <= 3; size += 1) {
      for (let start = 0; start + size <= words.length; start += 1) {
        const gram = words.slice(start, start + size);
        if (isStopWord(gram[0] ?? '') || isStopWord(gram.at(-1) ?? '')) continue;
        if (gram.every((word) => /^\p{N}+$/u.test(word)) || gram.some((word) => word.length === 1 && !/^\p{N}$/u.test(word))) continue;
        const key = gram.join(' ');
        const entry = counts.get(key) ?? { count: 0, posts: 0 };
        entry.count += 1;
        if (!seen.has(key)) entry.posts += 1;
        seen.add(key);
        counts.set(key, entry);
      }
    }
  }
  const recurring = [...counts.entries()]
    .filter(([, entry]) => entry.posts >= 2)
    .sort((a, b) => b[1].count - a[1].count)
    .slice(0, 300);
  // A bigram that only ever occurs inside one trigram is that trigram.
  const kept = recurring.filter(
    ([key, entry]) => !recurring.some(([other, otherEntry]) => other !== key && other.includes(key) && other.split(' ').length > key.split(' ').length && otherEntry.count >= entry.count),
  );
  return kept
    .map(([text, entry]) => ({ text, count: entry.count }))
    .sort((a, b) => b.count - a.count || a.text.localeCompare(b.text))
    .slice(0, limit);
}
