import { describe, expect, it } from 'vitest';
import { MAX_PUBLISHED_PARTS, publishLanguage, publishParts } from './publish-parts.js';

const voice = (bannedWords: string[] = []) => ({ voice: { bannedWords } as never });
const sentences = (count: number) => Array.from({ length: count }, (_, index) => `Sentence ${index} about slow coffee and patience.`).join(' ');

describe('publishParts', () => {
  it('sends a post that fits as one trimmed part, whatever its hashtag and emoji habits', () => {
    expect(publishParts({ platform: 'x', text: '  Fresh beans ☕🎉 #a #b #c #d #e  ' }, voice())).toEqual({ ok: true, parts: ['Fresh beans ☕🎉 #a #b #c #d #e'] });
  });

  it('refuses a banned word, with the violation', () => {
    const result = publishParts({ platform: 'x', text: 'Pure synergy.' }, voice(['synergy']));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.violations.map((violation) => violation.rule)).toEqual(['banned-word']);
  });

  it('refuses a long text with a banned word rather than splitting it, naming both problems', () => {
    const result = publishParts({ platform: 'bluesky', text: `${sentences(20)} Pure synergy.` }, voice(['synergy']));
    expect(!result.ok && result.violations.map((violation) => violation.rule).sort()).toEqual(['banned-word', 'length']);
  });

  it('makes a numbered thread of a long text where the platform has threads, and refuses it where it has none', () => {
    const long = sentences(20);
    const thread = publishParts({ platform: 'bluesky', text: long }, voice());
    expect(thread.ok && thread.parts.length).toBeGreaterThan(1);
    expect(thread.ok && thread.parts[0]).toMatch(/ 1\/\d+$/);
    const instagram = publishParts({ platform: 'instagram', text: sentences(80) }, voice());
    expect(instagram.ok).toBe(false);
    expect(!instagram.ok && instagram.violations.map((violation) => violation.rule)).toEqual(['length']);
  });

  it(`refuses a text that makes more than ${MAX_PUBLISHED_PARTS} posts, or that cannot be split`, () => {
    const tooMany = publishParts({ platform: 'x', text: sentences(300) }, voice());
    expect(tooMany.ok).toBe(false);
    expect(!tooMany.ok && tooMany.violations[0]).toMatchObject({
      rule: 'thread-part',
      message: expect.stringMatching(/^The text makes a thread of \d+ posts; cut it to at most 25\.$/),
      details: { parts: expect.any(Number) },
    });
    const link = `https://example.com/${'a'.repeat(400)}`;
    const unsplittable = publishParts({ platform: 'bluesky', text: `See ${link}` }, voice());
    expect(!unsplittable.ok && unsplittable.violations[0]).toMatchObject({ rule: 'thread-part', message: expect.stringContaining('does not fit in one Bluesky post') });
  });

  it('sends a stored thread as written, checking each part, and refuses threads where there are none', () => {
    expect(publishParts({ platform: 'x', text: 'ignored', threadParts: [' one ', 'two'] }, voice())).toEqual({ ok: true, parts: ['one', 'two'] });
    const broken = publishParts({ platform: 'x', text: 'x', threadParts: ['fine', 'synergy here', 'c'.repeat(300)] }, voice(['synergy']));
    expect(!broken.ok && broken.violations.map((violation) => violation.message.slice(0, 8))).toEqual(['Part 2: ', 'Part 3: ']);
    const facebook = publishParts({ platform: 'facebook', text: 'x', threadParts: ['one', 'two'] }, voice());
    expect(!facebook.ok && facebook.violations[0]?.message).toBe('Facebook has no threads: join the 2 parts into one post.');
    expect(publishParts({ platform: 'facebook', text: 'x', threadParts: ['alone'] }, voice())).toEqual({ ok: true, parts: ['alone'] });
    const most = Array.from({ length: MAX_PUBLISHED_PARTS }, (_, index) => `part ${index}`);
    expect(publishParts({ platform: 'x', text: 'x', threadParts: most }, voice())).toEqual({ ok: true, parts: most });
    expect(publishParts({ platform: 'x', text: ' Just this. ', threadParts: [] }, voice())).toEqual({ ok: true, parts: ['Just this.'] });
    const many = publishParts({ platform: 'x', text: 'x', threadParts: Array.from({ length: 26 }, (_, index) => `part ${index}`) }, voice());
    expect(!many.ok && many.violations[0]?.message).toBe('The thread has 26 parts; cut it to at most 25.');
  });
});

describe('publishLanguage', () => {
  it('gives a language tag in canonical form, or null when there is none or it is not one', () => {
    expect(publishLanguage(' zh-hant ')).toBe('zh-Hant');
    expect(publishLanguage('EN-us')).toBe('en-US');
    expect(publishLanguage('')).toBeNull();
    expect(publishLanguage('   ')).toBeNull();
    expect(publishLanguage(null)).toBeNull();
    expect(publishLanguage(undefined)).toBeNull();
    expect(publishLanguage('not a tag!')).toBeNull();
  });
});
