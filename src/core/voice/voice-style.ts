import type { PostAnatomy } from './voice-text.js';

/** Per-post style measurements the voice model compares, each with its typical spread in a profile. */
export const STYLE_FEATURES = [
  'logLength',
  'upperRatio',
  'titleCaseShare',
  'hashtags',
  'mentions',
  'links',
  'emoji',
  'lineBreaks',
  'questions',
  'exclamations',
  'wordsPerSentence',
] as const;
export type StyleFeature = (typeof STYLE_FEATURES)[number];
export type StyleVector = Record<StyleFeature, number>;

/** Mean and standard deviation of a style feature over a profile's posts. */
export interface StyleStatistic {
  mean: number;
  deviation: number;
}

/**
 * The smallest spread a feature is compared with, so that a profile that
 * never uses hashtags is not infinitely surprised by one (its deviation is 0).
 */
export const STYLE_FLOOR: StyleVector = {
  logLength: 0.25,
  upperRatio: 0.03,
  titleCaseShare: 0.08,
  hashtags: 0.35,
  mentions: 0.35,
  links: 0.3,
  emoji: 0.35,
  lineBreaks: 0.3,
  questions: 0.3,
  exclamations: 0.3,
  wordsPerSentence: 3,
};

/** Words that count as title-cased only when capitalised: small words stay lowercase in Title Case. */
const TITLE_CASE_SMALL_WORDS = new Set(['a', 'an', 'and', 'as', 'at', 'but', 'by', 'for', 'in', 'nor', 'of', 'on', 'or', 'the', 'to', 'vs', 'via', 'with']);

/** Words that start with a capital letter, among words that could (small words aside). */
export function titleCaseShare(words: readonly string[]): number {
  const candidates = words.filter((word) => /^\p{L}/u.test(word) && !TITLE_CASE_SMALL_WORDS.has(word.toLowerCase()));
  if (candidates.length === 0) return 0;
  return candidates.filter((word) => /^\p{Lu}/u.test(word)).length / candidates.length;
}

/** Style measurements of one post. */
export function styleOf(post: PostAnatomy): StyleVector {
  const letters = post.prose.match(/\p{L}/gu)?.length ?? 0;
  const upper = post.prose.match(/\p{Lu}/gu)?.length ?? 0;
  const wordsPerSentence = post.sentences.length === 0 ? 0 : post.words.length / post.sentences.length;
  return {
    logLength: Math.log1p(post.length),
    upperRatio: letters === 0 ? 0 : upper / letters,
    titleCaseShare: titleCaseShare(post.words),
    hashtags: post.hashtags.length,
    mentions: post.mentions.length,
    links: post.links.length,
    emoji: post.emojis.length,
    lineBreaks: post.text.match(/\n/gu)?.length ?? 0,
    questions: post.text.match(/\?/gu)?.length ?? 0,
    exclamations: post.text.match(/!/gu)?.length ?? 0,
    wordsPerSentence,
  };
}

/** Mean and deviation of every style feature over a profile's posts. */
export function styleStatistics(vectors: readonly StyleVector[]): Record<StyleFeature, StyleStatistic> {
  const result = {} as Record<StyleFeature, StyleStatistic>;
  for (const feature of STYLE_FEATURES) {
    const values = vectors.map((vector) => vector[feature]);
    const mean = values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
    const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / Math.max(1, values.length);
    result[feature] = { mean: round(mean), deviation: round(Math.sqrt(variance)) };
  }
  return result;
}

/** How many (floored) deviations a text's feature is from the profile's mean, signed. */
export function styleDeviation(value: number, statistic: StyleStatistic, feature: StyleFeature): number {
  return (value - statistic.mean) / Math.max(statistic.deviation, STYLE_FLOOR[feature]);
}

function round(value: number): number {
  return Number(value.toFixed(4));
}
