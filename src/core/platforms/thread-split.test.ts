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

describe('splitThread: where it breaks', () => {
  it('keeps a text of exactly the limit whole and numbers one over', () => {
    expect(splitThread('x', 'a'.repeat(280))).toEqual(['a'.repeat(280)]);
    const parts = splitThread('x', `${'a'.repeat(140)} ${'b'.repeat(140)}`);
    expect(parts).toEqual([`${'a'.repeat(140)} 1/2`, `${'b'.repeat(140)} 2/2`]);
  });

  it('packs several paragraphs in one part, joined by a blank line, a blank line with spaces included', () => {
    const paragraphs = Array.from({ length: 6 }, (_, index) => `Paragraph ${index} ${'p'.repeat(48)}`); // 60 characters each
    const text = `${paragraphs.slice(0, 3).join('\n\n')}\n  \t\n${paragraphs.slice(3).join('\n\n')}`;
    // 4 × 60 + 3 × 2 + " 1/2" = 250; a fifth paragraph would make 312.
    expect(splitThread('x', text)).toEqual([`${paragraphs.slice(0, 4).join('\n\n')} 1/2`, `${paragraphs.slice(4).join('\n\n')} 2/2`]);
  });

  it('breaks a paragraph between lines, joining the lines of a part with a line break, without the spaces around them', () => {
    const lines = Array.from({ length: 6 }, (_, index) => `Line ${index} ${'w'.repeat(93)}`); // 100 characters each
    expect(splitThread('x', lines.join('  \n '))).toEqual([
      `${lines[0]}\n${lines[1]} 1/3`,
      `${lines[2]}\n${lines[3]} 2/3`,
      `${lines[4]}\n${lines[5]} 3/3`,
    ]);
  });

  it('joins the first sentence of a cut paragraph to the part before with the paragraph break', () => {
    const sentences = Array.from({ length: 8 }, (_, index) => `Sentence ${index} has words in it that go on.`);
    expect(splitThread('x', `Intro.\n\n${sentences.join(' ')}`)).toEqual([
      `Intro.\n\n${sentences.slice(0, 6).join(' ')} 1/2`,
      `${sentences.slice(6).join(' ')} 2/2`,
    ]);
  });

  it('keeps a URL whole when it has to cut a word between characters', () => {
    const url = 'https://example.com/some/page';
    // On X the URL weighs 23: 271 + 23 is over 276 (280 less " 1/2"), so the URL goes to the next part, whole.
    expect(splitThread('x', `${'a'.repeat(270)}(${url})`)).toEqual([`${'a'.repeat(270)}( 1/2`, `${url}) 2/2`]);
  });

  it('widens the numbering when exactly 10 parts would need " 10/10"', () => {
    // Each word fills a part with " 9/9" (276 + 4 = 280) but not with " 10/10".
    const word = 'a'.repeat(276);
    expect(splitThread('x', Array.from({ length: 9 }, () => word).join(' '))).toEqual(Array.from({ length: 9 }, (_, index) => `${word} ${index + 1}/9`));
    const parts = splitThread('x', Array.from({ length: 10 }, () => word).join(' '));
    expectValidThread('x', parts);
    expect(parts.length).toBe(11);
  });

  it('keeps the sentence break before a sentence that starts with a URL', () => {
    const text = 'Read this first! https://example.com/a-long-page is the page.'; // 16 + 1 + 23 + 13 = 53 weighted
    expect(splitThread('x', text, { limit: 50 })).toEqual(['Read this first! 1/2', 'https://example.com/a-long-page is the page. 2/2']);
  });

  it('keeps only URLs whole inside a word: a hashtag or a mention is cut like any text', () => {
    expect(splitThread('x', `${'a'.repeat(272)}(#sometag)`)).toEqual([`${'a'.repeat(272)}(#so 1/2`, 'metag) 2/2']);
    expect(splitThread('x', `${'a'.repeat(272)}(@someone)`)).toEqual([`${'a'.repeat(272)}(@so 1/2`, 'meone) 2/2']);
  });

  it('splits on Bluesky a text within 300 graphemes but over 3,000 bytes', () => {
    const text = '👨‍👩‍👧'.repeat(200); // 200 graphemes, 3,600 bytes
    const parts = splitThread('bluesky', text);
    expect(parts.length).toBe(2);
    expectValidThread('bluesky', parts);
  });

  it('lets a limit override keep a long text whole on a platform without threads', () => {
    expect(splitThread('linkedin', 'a'.repeat(4000), { limit: 5000 })).toEqual(['a'.repeat(4000)]);
  });
});

describe('splitThread: what its errors say', () => {
  const caught = (run: () => unknown): AppError => {
    try {
      run();
    } catch (error) {
      if (AppError.isInstance(error)) return error;
      throw error;
    }
    throw new Error('expected an error');
  };

  it('gives the length, the limit and what to do on a platform without threads', () => {
    const error = caught(() => splitThread('linkedin', 'a'.repeat(4000)));
    expect(error.message).toBe('LinkedIn has no threads, and the text is 4000/3000 characters long.');
    expect(error.details).toEqual({ platform: 'linkedin', length: 4000, limit: 3000 });
    expect(error.hint).toBe('Shorten it to 3000 characters, or write it for a platform with threads (X, Bluesky, Threads, Mastodon).');
    expect(caught(() => splitThread('facebook', 'a'.repeat(200), { limit: 100 })).message).toBe('Facebook has no threads, and the text is 200/100 characters long.');
  });

  it('names the link that does not fit and how to shorten it', () => {
    const url = `https://example.com/${'a'.repeat(400)}`;
    const error = caught(() => splitThread('bluesky', `Look: ${url}`));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toBe('A link of 420 characters does not fit in one Bluesky post (limit 300).');
    expect(error.details).toEqual({ platform: 'bluesky', link: url, limit: 300 });
    expect(error.hint).toBe('Shorten the link (a link shortener, or the page without its query string).');
  });
});
