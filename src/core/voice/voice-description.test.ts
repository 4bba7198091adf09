import { describe, expect, it } from 'vitest';
import type { NgramProfile } from './ngram-profile.js';
import { describeFingerprint, shareInWords, WRAPPER_HOSTS } from './voice-description.js';
import type { VoiceFingerprint } from './voice-fingerprint.js';
import { styleStatistics } from './voice-style.js';

/** A profile with no notable habit: 5 posts of about 100 characters. */
function fingerprint(overrides: Partial<VoiceFingerprint> = {}): VoiceFingerprint {
  return {
    version: 1,
    sampleCount: 5,
    length: { median: 100, p10: 100, p90: 100 },
    sentences: { perPostMedian: 0, wordsPerSentenceMedian: 0 },
    emoji: { postShare: 0, perPost: 0, favourites: [] },
    hashtags: { postShare: 0, perPost: 0, favourites: [] },
    mentions: { postShare: 0, perPost: 0, favourites: [] },
    links: { postShare: 0, perPost: 0, hosts: [] },
    questionShare: 0,
    exclamationShare: 0,
    casing: { lowercaseShare: 0, titleCaseShare: 0, allCapsWordRate: 0 },
    punctuation: { ellipsisShare: 0, emDashShare: 0, lineBreakShare: 0 },
    openers: [],
    signOffs: [],
    phrases: [],
    style: styleStatistics([]),
    ngrams: {} as NgramProfile,
    ...overrides,
  };
}

const counted = (...texts: string[]) => texts.map((text) => ({ text, count: 2 }));

describe('shareInWords', () => {
  it('says each band, with both sides of each boundary', () => {
    expect(shareInWords(1)).toBe('in almost every post');
    expect(shareInWords(0.95)).toBe('in almost every post');
    expect(shareInWords(0.94)).toBe('in 9 of 10 posts');
    expect(shareInWords(0.5)).toBe('in 5 of 10 posts');
    expect(shareInWords(0.49)).toBe('in 1 of 2 posts');
    expect(shareInWords(0.25)).toBe('in 1 of 4 posts');
    expect(shareInWords(1 / 30)).toBe('in 1 of 30 posts');
    expect(shareInWords(0.033)).toBe('rarely (under 1 in 30 posts)');
    expect(shareInWords(0)).toBe('rarely (under 1 in 30 posts)');
  });
});

describe('describeFingerprint', () => {
  it('says only length and the never-used habits of a quiet profile', () => {
    expect(describeFingerprint(fingerprint())).toEqual(['Usually about 100 characters.', 'Never uses emoji.', 'Never uses hashtags.', 'Never includes links.']);
  });

  it('says every notable habit, favourites limited and wrapper hosts left out', () => {
    expect(WRAPPER_HOSTS.has('t.co')).toBe(true);
    const lines = describeFingerprint(
      fingerprint({
        sampleCount: 40,
        length: { median: 120, p10: 40, p90: 250 },
        sentences: { perPostMedian: 2.6, wordsPerSentenceMedian: 11.4 },
        emoji: { postShare: 0.8, perPost: 2.4, favourites: ['🚀', '🙌', '✨', '🔥'] },
        hashtags: { postShare: 0.25, perPost: 0.25, favourites: ['a', 'b', 'c', 'd'] },
        mentions: { postShare: 0.1, perPost: 0.2, favourites: ['x', 'y', 'z', 'w'] },
        links: { postShare: 0.6, perPost: 0.6, hosts: ['t.co', 'bbc.in', 'cnn.it', 'nyti.ms'] },
        questionShare: 0.05,
        exclamationShare: 0.05,
        casing: { lowercaseShare: 0.2, titleCaseShare: 0.3, allCapsWordRate: 0.03 },
        punctuation: { ellipsisShare: 0.05, emDashShare: 0.05, lineBreakShare: 0.1 },
        openers: counted('So', 'Hey', 'Well', 'Look'),
        signOffs: counted('Cheers'),
        phrases: counted('p1', 'p2', 'p3', 'p4', 'p5', 'p6'),
      }),
    );
    expect(lines).toEqual([
      'Usually 40-250 characters (median 120).',
      'Typically 3 sentences per post, about 11 words each.',
      'Uses emoji in 8 of 10 posts, about 3 each time: favourites 🚀 🙌 ✨.',
      'Hashtags in 1 of 4 posts: #a #b #c.',
      'Mentions others in 1 of 10 posts, about 2 each time: @x @y @z.',
      'Links in 6 of 10 posts: mostly bbc.in, cnn.it.',
      'Asks a question in 1 of 20 posts.',
      'Exclamation marks in 1 of 20 posts.',
      'Writes all in lowercase in 1 of 5 posts.',
      'Headline Title Case in 1 of 3 posts.',
      'Puts words in CAPITALS now and then (1 word in 33).',
      'Ellipses (…) in 1 of 20 posts.',
      'Dashes (—) in 1 of 20 posts.',
      'Line breaks in 1 of 10 posts.',
      "Opens with: 'So', 'Hey', 'Well'.",
      "Ends with: 'Cheers'.",
      "Frequent phrases: 'p1', 'p2', 'p3', 'p4', 'p5'.",
    ]);
  });

  it('leaves out habits just under their thresholds', () => {
    const lines = describeFingerprint(
      fingerprint({
        sampleCount: 10,
        questionShare: 0.049,
        exclamationShare: 0.049,
        casing: { lowercaseShare: 0.19, titleCaseShare: 0.29, allCapsWordRate: 0.029 },
        punctuation: { ellipsisShare: 0.049, emDashShare: 0.049, lineBreakShare: 0.099 },
      }),
    );
    expect(lines).toEqual(['Usually about 100 characters.', 'Never uses emoji.', 'Never uses hashtags.', 'Never includes links.']);
  });

  it('says a profile of 10 posts or more never uses exclamation marks, not a smaller one', () => {
    expect(describeFingerprint(fingerprint({ sampleCount: 10 }))).toContain('Never uses exclamation marks.');
    expect(describeFingerprint(fingerprint({ sampleCount: 9 }))).not.toContain('Never uses exclamation marks.');
    expect(describeFingerprint(fingerprint({ sampleCount: 10, exclamationShare: 0.01 }))).not.toContain('Never uses exclamation marks.');
  });

  it('says one sentence up to a median of 1, and rounds the words', () => {
    const sentences = (perPostMedian: number) =>
      describeFingerprint(fingerprint({ sentences: { perPostMedian, wordsPerSentenceMedian: 8.5 } }))[1];
    expect(sentences(0.5)).toBe('Typically one sentence per post, about 9 words each.');
    expect(sentences(1)).toBe('Typically one sentence per post, about 9 words each.');
    expect(sentences(1.5)).toBe('Typically 2 sentences per post, about 9 words each.');
  });

  it('says how many per post from 1.5 a post, and no favourites when there are none', () => {
    const lines = describeFingerprint(
      fingerprint({
        emoji: { postShare: 0.5, perPost: 0.75, favourites: [] },
        hashtags: { postShare: 0.5, perPost: 0.74, favourites: [] },
        mentions: { postShare: 1, perPost: 1, favourites: [] },
        links: { postShare: 1, perPost: 1, hosts: ['t.co'] },
      }),
    );
    expect(lines).toEqual([
      'Usually about 100 characters.',
      'Uses emoji in 5 of 10 posts, about 2 each time.',
      'Hashtags in 5 of 10 posts.',
      'Mentions others in almost every post.',
      'Links in almost every post.',
    ]);
  });
});
