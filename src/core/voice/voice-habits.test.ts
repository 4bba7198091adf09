import { describe, expect, it } from 'vitest';
import { isStopWord, openersOf, signOffsOf, topCounted, topPhrasesOf } from './voice-habits.js';
import { anatomize, type PostAnatomy } from './voice-text.js';

const posts = (texts: readonly string[]): PostAnatomy[] => texts.map(anatomize);

describe('isStopWord', () => {
  it('knows lowercased function words, with a straight or curly apostrophe', () => {
    expect(isStopWord('the')).toBe(true);
    expect(isStopWord("don't")).toBe(true);
    expect(isStopWord('don’t')).toBe(true);
    expect(isStopWord('pricing')).toBe(false);
    expect(isStopWord('The')).toBe(false);
  });
});

describe('topCounted', () => {
  const values = ['Ship', 'ship', 'ship', 'Go', 'go', 'x'];

  it('counts case-insensitively, keeps the most frequent written form, most frequent first', () => {
    expect(topCounted(values, 5)).toEqual([
      { text: 'ship', count: 3 },
      { text: 'go', count: 2 },
      { text: 'x', count: 1 },
    ]);
  });

  it('keeps counts from minCount up, and at most limit', () => {
    expect(topCounted(values, 5, 2)).toEqual([
      { text: 'ship', count: 3 },
      { text: 'go', count: 2 },
    ]);
    expect(topCounted(values, 1)).toEqual([{ text: 'ship', count: 3 }]);
    expect(topCounted([], 5)).toEqual([]);
  });

  it('breaks ties alphabetically, for forms and for entries', () => {
    expect(topCounted(['B', 'b'], 5)).toEqual([{ text: 'b', count: 2 }]);
    expect(topCounted(['beta', 'alpha', 'gamma', 'gamma'], 5)).toEqual([
      { text: 'gamma', count: 2 },
      { text: 'alpha', count: 1 },
      { text: 'beta', count: 1 },
    ]);
  });

  it('groups by lowercase, so "ß" and "ss" stay apart', () => {
    expect(topCounted(['ß', 'ss'], 5)).toEqual([
      { text: 'ss', count: 1 },
      { text: 'ß', count: 1 },
    ]);
  });
});

describe('openersOf and signOffsOf', () => {
  const texts = [
    '@ana quick thought: pricing is trust — m',
    '.@bo quick thought: nobody reads docs — m',
    'quick thought: onboarding is a promise — m',
    'so good 🚀',
    'so good 🚀',
    'Honestly, fine',
    'Honestly, great',
  ];

  it('finds recurring openers after leading mentions, a longer one replacing its shorter form', () => {
    expect(openersOf(posts(texts))).toEqual([
      { text: 'quick thought:', count: 3 },
      { text: 'Honestly,', count: 2 },
      { text: 'so good 🚀', count: 2 },
    ]);
    expect(openersOf(posts(texts), 1)).toEqual([{ text: 'quick thought:', count: 3 }]);
  });

  it('finds recurring sign-offs, mentions kept', () => {
    expect(signOffsOf(posts(texts))).toEqual([
      { text: '— m', count: 3 },
      { text: 'so good 🚀', count: 2 },
    ]);
    expect(signOffsOf(posts(['@ana @bo', '@ana @bo']))).toEqual([{ text: '@ana @bo', count: 2 }]);
    expect(openersOf(posts(['@ana @bo', '@ana @bo']))).toEqual([]);
  });

  it('strips only tokens that start with a mention', () => {
    expect(openersOf(posts(['email@me later', 'email@me later']))).toEqual([{ text: 'email@me later', count: 2 }]);
  });

  it('takes at most 3 words', () => {
    expect(openersOf(posts(['ship small every day', 'ship small every day']))).toEqual([{ text: 'ship small every', count: 2 }]);
    expect(signOffsOf(posts(['ship small every day', 'ship small every day']))).toEqual([{ text: 'small every day', count: 2 }]);
  });

  it('skips a lone function word (punctuation aside) and phrases without a letter, digit or emoji', () => {
    expect(openersOf(posts(['The launch', 'The team']))).toEqual([]);
    expect(openersOf(posts(['But, the launch', 'But, a team']))).toEqual([]);
    expect(signOffsOf(posts(['it went - …', 'it came - …']))).toEqual([]);
    expect(signOffsOf(posts(['we shipped - …', 'we shipped - …']))).toEqual([{ text: 'shipped - …', count: 2 }]);
  });

  it('replaces the shorter form from 80% as frequent, otherwise keeps only the shorter', () => {
    expect(openersOf(posts(['quick thought a1', 'quick thought b1', 'quick thought c1', 'quick thought d1', 'quick take e1']))).toEqual([
      { text: 'quick thought', count: 4 },
    ]);
    expect(openersOf(posts(['quick thought: a1', 'quick thought: b1', 'quick thought: c1', 'quick take d1', 'quick take e1']))).toEqual([
      { text: 'quick', count: 5 },
    ]);
  });

  it('needs a phrase in 2 posts, or in 4% of many', () => {
    expect(openersOf(posts(['lone wolf']))).toEqual([]);
    const many = [...Array.from({ length: 49 }, (_, index) => `post${index} here`), 'Hey you', 'Hey there'];
    expect(openersOf(posts(many))).toEqual([]);
    expect(openersOf(posts([...many, 'Hey all']))).toEqual([{ text: 'Hey', count: 3 }]);
  });
});

describe('topPhrasesOf', () => {
  it('counts recurring 2- and 3-grams, lowercased, a bigram only inside one trigram left out, ties alphabetical', () => {
    const texts = ['Pricing pages build trust fast', 'pricing pages build trust slowly', 'we love pricing pages, are hard', 'hard things are hard'];
    expect(topPhrasesOf(posts(texts))).toEqual([
      { text: 'pricing pages', count: 3 },
      { text: 'pages build trust', count: 2 },
      { text: 'pricing pages build', count: 2 },
    ]);
    expect(topPhrasesOf(posts(texts), 1)).toEqual([{ text: 'pricing pages', count: 3 }]);
  });

  it('leaves out grams edged by a function word, all numbers or with a one-letter word', () => {
    const texts = ['ship small to win', 'ship small to grow', '2024 2025', '2024 2025', 'plan b', 'plan b', '5 tips', '5 tips', 'v2 2024', 'v2 2024', '2024 20s', '2024 20s'];
    expect(topPhrasesOf(posts(texts))).toEqual([
      { text: '2024 20s', count: 2 },
      { text: '5 tips', count: 2 },
      { text: 'ship small', count: 2 },
      { text: 'v2 2024', count: 2 },
    ]);
  });

  it('needs 2 posts, not 2 uses in one, and keeps a bigram that is only a substring of another', () => {
    const texts = ['pricing pages pricing pages', 'smart sale', 'smart sale', 'smart sale', 'art sale', 'art sale'];
    expect(topPhrasesOf(posts(texts))).toEqual([
      { text: 'smart sale', count: 3 },
      { text: 'art sale', count: 2 },
    ]);
    expect(topPhrasesOf(posts(['pricing pages pricing pages', 'pricing pages']))).toEqual([{ text: 'pricing pages', count: 3 }]);
    expect(topPhrasesOf([])).toEqual([]);
  });
});
