import { describe, expect, it } from 'vitest';
import type { NgramProfile } from './ngram-profile.js';
import type { VoiceFingerprint } from './voice-fingerprint.js';
import { styleNotes } from './voice-notes.js';
import { readVoiceText } from './voice-score.js';
import { STYLE_FEATURES, type StyleFeature, type StyleStatistic } from './voice-style.js';

type Overrides = Omit<Partial<VoiceFingerprint>, 'style'> & { style?: Partial<Record<StyleFeature, StyleStatistic>> };

/** A profile whose style spreads are so wide that no text differs from it, unless a test narrows one. */
function fingerprint(overrides: Overrides = {}): VoiceFingerprint {
  const wide = Object.fromEntries(STYLE_FEATURES.map((feature) => [feature, { mean: 0, deviation: 1e6 }])) as Record<StyleFeature, StyleStatistic>;
  const { style, ...rest } = overrides;
  return {
    version: 1,
    sampleCount: 30,
    length: { median: 120, p10: 60, p90: 200 },
    sentences: { perPostMedian: 2, wordsPerSentenceMedian: 12.4 },
    emoji: { postShare: 0, perPost: 0, favourites: [] },
    hashtags: { postShare: 0, perPost: 0, favourites: [] },
    mentions: { postShare: 0, perPost: 0, favourites: [] },
    links: { postShare: 0, perPost: 0, hosts: [] },
    questionShare: 0,
    exclamationShare: 0,
    casing: { lowercaseShare: 0.5, titleCaseShare: 0.3, allCapsWordRate: 0 },
    punctuation: { ellipsisShare: 0, emDashShare: 0, lineBreakShare: 0 },
    openers: [],
    signOffs: [],
    phrases: [],
    ngrams: {} as NgramProfile,
    ...rest,
    style: { ...wide, ...style },
  };
}

const WORDING = 'wording, spelling and punctuation unlike this voice’s past posts';
const notes = (text: string, overrides: Overrides = {}, score = 50) => styleNotes(fingerprint(overrides), readVoiceText(text), score);
const narrow = (feature: StyleFeature, mean: number, deviation = 0): Overrides => ({ style: { [feature]: { mean, deviation } } });

describe('styleNotes: counts', () => {
  it('says hashtags, mentions, questions and exclamation marks, singular and plural', () => {
    expect(notes('Nice #a', narrow('hashtags', 0))).toEqual(['1 hashtag; usually none']);
    expect(notes('Nice #a #b #c', narrow('hashtags', 0.049))).toEqual(['3 hashtags; usually none']);
    expect(notes('Hi @x @y', narrow('mentions', 0.05))).toEqual(['2 mentions; usually none or 1']);
    expect(notes('Hi @x', narrow('mentions', 2.6, 0.5))).toEqual(['1 mention; usually about 3']);
    expect(notes('Why?', narrow('questions', 0))).toEqual(['1 question mark; usually none']);
    expect(notes('Wow!!!', narrow('exclamations', 0.5))).toEqual(['3 exclamation marks; usually about 1']);
    expect(notes('Wow!!', narrow('exclamations', 0.49))).toEqual(['2 exclamation marks; usually none or 1']);
  });

  it('says a missing link, emoji or line break in this voice’s words', () => {
    expect(notes('No link here', narrow('links', 1.5, 0.3))).toEqual(['no link; this voice usually includes links']);
    expect(notes('No link here', narrow('links', 1.4, 0.3))).toEqual(['no link; this voice usually includes one']);
    expect(notes('See a.co/x and b.co/y', narrow('links', 0.5, 0.3))).toEqual(['2 links; usually about 1']);
    expect(notes('Plain', narrow('emoji', 2.6, 0.3))).toEqual(['no emoji; usually 3']);
    expect(notes('Plain', narrow('emoji', 1.1, 0.3))).toEqual(['no emoji; usually 1']);
    expect(notes('Yay 🙌🚀', narrow('emoji', 0))).toEqual(['2 emoji; usually none']);
    expect(notes('One block', narrow('lineBreaks', 1.2, 0.3))).toEqual(['one block of text; this voice uses line breaks']);
    expect(notes('A\nB\nC', narrow('lineBreaks', 0.5, 0.3))).toEqual(['2 line breaks; usually about 1']);
  });

  it('says nothing of a count less than one item away, however unusual', () => {
    // z = 0.8 / 0.35, but 0.8 of a hashtag is not worth saying.
    expect(notes('Nice #a', narrow('hashtags', 0.2))).toEqual([]);
  });
});

