import { linksOf } from './voice-text.js';

/** How links are read: `mask` (default) turns every URL into one token, host dropped; `keep` keeps the host. */
export type LinkMode = 'mask' | 'keep';

/** A sparse feature vector: hashed feature ids (unsorted, unique) and their values. */
export interface FeatureVector {
  ids: Int32Array;
  values: Float32Array;
}

/** Habit measurements of one text (before standardising), in `HABITS` order. */
export type HabitValues = Float64Array;

/**
 * The habits the model reads, each as one of a few bins (a one-hot feature):
 * a linear model over bins learns "usually none", "often two" without
 * extrapolating (a text with far more capitals than anyone writes is not
 * taken as extra-much like the profile with the most). Their names are what
 * the score's reasons talk about.
 */
export const HABITS = ['length', 'capitals', 'hashtags', 'mentions', 'links', 'emoji', 'lineBreaks', 'punctuationRuns', 'questions', 'exclamations'] as const;
export type Habit = (typeof HABITS)[number];

/**
 * Weights of the feature families, each family L2-normalised first. Chosen
 * on the voice development set's train file (older 90 posts per author to
 * fit, newer 30 to check; links masked), then checked on two author groups
 * (the 16 health-news accounts, the 9 others): words at 1 rather than 0.6
 * raised both top-1 and single-profile AUC in both groups.
 */
export const FEATURE_WEIGHTS = { characters: 1, words: 1, shape: 0.5, habits: 0.35 } as const;

const HASH_BITS = 22;
const HASH_MASK = (1 << HASH_BITS) - 1;
/** Feature ids of the habits sit above the hashed range. */
export const HABIT_BASE = 1 << HASH_BITS;

