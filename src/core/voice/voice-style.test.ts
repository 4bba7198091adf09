import { describe, expect, it } from 'vitest';
import { STYLE_FEATURES, styleDeviation, styleOf, styleStatistics, titleCaseShare, type StyleVector } from './voice-style.js';
import { anatomize } from './voice-text.js';

describe('titleCaseShare', () => {
  it('is the share of capitalised words among words starting with a letter, small words aside', () => {
    // Candidates: Cat, iPhone, dog ("The", "on", "AND" are small words; "9lives" starts with a digit).
    expect(titleCaseShare(['The', 'Cat', 'iPhone', 'on', '9lives', 'AND', 'dog'])).toBe(1 / 3);
    expect(titleCaseShare(['Big', 'News', 'today'])).toBe(2 / 3);
  });

  it('is 0 without candidates', () => {
    expect(titleCaseShare([])).toBe(0);
    expect(titleCaseShare(['the', 'Of', '42'])).toBe(0);
  });
});

describe('styleOf', () => {
  it('measures one post', () => {
    const post = anatomize('Hi there! Is it OK?\nYes!! #tag @ana http://x.com/y 🙌');
    expect(styleOf(post)).toEqual({
      logLength: Math.log1p(post.length),
      // Letters of Hi there Is it OK Yes tag ana: 22, capitals H, I, O, K, Y: 5.
      upperRatio: 5 / 22,
      // Words Hi there Is it OK Yes: Hi, Is, OK, Yes capitalised.
      titleCaseShare: 4 / 6,
      hashtags: 1,
      mentions: 1,
      links: 1,
      emoji: 1,
      lineBreaks: 1,
      questions: 1,
      exclamations: 3,
      // Sentences: "Hi there!", "Is it OK?", "Yes!!", "#tag @ana 🙌".
      wordsPerSentence: 6 / 4,
    });
    expect(post.length).toBe('Hi there! Is it OK?\nYes!! #tag @ana '.length + 23 + ' 🙌'.length - 1);
  });

  it('gives 0 rather than NaN for a post without letters or sentences', () => {
    const style = styleOf(anatomize('🙌'));
    expect(style.upperRatio).toBe(0);
    expect(style.wordsPerSentence).toBe(0);
    expect(style.titleCaseShare).toBe(0);
    expect(style.emoji).toBe(1);
  });
});

function vector(values: Partial<StyleVector>): StyleVector {
  const result = Object.fromEntries(STYLE_FEATURES.map((feature) => [feature, 0])) as StyleVector;
  return { ...result, ...values };
}

describe('styleStatistics', () => {
  it('gives the mean and the population standard deviation, rounded to 4 decimals', () => {
    const statistics = styleStatistics([vector({ hashtags: 1 }), vector({ hashtags: 2 }), vector({ hashtags: 6 })]);
    // Mean 3, variance (4 + 1 + 9) / 3.
    expect(statistics.hashtags).toEqual({ mean: 3, deviation: 2.1602 });
    expect(statistics.links).toEqual({ mean: 0, deviation: 0 });
    expect(Object.keys(statistics)).toEqual([...STYLE_FEATURES]);
  });

  it('is 0 for every feature without vectors', () => {
    expect(styleStatistics([]).wordsPerSentence).toEqual({ mean: 0, deviation: 0 });
  });

  it('is exact for one vector', () => {
    expect(styleStatistics([vector({ emoji: 5 })]).emoji).toEqual({ mean: 5, deviation: 0 });
  });
});

describe('styleDeviation', () => {
  it('divides by the deviation, or by the feature floor when the deviation is smaller', () => {
    expect(styleDeviation(10, { mean: 4, deviation: 2 }, 'hashtags')).toBe(3);
    expect(styleDeviation(1, { mean: 0, deviation: 0 }, 'hashtags')).toBeCloseTo(1 / 0.35, 12);
    expect(styleDeviation(4, { mean: 10, deviation: 1 }, 'wordsPerSentence')).toBe(-2);
  });
});