describe('styleNotes: length, sentences and capitals', () => {
  it('says a text much longer or shorter than usual', () => {
    const text = 'x'.repeat(400);
    expect(notes(text, narrow('logLength', 3))).toEqual(['much longer than usual (400 vs 120 characters)']);
    expect(notes('Short', narrow('logLength', 6))).toEqual(['much shorter than usual (5 vs 120 characters)']);
  });

  it('says longer or shorter sentences from 2 floored deviations on', () => {
    // Six words in one sentence; the floor of words per sentence is 3.
    const text = 'One two three four five six.';
    expect(notes(text, narrow('wordsPerSentence', 0, 3))).toEqual(['longer sentences than usual (6 vs 12 words)']);
    expect(notes(text, narrow('wordsPerSentence', 0.1, 3))).toEqual([]);
    expect(notes(text, narrow('wordsPerSentence', 12, 3))).toEqual(['shorter sentences than usual (6 vs 12 words)']);
  });

  it('says capitals only in a text of 12 letters or more', () => {
    expect(notes('ABCDEF GHIJKL', narrow('upperRatio', 0.1))).toEqual(['far more capital letters than usual']);
    expect(notes('ABCDEF GHIJK', narrow('upperRatio', 0.1))).toEqual([]);
    expect(notes('abcdef ghijkl', narrow('upperRatio', 0.5))).toEqual(['fewer capital letters than usual']);
  });

  it('does not say the title-case average, only the post-level habit', () => {
    expect(notes('Hi', narrow('titleCaseShare', 0))).toEqual([]);
  });

  it('says all lowercase when this voice nearly always uses capitals', () => {
    const casing = (lowercaseShare: number) => ({ casing: { lowercaseShare, titleCaseShare: 0.3, allCapsWordRate: 0 } });
    expect(notes('abc', casing(0.09))).toEqual(['all lowercase; this voice uses capitals']);
    expect(notes('abc', casing(0.1))).toEqual([]);
    expect(notes('ab c', casing(0))).toEqual([]);
    expect(notes('abc Def', casing(0))).toEqual([]);
  });

  it('says Title Case or sentence case against the headline habit, from 4 words', () => {
    const casing = (titleCaseShare: number) => ({ casing: { lowercaseShare: 0.5, titleCaseShare, allCapsWordRate: 0 } });
    expect(notes('Big News For Everyone', casing(0.09))).toEqual(['Title Case; this voice writes in sentence case']);
    expect(notes('Big News For Everyone', casing(0.1))).toEqual([]);
    expect(notes('Big News Today', casing(0))).toEqual([]);
    // 4 of 5 candidates capitalised: Title Case.
    expect(notes('Alpha Beta Gamma Delta epsilon', casing(0.05))).toEqual(['Title Case; this voice writes in sentence case']);
    expect(notes('Alpha Beta Gamma Delta epsilon', casing(0.6))).toEqual([]);
    expect(notes('Big news for everyone', casing(0.6))).toEqual(['sentence case; this voice writes headlines in Title Case']);
    expect(notes('Big news for everyone', casing(0.59))).toEqual([]);
    expect(notes('Big news today', casing(0.6))).toEqual([]);
  });
});

describe('styleNotes: link hosts', () => {
  const links = (hosts: string[], postShare = 0.6) => ({ links: { postShare, perPost: postShare, hosts } });

  it('says a link elsewhere than the usual host when this voice mostly links', () => {
    expect(notes('See cnn.it/x', links(['bbc.in', 'cnn.it']))).toEqual(['links to cnn.it; this voice links to bbc.in']);
    expect(notes('See cnn.it/x', links(['bbc.in'], 0.59))).toEqual([]);
    expect(notes('See cnn.it/x and bbc.in/y', links(['bbc.in']))).toEqual([]);
    expect(notes('See bbc.in/y and cnn.it/x', links(['bbc.in']))).toEqual([]);
    expect(notes('No link', links(['bbc.in']))).toEqual([]);
    expect(notes('See cnn.it/x', links(['t.co']))).toEqual([]);
    expect(notes('See cnn.it/x', links([]))).toEqual([]);
  });
});

describe('styleNotes: order and score', () => {
  const many: Overrides = {
    style: { hashtags: { mean: 0, deviation: 0 }, mentions: { mean: 0, deviation: 0 }, emoji: { mean: 0, deviation: 0.4 }, exclamations: { mean: 0, deviation: 0 } },
    links: { postShare: 0.6, perPost: 0.6, hosts: ['bbc.in'] },
  };
  const text = 'Wow!!! #a #b @x 🙌 cnn.it/x';

  it('gives the 4 largest differences first', () => {
    expect(notes(text, many, 40)).toEqual([
      '3 exclamation marks; usually none',
      '2 hashtags; usually none',
      '1 mention; usually none',
      '1 emoji; usually none',
    ]);
  });

  it('gives 3 and says the wording is unlike this voice below a score of 40', () => {
    expect(notes(text, many, 39)).toEqual(['3 exclamation marks; usually none', '2 hashtags; usually none', '1 mention; usually none', WORDING]);
    expect(notes('Fine', {}, 39)).toEqual([WORDING]);
    expect(notes('Fine', {}, 40)).toEqual([]);
  });

  it('says the usual host last among smaller differences', () => {
    const { style } = many;
    expect(notes('Wow!!! cnn.it/x 🙌', { ...many, style: { exclamations: style?.exclamations, emoji: style?.emoji } as Overrides['style'] }, 90)).toEqual([
      '3 exclamation marks; usually none',
      '1 emoji; usually none',
      'links to cnn.it; this voice links to bbc.in',
    ]);
  });
});
