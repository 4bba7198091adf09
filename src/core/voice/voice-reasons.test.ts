import { describe, expect, it } from 'vitest';
import { HABITS, wordGramId, type Habit } from './voice-features.js';
import type { VoiceModel } from './voice-model.js';
import { voiceReasons } from './voice-reasons.js';

type Habits = Partial<Record<Habit, number>>;

const row = (values: Habits): number[] => HABITS.map((habit) => values[habit] ?? 0);

/**
 * A two-class model (k = 1 is the profile): habit means and spreads, and word
 * grams weighing `columns[gram]` for the profile and the opposite for class 0.
 */
function modelOf(options: { mean?: Habits; deviation?: Habits; columns?: Record<string, number>; phrases?: string[] }): VoiceModel {
  const grams = Object.keys(options.columns ?? {});
  const weights = new Float32Array((grams.length + 1) * 2);
  grams.forEach((gram, index) => {
    weights[(index + 1) * 2] = -(options.columns?.[gram] ?? 0);
    weights[(index + 1) * 2 + 1] = options.columns?.[gram] ?? 0;
  });
  return {
    version: 1,
    links: 'mask',
    classes: ['other', 'maya'],
    vocabulary: new Map(grams.map((gram, index) => [wordGramId(gram), index + 1])),
    weights,
    calibration: [],
    habits: [
      { mean: row({}), deviation: row({}) },
      { mean: row(options.mean ?? {}), deviation: row(options.deviation ?? {}) },
    ],
    phrases: [[], options.phrases ?? []],
    trainedOn: { posts: 0, background: 0 },
  };
}

/** The reasons for a text whose habits are `values`, against a profile with `mean` (spreads 0, so the floors apply), scored 80. */
function habitReasons(values: Habits, mean: Habits = {}, deviation: Habits = {}): string[] {
  return voiceReasons(modelOf({ mean, deviation }), 1, 'hello', Float64Array.from(row(values)), 80);
}

describe('voiceReasons: habits', () => {
  it('says how much longer or shorter a text is, in characters', () => {
    expect(habitReasons({ length: Math.log1p(400) }, { length: Math.log1p(100) })).toEqual(['much longer than usual (400 vs about 100 characters)']);
    expect(habitReasons({ length: Math.log1p(20) }, { length: Math.log1p(100) })).toEqual(['much shorter than usual (20 vs about 100 characters)']);
  });

  it('names more or fewer capitals and punctuation runs', () => {
    expect(habitReasons({ capitals: 0.5 }, { capitals: 0.1 })).toEqual(['far more capital letters than usual']);
    expect(habitReasons({ capitals: 0 }, { capitals: 0.5 })).toEqual(['fewer capital letters than usual']);
    expect(habitReasons({ punctuationRuns: 2 })).toEqual(['runs of punctuation (!!, ..., ?!) this voice rarely writes']);
    expect(habitReasons({}, { punctuationRuns: 2 })).toEqual(['none of the punctuation runs (!!, ...) this voice often writes']);
  });

  it('counts each countable habit with its noun, singular for 1 and for emoji', () => {
    expect(habitReasons({ hashtags: 3 })).toEqual(['3 hashtags; usually none']);
    expect(habitReasons({ hashtags: 1 })).toEqual(['1 hashtag; usually none']);
    expect(habitReasons({ mentions: 2 })).toEqual(['2 mentions; usually none']);
    expect(habitReasons({ links: 2 })).toEqual(['2 links; usually none']);
    expect(habitReasons({ emoji: 2 })).toEqual(['2 emoji; usually none']);
    expect(habitReasons({ lineBreaks: 4 })).toEqual(['4 line breaks; usually none']);
    expect(habitReasons({ questions: 2 })).toEqual(['2 question marks; usually none']);
    expect(habitReasons({ exclamations: 1 })).toEqual(['1 exclamation mark; usually none']);
  });

  it('says what the profile usually has: none below 0.05, none or 1 below 0.5, else about the rounded mean', () => {
    expect(habitReasons({ hashtags: 2 }, { hashtags: 0.04 })).toEqual(['2 hashtags; usually none']);
    expect(habitReasons({ hashtags: 2 }, { hashtags: 0.05 })).toEqual(['2 hashtags; usually none or 1']);
    expect(habitReasons({ hashtags: 2 }, { hashtags: 0.49 })).toEqual(['2 hashtags; usually none or 1']);
    expect(habitReasons({ hashtags: 3 }, { hashtags: 0.5 })).toEqual(['3 hashtags; usually about 1']);
    expect(habitReasons({ hashtags: 0 }, { hashtags: 2.6 })).toEqual(['0 hashtags; usually about 3']);
  });

  it('gives no count reason when the text is less than 1 away from the mean, however surprising', () => {
    // z = 0.8 / 0.35 ≥ 2, but 1 vs 0.2 is not worth saying.
    expect(habitReasons({ hashtags: 1 }, { hashtags: 0.2 })).toEqual([]);
    expect(habitReasons({ hashtags: 1.2 }, { hashtags: 0.2 })).toEqual(['1.2 hashtags; usually none or 1']);
  });

  it('reports a habit from 2 deviations (spread floored) and not below', () => {
    // z = (2 - 1) / 0.5 = 2 exactly.
    expect(habitReasons({ length: 2 }, { length: 1 }, { length: 0.5 })).toEqual(['much longer than usual (6 vs about 2 characters)']);
    expect(habitReasons({ length: 1.99 }, { length: 1 }, { length: 0.5 })).toEqual([]);
    // A wide spread makes 3 hashtags unsurprising; the floor (0.35) would not.
    expect(habitReasons({ hashtags: 3 }, {}, { hashtags: 2 })).toEqual([]);
    expect(habitReasons({}, {}, {})).toEqual([]);
  });

  it('orders reasons by how surprising they are and keeps 4', () => {
    expect(habitReasons({ hashtags: 1, mentions: 5, links: 3, emoji: 2, questions: 4 })).toEqual([
      '5 mentions; usually none',
      '4 question marks; usually none',
      '3 links; usually none',
      '2 emoji; usually none',
    ]);
  });

  it('gives no habit reasons for a profile without habits', () => {
    const model = { ...modelOf({}), habits: [] };
    expect(voiceReasons(model, 1, 'hello', Float64Array.from(row({ hashtags: 9 })), 80)).toEqual([]);
  });
});