const LINK_TOKEN = '\u2197';
const EMOJI = /\p{Extended_Pictographic}/u;
const WORD_TOKEN = /[#@]?[\p{L}\p{N}][\p{L}\p{M}\p{N}'’_-]*|\u2197|\p{Extended_Pictographic}|[^\s\p{L}\p{N}]+/gu;

/** Upper bin edges of each habit, in `HABITS` order (raw units; length is log1p of characters). */
const HABIT_BINS: readonly (readonly number[])[] = [
  [40, 80, 140, 200, 280, 500].map((characters) => Math.log1p(characters)),
  [0.02, 0.05, 0.1, 0.2, 0.4, 0.7],
  ...Array.from({ length: 8 }, () => [0.5, 1.5, 2.5]),
];

function habitBin(habit: number, value: number): number {
  const edges = HABIT_BINS[habit] ?? [];
  let bin = 0;
  while (bin < edges.length && value >= (edges[bin] ?? Infinity)) bin += 1;
  return bin;
}

/** FNV-1a of a string with a one-character family prefix, folded into the hashed range. */
function hash(prefix: number, text: string, start: number, end: number): number {
  let value = Math.imul(0x811c9dc5 ^ prefix, 0x01000193);
  for (let index = start; index < end; index += 1) value = Math.imul(value ^ text.charCodeAt(index), 0x01000193);
  return (value >>> 0) & HASH_MASK;
}

/** The text with links masked (one token) or reduced to their host, spaces collapsed, line breaks kept. */
export function prepareText(text: string, links: LinkMode = 'mask'): string {
  const found = linksOf(text);
  let result = '';
  let cursor = 0;
  for (const link of found) {
    result += text.slice(cursor, link.start) + (links === 'keep' ? ` \u27e8${link.host}\u27e9 ` : ` ${LINK_TOKEN} `);
    cursor = link.end;
  }
  result += text.slice(cursor);
  return result
    .replace(/\r\n?/gu, '\n')
    .replace(/[^\S\n]+/gu, ' ')
    .replace(/ ?\n ?/gu, '\n')
    .trim();
}

/** The text's shape: each word as its casing pattern (Aa, a, A, 9), emoji as E, links as L, punctuation and spacing kept. */
export function shapeOf(prepared: string): string {
  let shape = '';
  for (const token of prepared.match(/[\p{L}\p{M}]+|\p{N}+|\p{Extended_Pictographic}|\u2197|\s|[^\s\p{L}\p{N}]/gu) ?? []) {
    if (token === LINK_TOKEN) shape += 'L';
    else if (/^\p{N}/u.test(token)) shape += '9';
    else if (/^[\p{L}]/u.test(token)) {
      const first = /^\p{Lu}/u.test(token);
      const rest = token.slice(1);
      if (rest === '') shape += first ? 'A' : 'a';
      else if (!/\p{Ll}/u.test(rest)) shape += first ? 'AA' : 'aA';
      else shape += first ? 'Aa' : 'a';
    } else if (EMOJI.test(token)) shape += 'E';
    else shape += token;
  }
  return shape;
}

/** Habit measurements of a prepared text. */
export function habitsOf(prepared: string): HabitValues {
  const letters = prepared.match(/\p{L}/gu)?.length ?? 0;
  const capitals = prepared.match(/\p{Lu}/gu)?.length ?? 0;
  const count = (pattern: RegExp): number => prepared.match(pattern)?.length ?? 0;
  return Float64Array.from([
    Math.log1p([...prepared].length),
    letters === 0 ? 0 : capitals / letters,
    count(/(^|\s)#[\p{L}\p{N}_]+/gu),
    count(/(^|\s)@[\p{L}\p{N}_]+/gu),
    count(/\u2197|\u27e8/gu),
    count(/\p{Extended_Pictographic}/gu),
    count(/\n/gu),
    count(/[!?.…,-]{2,}/gu),
    count(/\?/gu),
    count(/!/gu),
  ]);
}

class FeatureBag {
  readonly counts = new Map<number, number>();
  add(id: number): void {
    this.counts.set(id, (this.counts.get(id) ?? 0) + 1);
  }
  /** Sublinear TF, L2-normalised, times `weight`, into `into`. */
  drain(weight: number, into: Map<number, number>): void {
    let norm = 0;
    for (const count of this.counts.values()) norm += (1 + Math.log(count)) ** 2;
    const scale = norm === 0 ? 0 : weight / Math.sqrt(norm);
    for (const [id, count] of this.counts) into.set(id, (into.get(id) ?? 0) + (1 + Math.log(count)) * scale);
  }
}

function characterGrams(text: string, prefix: number, min: number, max: number, bag: FeatureBag): void {
  const padded = ` ${text} `;
  for (let start = 0; start < padded.length; start += 1) {
    for (let size = min; size <= max && start + size <= padded.length; size += 1) bag.add(hash(prefix, padded, start, start + size));
  }
}

/** Lowercased word tokens (punctuation runs, emoji and the link token count as words). */
export function wordsOf(prepared: string): string[] {
  return (prepared.match(WORD_TOKEN) ?? []).map((word) => word.toLowerCase());
}

/** Hashed id of a word n-gram (words joined by one space), as `featuresOf` computes it. */
export function wordGramId(gram: string): number {
  return hash(0x77, gram, 0, gram.length);
}

/**
 * The features of one text: character 1–4-grams with case, word 1–2-grams
 * (lowercased), character 2–5-grams of its shape (`shapeOf`) and the bins
 * of its habits, each family L2-normalised and weighted; the raw habit
 * values are returned beside them (for the score's reasons).
 */
export function featuresOf(text: string, links: LinkMode = 'mask'): { vector: FeatureVector; habits: HabitValues; prepared: string } {
  const prepared = prepareText(text, links);
  const merged = new Map<number, number>();
  const characters = new FeatureBag();
  characterGrams(prepared, 0x63, 1, 4, characters);
  characters.drain(FEATURE_WEIGHTS.characters, merged);
  const words = new FeatureBag();
  const tokens = ['<s>', ...wordsOf(prepared), '</s>'];
  tokens.forEach((word, index) => {
    if (index > 0 && index < tokens.length - 1) words.add(wordGramId(word));
    if (index > 0) words.add(wordGramId(`${tokens[index - 1]} ${word}`));
  });
  words.drain(FEATURE_WEIGHTS.words, merged);
  const shape = new FeatureBag();
  characterGrams(shapeOf(prepared), 0x73, 2, 5, shape);
  shape.drain(FEATURE_WEIGHTS.shape, merged);
  const habits = habitsOf(prepared);
  const habitBag = new FeatureBag();
  habits.forEach((value, habit) => habitBag.add(hash(0x68, `${habit}:${habitBin(habit, value)}`, 0, `${habit}:${habitBin(habit, value)}`.length)));
  habitBag.drain(FEATURE_WEIGHTS.habits, merged);
  const ids = new Int32Array(merged.size);
  const values = new Float32Array(merged.size);
  let index = 0;
  for (const [id, value] of merged) {
    ids[index] = id;
    values[index] = value;
    index += 1;
  }
  return { vector: { ids, values }, habits, prepared };
}
