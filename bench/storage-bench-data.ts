/**
 * Deterministic X-like posts for the storage benchmark: Zipf-distributed
 * words (so full-text doclists look like real text), hashtags, mentions,
 * t.co links, some emoji and CJK, dates over five years, engagement figures.
 */
import type { NewPost } from '../src/core/ports.js';
import { seededRandom } from '../test/helpers/seeded-random.js';

export { seededRandom };

const COMMON = ['the', 'and', 'to', 'of', 'a', 'in', 'is', 'for', 'our', 'we', 'on', 'with', 'this', 'new', 'today', 'coffee', 'launch', 'team', 'people', 'build'];
const SYLLABLES = ['ka', 'lo', 'mi', 'ren', 'tu', 'sha', 'vel', 'or', 'pin', 'dra', 'qua', 'zem', 'bo', 'lin', 'ter', 'ex', 'nor', 'siv', 'ga', 'mun'];
const EMOJI = ['🚀', '☕', '👩🏽‍💻', '🎉', '🔥', '✨', '🏳️‍🌈'];
const CJK = ['咖啡', '今天', '新品', '团队', '上市'];

/** The benchmark's vocabulary: common words first, then made-up words, ranked for Zipf sampling. */
export const VOCABULARY: readonly string[] = (() => {
  const words = [...COMMON];
  for (let a = 0; a < SYLLABLES.length; a += 1) {
    for (let b = 0; b < SYLLABLES.length; b += 1) {
      for (let c = 0; c < 5; c += 1) words.push(`${SYLLABLES[a]}${SYLLABLES[b]}${SYLLABLES[(a + b + c) % SYLLABLES.length]}`);
    }
  }
  return words;
})();

/** Cumulative Zipf weights (s = 1) over the vocabulary, for sampling by binary search. */
const CUMULATIVE = (() => {
  const weights = VOCABULARY.map((_, rank) => 1 / (rank + 1));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  let running = 0;
  return weights.map((weight) => (running += weight / total));
})();

function zipfWord(random: () => number): string {
  const target = random();
  let low = 0;
  let high = CUMULATIVE.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (CUMULATIVE[middle]! < target) low = middle + 1;
    else high = middle;
  }
  return VOCABULARY[low]!;
}

const START = Date.parse('2021-01-01T00:00:00Z');
const SPAN = 5 * 365 * 24 * 3600 * 1000;

/** One post; `serial` makes its platform id unique across the whole run. */
export function generatePost(random: () => number, serial: number): NewPost {
  const words: string[] = [];
  const length = 6 + Math.floor(random() * 38);
  for (let index = 0; index < length; index += 1) words.push(zipfWord(random));
  if (random() < 0.3) words.push(`#${zipfWord(random)}`);
  if (random() < 0.2) words.unshift(`@${zipfWord(random)}`);
  if (random() < 0.25) words.push(`https://t.co/${serial.toString(36).padStart(8, '0')}`);
  if (random() < 0.15) words.splice(Math.floor(random() * words.length), 0, EMOJI[serial % EMOJI.length]!);
  if (random() < 0.03) words.push(CJK[serial % CJK.length]!);
  const text = words.join(' ').slice(0, 280);
  const likes = Math.floor(random() ** 3 * 5000);
  return {
    platform: 'x',
    text,
    status: 'published',
    scheduledAt: null,
    publishedAt: new Date(START + Math.floor(random() * SPAN)).toISOString(),
    engagement: { likes, reposts: Math.floor(likes / 7), replies: Math.floor(likes / 11), impressions: likes * 40 },
    tags: [],
    source: 'imported',
    externalId: String(1_400_000_000_000_000_000n + BigInt(serial)),
    url: null,
    isReply: random() < 0.1,
    replyToExternalId: null,
    lang: 'en',
    mediaCount: random() < 0.2 ? 1 : 0,
    contentWarning: null,
    generationId: null,
    sharedUrl: null,
    threadParts: null,
    dedupeKey: `id:${1_400_000_000_000_000_000n + BigInt(serial)}`,
  };
}

export function generatePosts(count: number, seed: number, firstSerial = 0): NewPost[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, index) => generatePost(random, firstSerial + index));
}