describe('voiceReasons: wording, for a score below 50', () => {
  const columns = { alpha: -0.1, beta: -0.5, gamma: -0.3, delta: -0.2, 'alpha beta': 0, '<s> alpha': -0.9, '42': -0.8, 'delta 42': 0.4 };
  const phrases = ['<s> hello', 'epsilon', 'alpha', 'zeta </s>', 'zeta', 'eta', 'theta'];
  const text = 'Alpha beta gamma delta 42';

  it('quotes the three grams weighing most against the profile and three of its phrases the text lacks', () => {
    const model = modelOf({ columns, phrases });
    expect(voiceReasons(model, 1, text, Float64Array.from(row({})), 49.9)).toEqual([
      'wording unlike this voice: “beta”, “gamma”, “delta”',
      'none of the words this voice often uses, such as “epsilon”, “zeta”, “eta”',
    ]);
  });

  it('never quotes a gram with a sentence mark', () => {
    const model = modelOf({ columns: { '<s> beta': -2, 'gamma </s>': -2, beta: -0.1 } });
    expect(voiceReasons(model, 1, 'beta gamma', Float64Array.from(row({})), 10)).toEqual(['wording unlike this voice: “beta”']);
  });

  it('reads the weights of the profile scored, not of another class', () => {
    const model = modelOf({ columns, phrases: [] });
    expect(voiceReasons(model, 0, text, Float64Array.from(row({})), 10)).toEqual(['wording unlike this voice: “delta 42”']);
  });

  it('gives no wording reasons from 50 up, nor when nothing counts against the text or is lacking', () => {
    const model = modelOf({ columns, phrases });
    expect(voiceReasons(model, 1, text, Float64Array.from(row({})), 50)).toEqual([]);
    expect(voiceReasons({ ...modelOf({ columns: { alpha: 0.3 } }), phrases: [] }, 1, text, Float64Array.from(row({})), 10)).toEqual([]);
    expect(voiceReasons(modelOf({ columns: { alpha: 0.3 }, phrases: ['alpha'] }), 1, text, Float64Array.from(row({})), 10)).toEqual([]);
  });

  it('keeps the wording reasons and as many habit reasons as fit in 4', () => {
    const model = modelOf({ columns, phrases });
    expect(voiceReasons(model, 1, text, Float64Array.from(row({ mentions: 5, links: 3, questions: 4 })), 20)).toEqual([
      '5 mentions; usually none',
      '4 question marks; usually none',
      'wording unlike this voice: “beta”, “gamma”, “delta”',
      'none of the words this voice often uses, such as “epsilon”, “zeta”, “eta”',
    ]);
    expect(voiceReasons(modelOf({ columns: { beta: -1 } }), 1, text, Float64Array.from(row({ mentions: 5, links: 3, questions: 4 })), 20)).toEqual([
      '5 mentions; usually none',
      '4 question marks; usually none',
      '3 links; usually none',
      'wording unlike this voice: “beta”',
    ]);
  });
});
