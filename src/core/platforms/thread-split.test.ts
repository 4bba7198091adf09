import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import type { Platform } from './platform-id.js';
import { measure } from './text-length.js';
import { countGraphemes, utf8Length } from './text-units.js';
import { splitThread } from './thread-split.js';

const SUFFIX = / (\d+)\/(\d+)$/u;

function expectValidThread(platform: Platform, parts: readonly string[], limit?: number): void {
  parts.forEach((part, index) => {
    const measured = measure(platform, part, limit === undefined ? {} : { limit });
    expect(measured.length, part).toBeLessThanOrEqual(measured.limit);
    if (measured.byteLimit !== undefined) expect(measured.bytes).toBeLessThanOrEqual(measured.byteLimit);
    const match = SUFFIX.exec(part);
    expect(match?.[1]).toBe(String(index + 1));
    expect(match?.[2]).toBe(String(parts.length));
  });
}

/** The words of the parts, numbering removed, in order. */
function wordsOf(parts: readonly string[]): string[] {
  return parts.flatMap((part) => part.replace(SUFFIX, '').split(/\s+/u)).filter((word) => word !== '');
}

describe('splitThread', () => {
  it('returns a text that fits whole and unnumbered, and nothing for an empty text', () => {
    expect(splitThread('x', '  Short post.  ')).toEqual(['Short post.']);
    expect(splitThread('x', ' \n ')).toEqual([]);
  });

  it('breaks between paragraphs first, keeping the order', () => {
    const paragraphs = Array.from({ length: 4 }, (_, index) => `Paragraph ${index + 1}. ${'Some words here. '.repeat(8).trim()}`);
    const text = paragraphs.join('\n\n');
    const parts = splitThread('x', text);
    expectValidThread('x', parts);
    expect(parts.length).toBe(4);
    parts.forEach((part, index) => expect(part).toBe(`${paragraphs[index]} ${index + 1}/4`));
  });

  it('breaks between sentences before words', () => {
    const sentence = (index: number): string => `Sentence number ${index} says something useful about the topic at hand.`;
    const text = Array.from({ length: 12 }, (_, index) => sentence(index)).join(' ');
    const parts = splitThread('x', text);
    expectValidThread('x', parts);
    for (const part of parts) expect(part.replace(SUFFIX, '')).toMatch(/\.$/u);
    expect(wordsOf(parts)).toEqual(text.split(' '));
  });

  it('never splits a URL, even when ICU would break after its "?"', () => {
    const url = 'https://example.com/search?q=voice&lang=en';
    const text = `${'Words before the link go here. '.repeat(8)}Read ${url}? Then more. ${'And words after it. '.repeat(10)}`;
    const parts = splitThread('x', text);
    expectValidThread('x', parts);
    expect(parts.filter((part) => part.includes(url)).length).toBe(1);
  });

  it('counts the numbering: each part fits with its " i/n"', () => {
    // 2,000 ASCII characters without spaces except every 9 characters.
    const text = 'abcdefgh '.repeat(222).trim();
    const parts = splitThread('bluesky', text);
    expectValidThread('bluesky', parts);
    expect(parts.some((part) => countGraphemes(part) >= 296)).toBe(true);
  });

  it('widens the numbering past 9 parts', () => {
    const text = 'word '.repeat(700).trim();
    const parts = splitThread('x', text);
    expect(parts.length).toBeGreaterThanOrEqual(10);
    expectValidThread('x', parts);
    expect(wordsOf(parts).length).toBe(700);
  });

  it('cuts an overlong word between graphemes, never inside an emoji', () => {
    const text = '👨‍👩‍👧'.repeat(400);
    const parts = splitThread('bluesky', text);
    expectValidThread('bluesky', parts);
    const joined = parts.map((part) => part.replace(SUFFIX, '')).join('');
    expect(joined).toBe(text);
    for (const part of parts) expect(utf8Length(part)).toBeLessThanOrEqual(3000);
  });

  it('follows the X weighting: a CJK text splits at about 140 characters per part', () => {
    const text = '日本語の文章です。'.repeat(40);
    const parts = splitThread('x', text);
    expectValidThread('x', parts);
    expect(parts.length).toBeGreaterThanOrEqual(3);
  });

  it('uses a limit override (a Mastodon server with 1,000 characters)', () => {
    const text = 'A sentence of some length for the test. '.repeat(40).trim();
    expect(splitThread('mastodon', text).length).toBeGreaterThan(splitThread('mastodon', text, { limit: 1000 }).length);
    expectValidThread('mastodon', splitThread('mastodon', text, { limit: 1000 }), 1000);
  });

  it('refuses to thread on a platform without threads, saying what to do', () => {
    const error = (() => {
      try {
        splitThread('linkedin', 'x '.repeat(2000));
        return undefined;
      } catch (caught) {
        return caught;
      }
    })();
    expect(AppError.isInstance(error) && error.code).toBe('invalid_input');
    expect((error as AppError).hint).toContain('Shorten it to 3000');
  });

  it('refuses a link longer than one post', () => {
    const url = `https://example.com/${'a'.repeat(400)}`;
    expect(() => splitThread('bluesky', `Look: ${url}`)).toThrow(/link of \d+ characters does not fit/u);
  });

  it('keeps every word, in order, within the limit, for any text (property)', () => {
    const word = fc.stringMatching(/^[a-zA-Z0-9é日👍.,!?#@]{1,30}$/u);
    const separator = fc.constantFrom(' ', '  ', '\n', '\n\n', '. ');
    const text = fc.array(fc.tuple(word, separator), { minLength: 1, maxLength: 200 }).map((pairs) => pairs.map(([w, s]) => w + s).join(''));
    fc.assert(
      fc.property(text, fc.constantFrom<Platform>('x', 'bluesky', 'mastodon', 'threads'), (input, platform) => {
        const parts = splitThread(platform, input);
        if (parts.length > 1) expectValidThread(platform, parts);
        else expect(measure(platform, parts[0] ?? '').length).toBeLessThanOrEqual(measure(platform, '').limit);
        expect(wordsOf(parts).join('')).toBe(input.split(/\s+/u).join(''));
      }),
      { numRuns: 60 },
    );
  });
});
