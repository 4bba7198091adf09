import { describe, expect, it } from 'vitest';
import { findBannedWords } from './banned-words.js';
import { checkPlatformRules, sparingEmojiAllowance } from './platform-check.js';

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

const FAMILY = '👨‍👩‍👧'; // 1 grapheme, 18 bytes of UTF-8

describe('checkPlatformRules: length at the limit', () => {
  it('accepts exactly the limit and reports one over, in weighted characters on X', () => {
    expect(checkPlatformRules('x', 'a'.repeat(280)).violations).toEqual([]);
    const [violation] = checkPlatformRules('x', 'a'.repeat(281)).violations;
    expect(violation).toEqual({
      rule: 'length',
      message: 'Too long for X: 281/280 weighted characters (URLs count 23, emoji and CJK 2): cut at least 1 (or split it into a thread).',
      details: { length: 281, limit: 280, unit: 'weighted', excess: 1 },
    });
  });

  it('says URLs count 23 on Mastodon and plain characters on Bluesky', () => {
    expect(checkPlatformRules('mastodon', 'a'.repeat(500)).violations).toEqual([]);
    expect(checkPlatformRules('mastodon', 'a'.repeat(501)).violations[0]?.message).toBe(
      'Too long for Mastodon: 501/500 characters (URLs count 23): cut at least 1 (or split it into a thread).',
    );
    expect(checkPlatformRules('bluesky', 'a'.repeat(300)).violations).toEqual([]);
    expect(checkPlatformRules('bluesky', 'a'.repeat(301)).violations[0]?.message).toBe('Too long for Bluesky: 301/300 characters: cut at least 1 (or split it into a thread).');
  });

  it('does not offer a thread on a platform without threads', () => {
    expect(checkPlatformRules('linkedin', 'a'.repeat(3000)).violations).toEqual([]);
    const [violation] = checkPlatformRules('linkedin', 'a'.repeat(3001)).violations;
    expect(violation?.message).toBe('Too long for LinkedIn: 3001/3000 characters: cut at least 1.');
    expect(violation?.details).toEqual({ length: 3001, limit: 3000, unit: 'graphemes', excess: 1 });
  });

  it("checks against a limit override (a Mastodon server's max_characters)", () => {
    expect(checkPlatformRules('mastodon', 'a'.repeat(1000), { overrides: { limit: 1000 } }).violations).toEqual([]);
    expect(checkPlatformRules('mastodon', 'a'.repeat(1001), { overrides: { limit: 1000 } }).violations[0]?.details).toMatchObject({ length: 1001, limit: 1000, excess: 1 });
  });

  it('accepts exactly 3,000 bytes on Bluesky and reports one more, with its own message', () => {
    // 166 × 18 + 12 = 3,000 bytes in 178 graphemes.
    expect(checkPlatformRules('bluesky', FAMILY.repeat(166) + 'a'.repeat(12)).violations).toEqual([]);
    const { violations } = checkPlatformRules('bluesky', FAMILY.repeat(166) + 'a'.repeat(13));
    expect(violations).toEqual([
      {
        rule: 'bytes',
        message: 'Too large for Bluesky: 3001/3000 bytes of UTF-8 (emoji and non-Latin letters take 2-4 bytes each): cut at least 1 bytes.',
        details: { bytes: 3001, limit: 3000, excess: 1 },
      },
    ]);
  });

  it('reports length before bytes when both are over', () => {
    expect(rulesOf(checkPlatformRules('bluesky', FAMILY.repeat(301)).violations)).toEqual(['length', 'bytes']);
  });
});

describe('checkPlatformRules: an empty post', () => {
  it('names the platform in its message and still gives the measurement', () => {
    const result = checkPlatformRules('linkedin', '');
    expect(result.violations).toEqual([{ rule: 'empty', message: 'The post is empty: write the text of the LinkedIn post.' }]);
    expect(result.measurement).toMatchObject({ platform: 'linkedin', length: 0, limit: 3000 });
    // Blank but too long: still only 'empty'.
    expect(rulesOf(checkPlatformRules('x', ' '.repeat(300)).violations)).toEqual(['empty']);
  });
});

describe('checkPlatformRules: hashtags', () => {
  it('under the none policy, names each hashtag, in the singular for one', () => {
    expect(checkPlatformRules('linkedin', 'Shipping today', { hashtagPolicy: 'none' }).violations).toEqual([]);
    expect(checkPlatformRules('linkedin', 'Shipping #today', { hashtagPolicy: 'none' }).violations).toEqual([
      {
        rule: 'hashtags',
        message: 'Uses 1 hashtag (#today) but this voice uses none: remove them or turn them into plain words.',
        details: { count: 1, limit: 0, hashtags: ['today'] },
      },
    ]);
    expect(checkPlatformRules('linkedin', 'Shipping #today #ts', { hashtagPolicy: 'none' }).violations[0]?.message).toBe(
      'Uses 2 hashtags (#today #ts) but this voice uses none: remove them or turn them into plain words.',
    );
  });

  it("under the platform norm, accepts exactly the norm and quotes the norm's words one over", () => {
    expect(checkPlatformRules('x', 'New release #one #two').violations).toEqual([]);
    expect(checkPlatformRules('x', 'New release #one #two #three').violations).toEqual([
      {
        rule: 'hashtags',
        message: `3 hashtags (#one #two #three); the norm on X is at most 2: ${'1-2 hashtags at most, woven into the sentence or at the end; none is fine.'} Remove at least 1.`,
        details: { count: 3, limit: 2, hashtags: ['one', 'two', 'three'] },
      },
    ]);
    expect(checkPlatformRules('threads', 'Topic #one').violations).toEqual([]);
  });

  it("on Instagram, follows the norm of 5 or a lower override, and ignores the override when hashtags are free", () => {
    const tags = (count: number): string => Array.from({ length: count }, (_, index) => `#tag${index}`).join(' ');
    expect(checkPlatformRules('instagram', `Photo ${tags(5)}`).violations).toEqual([]);
    expect(checkPlatformRules('instagram', `Photo ${tags(6)}`).violations[0]?.details).toMatchObject({ count: 6, limit: 5 });
    expect(checkPlatformRules('instagram', `Photo ${tags(3)}`, { overrides: { maxHashtags: 2 } }).violations[0]?.details).toMatchObject({ count: 3, limit: 2 });
    expect(checkPlatformRules('instagram', `Photo ${tags(30)}`, { hashtagPolicy: 'free', overrides: { maxHashtags: 2 } }).violations).toEqual([]);
  });
});

