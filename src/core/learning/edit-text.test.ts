import { describe, expect, it } from 'vitest';
import { countEmoji, countExclamations, countHashtags, openingOf, wordsOf } from './edit-text.js';

describe('edit-text measures', () => {
  it('counts emoji, hashtags and exclamation marks in any script', () => {
    expect(countEmoji('Launch 🚀 today ☕️ and 🎉')).toBe(3);
    expect(countEmoji('none')).toBe(0);
    expect(countHashtags('#coffee at dawn #BrewDay, not an#anchor, &#38; or #2024 but #東京')).toBe(3);
    expect(countHashtags('no tags')).toBe(0);
    expect(countExclamations('Wow! Really!! ¡Hola！')).toBe(5);
    expect(countExclamations('calm.')).toBe(0);
  });

  it('takes the first sentence of the first line as the opening', () => {
    expect(openingOf('  We shipped it. Then we slept.  ')).toBe('We shipped it.');
    expect(openingOf('First line without a stop\nSecond line.')).toBe('First line without a stop');
    expect(openingOf('Version 2.5 is out! Try it.')).toBe('Version 2.5 is out!');
    expect(openingOf('Wait… what?')).toBe('Wait…');
    expect(openingOf('出来た。次へ。')).toBe('出来た。');
    expect(openingOf('本当？はい！')).toBe('本当？');
    expect(openingOf('')).toBe('');
  });

  it('splits words lower-cased, keeping inner apostrophes, hyphens, signs of tags and mentions, and links as one token', () => {
    expect(wordsOf("Don’t e-mail @Jane about #Coffee: see https://example.com/a?b=c or www.example.org now")).toEqual([
      "don't",
      'e-mail',
      '@jane',
      'about',
      '#coffee',
      'see',
      '#link',
      'or',
      '#link',
      'now',
    ]);
    expect(wordsOf('Grüße aus 東京, 2024!')).toEqual(['grüße', 'aus', '東京', '2024']);
    expect(wordsOf('—')).toEqual([]);
  });
});
