import { InvalidInputError } from '../errors.js';
import { buildNgramProfile, countNgrams, sublinearVector, type NgramProfile } from './ngram-profile.js';
import { openersOf, signOffsOf, topCounted, topPhrasesOf, type CountedText } from './voice-habits.js';
import { styleOf, styleStatistics, titleCaseShare, type StyleFeature, type StyleStatistic } from './voice-style.js';
import { anatomize, type PostAnatomy } from './voice-text.js';
import type { VoiceSample } from './voice-types.js';

export { describeFingerprint } from './voice-description.js';
export type { CountedText } from './voice-habits.js';

/** The fingerprint format; bumped when its fields or its n-gram hashing change (old ones are rebuilt). */
export const FINGERPRINT_VERSION = 1;
/** Character n-grams from 1 to 5 code points: short ones catch punctuation and emoji habits, long ones words and links. */
export const NGRAM_MIN = 1;
export const NGRAM_MAX = 5;
/** The n-gram profile keeps this many n-grams (about 100 KB of JSON): more adds little to attribution. */
export const NGRAM_FEATURES = 5000;

/** How often a habit shows: share of posts with it, and how many per post on average. */
export interface HabitRate {
  postShare: number;
  perPost: number;
}

/**
 * What a profile's past posts say about its voice: a plain JSON object
 * (store it as is), readable habits for people and prompts, per-post style
 * statistics and a bounded character n-gram profile for scoring.
 */
export interface VoiceFingerprint {
  version: number;
  sampleCount: number;
  /** Graphemes, each link counted as 23. */
  length: { median: number; p10: number; p90: number };
  sentences: { perPostMedian: number; wordsPerSentenceMedian: number };
  emoji: HabitRate & { favourites: string[] };
  hashtags: HabitRate & { favourites: string[] };
  mentions: HabitRate & { favourites: string[] };
  links: HabitRate & { hosts: string[] };
  /** Share of posts with a "?" / a "!". */
  questionShare: number;
  exclamationShare: number;
  casing: {
    /** Posts written without any capital letter. */
    lowercaseShare: number;
    /** Posts in headline Title Case. */
    titleCaseShare: number;
    /** Words of two letters or more in capitals, per word. */
    allCapsWordRate: number;
  };
  punctuation: { ellipsisShare: number; emDashShare: number; lineBreakShare: number };
  openers: CountedText[];
  signOffs: CountedText[];
  /** Recurring word 2-3-grams, function words aside. */
  phrases: CountedText[];
  /** Mean and deviation of per-post style features, for scoring and notes. */
  style: Record<StyleFeature, StyleStatistic>;
  ngrams: NgramProfile;
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return (sorted[lower] ?? 0) + ((sorted[upper] ?? 0) - (sorted[lower] ?? 0)) * (position - lower);
}

function share(posts: readonly PostAnatomy[], test: (post: PostAnatomy) => boolean): number {
  return posts.length === 0 ? 0 : round(posts.filter(test).length / posts.length);
}

function rate(posts: readonly PostAnatomy[], count: (post: PostAnatomy) => number): HabitRate {
  const counts = posts.map(count);
  return {
    postShare: round(counts.filter((value) => value > 0).length / Math.max(1, posts.length)),
    perPost: round(counts.reduce((sum, value) => sum + value, 0) / Math.max(1, posts.length)),
  };
}

function round(value: number, digits = 3): number {
  return Number(value.toFixed(digits));
}

/** The n-gram vector of one post as the voice model sees it (links reduced to their host). */
export function postVector(post: PostAnatomy): Map<number, number> {
  return sublinearVector(countNgrams(post.normalized, NGRAM_MIN, NGRAM_MAX));
}

/**
 * Builds a voice fingerprint from a profile's past posts. Blank samples are
 * ignored; at least one non-blank sample is needed (a handful for useful
 * figures, 50 or more for a reliable score).
 *
 * @throws InvalidInputError when no sample has text.
 */
export function buildFingerprint(samples: readonly VoiceSample[]): VoiceFingerprint {
  const posts = samples.filter((sample) => sample.text.trim() !== '').map((sample) => anatomize(sample.text));
  if (posts.length === 0) {
    throw new InvalidInputError('A voice fingerprint needs at least one past post with text.', {
      hint: 'Import the profile’s past posts first ({{`smm import`|import_posts}}), or add a few with {{`smm post add`|create_post}}.',
    });
  }
  const lengths = posts.map((post) => post.length).sort((a, b) => a - b);
  const sentenceCounts = posts.map((post) => post.sentences.length).sort((a, b) => a - b);
  const wordsPerSentence = posts
    .filter((post) => post.sentences.length > 0)
    .map((post) => post.words.length / post.sentences.length)
    .sort((a, b) => a - b);
  const allWords = posts.flatMap((post) => post.words.filter((word) => (word.match(/\p{L}/gu)?.length ?? 0) >= 2));
  const allCaps = allWords.filter((word) => /\p{Lu}/u.test(word) && !/\p{Ll}/u.test(word)).length;

  return {
    version: FINGERPRINT_VERSION,
    sampleCount: posts.length,
    length: { median: Math.round(quantile(lengths, 0.5)), p10: Math.round(quantile(lengths, 0.1)), p90: Math.round(quantile(lengths, 0.9)) },
    sentences: { perPostMedian: round(quantile(sentenceCounts, 0.5), 1), wordsPerSentenceMedian: round(quantile(wordsPerSentence, 0.5), 1) },
    emoji: { ...rate(posts, (post) => post.emojis.length), favourites: topCounted(posts.flatMap((post) => post.emojis), 5).map((entry) => entry.text) },
    hashtags: {
      ...rate(posts, (post) => post.hashtags.length),
      favourites: topCounted(posts.flatMap((post) => post.hashtags), 5, 2).map((entry) => entry.text),
    },
    mentions: {
      ...rate(posts, (post) => post.mentions.length),
      favourites: topCounted(posts.flatMap((post) => post.mentions), 5, 2).map((entry) => entry.text),
    },
    links: { ...rate(posts, (post) => post.links.length), hosts: topCounted(posts.flatMap((post) => post.links.map((link) => link.host)), 5).map((entry) => entry.text) },
    questionShare: share(posts, (post) => post.text.includes('?')),
    exclamationShare: share(posts, (post) => post.text.includes('!')),
    casing: {
      lowercaseShare: share(posts, (post) => (post.prose.match(/\p{Ll}/gu)?.length ?? 0) >= 3 && !/\p{Lu}/u.test(post.prose)),
      titleCaseShare: share(posts, (post) => post.words.length >= 4 && titleCaseShare(post.words) >= 0.8),
      allCapsWordRate: round(allCaps / Math.max(1, allWords.length), 4),
    },
    punctuation: {
      ellipsisShare: share(posts, (post) => /…|\.\.\./u.test(post.prose)),
      emDashShare: share(posts, (post) => /—|\s--\s/u.test(post.prose)),
      lineBreakShare: share(posts, (post) => post.text.trim().includes('\n')),
    },
    openers: openersOf(posts),
    signOffs: signOffsOf(posts),
    phrases: topPhrasesOf(posts),
    style: styleStatistics(posts.map(styleOf)),
    ngrams: buildNgramProfile(posts.map(postVector), NGRAM_MIN, NGRAM_MAX, NGRAM_FEATURES),
  };
}
