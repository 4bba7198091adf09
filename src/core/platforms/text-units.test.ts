import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../test/helpers/seeded-random.js';
import { countGraphemes, emojisOf, graphemesOf, isEmojiGrapheme, utf8Length } from './text-units.js';

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const reference = (text: string): string[] => [...segmenter.segment(text)].map((segment) => segment.segment);

/** Pieces that join or split graphemes at ASCII edges: marks, keycaps, ZWJ, flags, Prepend, Hangul, CR LF. */
const PIECES = [
  'a', 'e', '1', '#', '*', ' ', '.', '\r', '\n', '\r\n', '\t', '\u0301', '\u0308', '\uFE0F', '\u20E3', '\u200D', '👋', '🏽', '👩', '💻',
  '🇫', '🇷', '🇩', '🇪', '\u0600', '\u0915', '\u094D', '\u0937', '\u1100', '\u1161', '\u11A8', 'é', '中', '©', '™', '☕', '\u0000', '\u007F',
];

describe('countGraphemes and emojisOf', () => {
  it('count like the segmenter over the whole text, whatever mix of ASCII and other scripts', () => {
    const random = seededRandom(7);
    for (let round = 0; round < 3000; round += 1) {
      const length = 1 + Math.floor(random() * 12);
      const text = Array.from({ length }, () => PIECES[Math.floor(random() * PIECES.length)]!).join('');
      const graphemes = reference(text);
      expect(countGraphemes(text), JSON.stringify(text)).toBe(graphemes.length);
      expect(emojisOf(text), JSON.stringify(text)).toEqual(graphemes.filter(isEmojiGrapheme));
    }
  });

  it('keeps a keycap, a family, a flag and a combining accent whole next to ASCII', () => {
    expect(countGraphemes('Call 1\uFE0F\u20E3 now')).toBe(10);
    expect(emojisOf('Call 1\uFE0F\u20E3 now, 👨‍👩‍👧‍👦 and 🇫🇷!')).toEqual(['1\uFE0F\u20E3', '👨‍👩‍👧‍👦', '🇫🇷']);
    expect(countGraphemes('cafe\u0301\r\nok')).toBe(7);
  });
});

describe('utf8Length', () => {
  it('gives 1 to 4 bytes a character, switching at U+0080, U+0800 and U+10000', () => {
    expect(utf8Length('')).toBe(0);
    expect(utf8Length('\u007F')).toBe(1);
    expect(utf8Length('\u0080')).toBe(2);
    expect(utf8Length('\u07FF')).toBe(2);
    expect(utf8Length('\u0800')).toBe(3);
    expect(utf8Length('\uFFFF')).toBe(3);
    expect(utf8Length('\u{10000}')).toBe(4);
    expect(utf8Length('a\u00E9\u65E5\u{1F680}')).toBe(new TextEncoder().encode('a\u00E9\u65E5\u{1F680}').length);
  });
});

describe('isEmojiGrapheme', () => {
  it('takes pictographs, flags and keycaps, and a text-style symbol only with VS16', () => {
    for (const emoji of ['☕', '🚀', '🇫🇷', '1\uFE0F\u20E3', '#\u20E3', '©\uFE0F', '▶\uFE0F']) expect(isEmojiGrapheme(emoji), emoji).toBe(true);
    for (const text of ['a', '1', '©', '®', '™', '▶', 'é', '中']) expect(isEmojiGrapheme(text), text).toBe(false);
  });
});

describe('graphemesOf and countGraphemes', () => {
  it('keep a combining accent with its letter and count CR LF once', () => {
    expect(graphemesOf('e\u0301x')).toEqual(['e\u0301', 'x']);
    expect(graphemesOf('')).toEqual([]);
    expect(countGraphemes('')).toBe(0);
    expect(countGraphemes('a\r\nb')).toBe(3);
    expect(countGraphemes('a\rb')).toBe(3);
    expect(countGraphemes('a\tb\n')).toBe(4);
  });

  it('find no emoji in a text with only text-style symbols', () => {
    expect(emojisOf('© 2026 ACME™')).toEqual([]);
    expect(emojisOf('')).toEqual([]);
  });
});
