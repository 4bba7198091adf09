import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../test/helpers/seeded-random.js';
import { countGraphemes, emojisOf, isEmojiGrapheme } from './text-units.js';

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