describe('checkPlatformRules: links and mentions', () => {
  const links = (count: number): string => Array.from({ length: count }, (_, index) => `https://example.com/${index}`).join(' ');
  const mentions = (count: number): string => Array.from({ length: count }, (_, index) => `@user${index}`).join(' ');

  it('accepts 5 links on Threads and reports the sixth', () => {
    expect(checkPlatformRules('threads', `Reading: ${links(5)}`).violations).toEqual([]);
    const [violation] = checkPlatformRules('threads', `Reading: ${links(6)}`).violations;
    expect(violation).toEqual({
      rule: 'links',
      message: '6 links; Threads accepts at most 5: remove at least 1.',
      details: { count: 6, limit: 5, links: Array.from({ length: 6 }, (_, index) => `https://example.com/${index}`) },
    });
    expect(checkPlatformRules('x', `Reading: ${links(6)}`).violations).toEqual([]);
  });

  it('accepts 20 mentions on Instagram and reports the 21st', () => {
    expect(checkPlatformRules('instagram', `Thanks ${mentions(20)}`).violations).toEqual([]);
    expect(checkPlatformRules('instagram', `Thanks ${mentions(22)}`).violations).toEqual([
      { rule: 'mentions', message: '22 mentions; Instagram accepts at most 20: remove at least 2.', details: { count: 22, limit: 20 } },
    ]);
    expect(checkPlatformRules('x', `Thanks ${mentions(22)}`).violations).toEqual([]);
  });
});

describe('checkPlatformRules: emoji', () => {
  it('under the none policy, names the emoji; a text without emoji passes', () => {
    expect(checkPlatformRules('x', 'Done.', { emojiPolicy: 'none' }).violations).toEqual([]);
    expect(checkPlatformRules('x', 'Done 🚀 🙌', { emojiPolicy: 'none' }).violations).toEqual([
      { rule: 'emoji', message: 'Uses 2 emoji (🚀 🙌) but this voice uses none: remove them.', details: { count: 2, limit: 0 } },
    ]);
  });

  it('under the sparing policy, says how many to keep', () => {
    expect(checkPlatformRules('x', 'Done 🚀🙌🔥', { emojiPolicy: 'sparing' }).violations).toEqual([
      { rule: 'emoji', message: 'Uses 3 emoji (🚀 🙌 🔥); this voice uses them sparingly: keep at most 2.', details: { count: 3, limit: 2 } },
    ]);
  });

  it("allows one more emoji per 150 characters of the post's length", () => {
    // 297 letters + 3 emoji = 300 graphemes: 2 allowed; 298 + 3 = 301: 3 allowed.
    expect(checkPlatformRules('linkedin', `${'a'.repeat(297)}🚀🙌🔥`, { emojiPolicy: 'sparing' }).violations[0]?.details).toEqual({ count: 3, limit: 2 });
    expect(checkPlatformRules('linkedin', `${'a'.repeat(298)}🚀🙌🔥`, { emojiPolicy: 'sparing' }).violations).toEqual([]);
  });
});

describe('sparingEmojiAllowance', () => {
  it('is one per 150 characters, rounded up, and at least 2', () => {
    expect(sparingEmojiAllowance(0)).toBe(2);
    expect(sparingEmojiAllowance(300)).toBe(2);
    expect(sparingEmojiAllowance(301)).toBe(3);
    expect(sparingEmojiAllowance(450)).toBe(3);
    expect(sparingEmojiAllowance(451)).toBe(4);
    expect(sparingEmojiAllowance(1500)).toBe(10);
  });
});

describe('checkPlatformRules: banned words and the order of violations', () => {
  it('does not say "times" for a banned word used once', () => {
    expect(checkPlatformRules('x', 'Pure synergy.', { bannedWords: ['synergy'] }).violations[0]?.message).toBe('Uses the banned word "synergy": rephrase without it.');
  });

  it('lists violations as length, hashtags, links, emoji, banned words', () => {
    const text = `${'a'.repeat(400)} #one #two ${links(6)} 🚀 synergy`;
    const { violations } = checkPlatformRules('threads', text, { emojiPolicy: 'none', bannedWords: ['synergy'] });
    expect(rulesOf(violations)).toEqual(['length', 'hashtags', 'links', 'emoji', 'banned-word']);
  });

  function links(count: number): string {
    return Array.from({ length: count }, (_, index) => `https://example.com/${index}`).join(' ');
  }
});
