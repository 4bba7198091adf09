import { describe, expect, it } from 'vitest';
import { findBannedWords } from './banned-words.js';
import { checkPlatformRules } from './platform-check.js';

const rulesOf = (violations: ReadonlyArray<{ rule: string }>): string[] => violations.map((violation) => violation.rule);

describe('checkPlatformRules', () => {
  it('accepts a clean post', () => {
    const { measurement, violations } = checkPlatformRules('x', 'Shipping the new importer today. #TypeScript');
    expect(violations).toEqual([]);
    expect(measurement.hashtags).toEqual(['TypeScript']);
  });

  it('says how much to cut, in the platform’s unit', () => {
    const text = `${'word '.repeat(62)}https://example.com/${'x'.repeat(40)}`; // 310 + 23 = 333
    const { violations } = checkPlatformRules('x', text);
    expect(rulesOf(violations)).toEqual(['length']);
    expect(violations[0]?.message).toContain('333/280 weighted characters');
    expect(violations[0]?.message).toContain('cut at least 53');
    expect(violations[0]?.details).toMatchObject({ length: 333, limit: 280, excess: 53 });
  });

  it('checks Bluesky bytes apart from graphemes', () => {
    const { violations } = checkPlatformRules('bluesky', '👨‍👩‍👧'.repeat(200));
    expect(rulesOf(violations)).toEqual(['bytes']);
    expect(violations[0]?.message).toContain('3600/3000 bytes');
    expect(violations[0]?.message).toContain('cut at least 600 bytes');
  });

  it('reports an empty post and nothing else', () => {
    const { violations } = checkPlatformRules('linkedin', '   \n ', { bannedWords: ['synergy'] });
    expect(rulesOf(violations)).toEqual(['empty']);
  });

  it('follows the hashtag norm, an override, and the policy', () => {
    const text = 'New release #one #two #three';
    const norm = checkPlatformRules('x', text).violations;
    expect(rulesOf(norm)).toEqual(['hashtags']);
    expect(norm[0]?.message).toContain('Remove at least 1');
    expect(checkPlatformRules('x', text, { overrides: { maxHashtags: 3 } }).violations).toEqual([]);
    expect(checkPlatformRules('x', text, { hashtagPolicy: 'free' }).violations).toEqual([]);
    expect(checkPlatformRules('linkedin', text).violations).toEqual([]);
    const none = checkPlatformRules('linkedin', text, { hashtagPolicy: 'none' }).violations;
    expect(none[0]?.message).toContain('#one #two #three');
    expect(checkPlatformRules('threads', 'Tag #one #two').violations[0]?.details).toMatchObject({ count: 2, limit: 1 });
  });

  it("keeps Instagram's hard limit of 30 even when hashtags are free", () => {
    const tags = Array.from({ length: 31 }, (_, index) => `#tag${index}`).join(' ');
    const free = checkPlatformRules('instagram', `Photo ${tags}`, { hashtagPolicy: 'free' }).violations;
    expect(free[0]?.details).toMatchObject({ count: 31, limit: 30 });
    const norm = checkPlatformRules('instagram', `Photo ${tags}`, { overrides: { maxHashtags: 40 } }).violations;
    expect(norm[0]?.details).toMatchObject({ limit: 30 });
  });

  it('caps links on Threads', () => {
    const links = Array.from({ length: 6 }, (_, index) => `https://example.com/${index}`).join(' ');
    const { violations } = checkPlatformRules('threads', `Reading list: ${links}`);
    expect(rulesOf(violations)).toEqual(['links']);
    expect(violations[0]?.message).toContain('remove at least 1');
  });

  it('applies the emoji policy', () => {
    expect(rulesOf(checkPlatformRules('x', 'Done 🚀', { emojiPolicy: 'none' }).violations)).toEqual(['emoji']);
    expect(checkPlatformRules('x', 'Done 🚀🙌', { emojiPolicy: 'sparing' }).violations).toEqual([]);
    const many = checkPlatformRules('x', 'Done 🚀🙌🔥🎉', { emojiPolicy: 'sparing' }).violations;
    expect(many[0]?.message).toContain('keep at most 2');
    expect(checkPlatformRules('x', 'Done 🚀🙌🔥🎉').violations).toEqual([]);
  });

  it('finds banned words case-insensitively, as whole words', () => {
    const { violations } = checkPlatformRules('linkedin', 'SYNERGY! We said synergy twice; AI is not in "said".', {
      bannedWords: ['synergy', 'ai', 'game changer'],
    });
    expect(rulesOf(violations)).toEqual(['banned-word', 'banned-word']);
    expect(violations[0]?.message).toBe('Uses the banned word "synergy" 2 times: rephrase without it.');
    expect(violations[1]?.details).toEqual({ word: 'ai', count: 1 });
  });
});

describe('findBannedWords', () => {
  it('matches phrases across spaces and line breaks', () => {
    expect(findBannedWords('A real Game\n Changer.', ['game changer'])).toEqual([{ word: 'game changer', count: 1 }]);
  });

  it('is Unicode-aware', () => {
    expect(findBannedWords('Ein ÜBERMÄẞIG langer Satz', ['übermäßig'])).toEqual([{ word: 'übermäßig', count: 1 }]);
    expect(findBannedWords('Café crème', ['cafe'])).toEqual([]);
    expect(findBannedWords('naïve naïveté', ['naïve'])).toEqual([{ word: 'naïve', count: 1 }]);
    // Composed and decomposed forms are the same word.
    expect(findBannedWords('nai\u0308ve', ['naïve'])).toEqual([{ word: 'naïve', count: 1 }]);
  });

  it('finds a word inside text written without spaces', () => {
    expect(findBannedWords('これは革命的な製品です', ['革命的'])).toEqual([{ word: '革命的', count: 1 }]);
  });

  it('handles punctuation in banned entries and ignores blank ones', () => {
    expect(findBannedWords('We love C++ and c#.', ['c++', 'C#', ' '])).toEqual([
      { word: 'c++', count: 1 },
      { word: 'C#', count: 1 },
    ]);
  });
});

describe('checkPlatformRules: hashtag messages', () => {
  it("says Instagram's hard maximum in a sentence of its own when hashtags are free", () => {
    const hashtags = Array.from({ length: 31 }, (_, index) => `#t${index}`);
    const [violation] = checkPlatformRules('instagram', `Photo ${hashtags.join(' ')}`, { hashtagPolicy: 'free' }).violations;
    expect(violation?.message).toBe(`31 hashtags (${hashtags.join(' ')}); Instagram accepts at most 30. Remove at least 1.`);
  });
});
