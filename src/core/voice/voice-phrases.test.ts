import { describe, expect, it } from 'vitest';
import { wordGramId } from './voice-features.js';
import type { VoiceModel } from './voice-model.js';
import { topPhrases, wordGramsOf } from './voice-phrases.js';

/** A two-class model whose column `c` weighs `weights[c]` for class 1 and the opposite for class 0. */
function modelOf(columns: Record<string, number>): Pick<VoiceModel, 'vocabulary' | 'weights' | 'classes'> {
  const grams = Object.keys(columns);
  const vocabulary = new Map(grams.map((gram, index) => [wordGramId(gram), index + 1]));
  const weights = new Float32Array((grams.length + 1) * 2);
  grams.forEach((gram, index) => {
    weights[(index + 1) * 2] = -(columns[gram] ?? 0);
    weights[(index + 1) * 2 + 1] = columns[gram] ?? 0;
  });
  return { vocabulary, weights, classes: ['other', 'maya'] };
}

const spaceGrams = (text: string): Map<string, number> => new Map(text.split(' ').map((word) => [word, 1]));

describe('wordGramsOf', () => {
  it('counts lowercased words and bigrams, with sentence marks only inside bigrams', () => {
    expect([...wordGramsOf('Go go, now')]).toEqual([
      ['go', 2],
      ['<s> go', 1],
      ['go go', 1],
      [',', 1],
      ['go ,', 1],
      ['now', 1],
      [', now', 1],
      ['now </s>', 1],
    ]);
  });

  it('reads a single word as one word and its two edge bigrams', () => {
    expect([...wordGramsOf('ship')]).toEqual([
      ['ship', 1],
      ['<s> ship', 1],
      ['ship </s>', 1],
    ]);
    expect([...wordGramsOf('')]).toEqual([['<s> </s>', 1]]);
  });

  it('masks links by default and keeps their host when asked', () => {
    expect([...wordGramsOf('read https://bbc.in/1KXHq5J').keys()]).toEqual(['read', '<s> read', '↗', 'read ↗', '↗ </s>']);
    const kept = [...wordGramsOf('read https://bbc.in/1KXHq5J', 'keep').keys()];
    expect(kept).toContain('⟨');
    expect(kept).not.toContain('↗');
  });
});

describe('topPhrases', () => {
  it('keeps grams used in at least 3 texts, with a letter, in the vocabulary and weighing for the profile, heaviest first', () => {
    const texts = ['alpha beta gamma 42 delta zeta', 'alpha beta gamma 42 delta zeta', 'alpha gamma 42 delta zeta', 'beta'];
    const model = modelOf({ alpha: 0.2, beta: 0.9, gamma: 0.5, '42': 0.8, delta: -0.3 });
    // beta: 3 texts, counted; alpha: 3; gamma: 3; 42: no letter; delta: against; zeta: not in the vocabulary.
    expect(topPhrases(texts, model, 1, spaceGrams)).toEqual(['beta', 'gamma', 'alpha']);
    // For the other class the weights are reversed: only delta weighs for it.
    expect(topPhrases(texts, model, 0, spaceGrams)).toEqual(['delta']);
  });

  it('leaves out a gram seen in only 2 texts and a gram whose weight is 0', () => {
    const texts = ['alpha beta', 'alpha beta', 'alpha'];
    expect(topPhrases(texts, modelOf({ alpha: 0, beta: 0.4 }), 1, spaceGrams)).toEqual([]);
    expect(topPhrases(texts, modelOf({ alpha: 0.1, beta: 0.4 }), 1, spaceGrams)).toEqual(['alpha']);
  });

  it('keeps at most the 12 heaviest grams', () => {
    const words = Array.from({ length: 14 }, (_, index) => `w${String.fromCharCode(97 + index)}`);
    const columns = Object.fromEntries(words.map((word, index) => [word, (index + 1) / 100]));
    const text = words.join(' ');
    expect(topPhrases([text, text, text], modelOf(columns), 1, spaceGrams)).toEqual(words.slice(2).reverse());
  });

  it('returns nothing for no texts', () => {
    expect(topPhrases([], modelOf({ alpha: 1 }), 1, spaceGrams)).toEqual([]);
  });
});
