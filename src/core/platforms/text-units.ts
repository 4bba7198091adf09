/**
 * Text units as people and platforms see them: graphemes (user-perceived
 * characters), UTF-8 bytes and emoji. JavaScript's `.length` counts UTF-16
 * units (an emoji with a skin tone is 4), which no platform uses.
 */

// A segmenter is stateless and costly to build: one per granularity is enough.
const graphemeSegmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

const PICTOGRAPHIC = /\p{Extended_Pictographic}/u;
const REGIONAL_INDICATOR = /\p{Regional_Indicator}/u;
const KEYCAP = /\u20E3/u;
// Shown as text unless followed by VS16 (U+FE0F): not emoji in ordinary writing.
const TEXT_STYLE_SYMBOLS = new Set(['©', '®', '™', '‼', '⁉', '↔', '↕', '▪', '▫', '◀', '▶', '☑', '✔', '✖', '〰', '〽', '㊗', '㊙']);

/** The graphemes of a text, in order. */
export function graphemesOf(text: string): string[] {
  const result: string[] = [];
  for (const { segment } of graphemeSegmenter.segment(text)) result.push(segment);
  return result;
}

/** Number of graphemes (what a person calls characters). */
export function countGraphemes(text: string): number {
  let count = 0;
  // Pure ASCII without CR: one grapheme per unit; skip the segmenter.
  if (/^[\x20-\x7e\n\t]*$/.test(text)) return text.length;
  for (const _ of graphemeSegmenter.segment(text)) count += 1;
  return count;
}

/** Size of the text in UTF-8 bytes. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (const char of text) {
    const codePoint = char.codePointAt(0) ?? 0;
    bytes += codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/** Whether one grapheme is an emoji (pictograph, flag, keycap), not a text-style symbol like ©. */
export function isEmojiGrapheme(grapheme: string): boolean {
  if (KEYCAP.test(grapheme)) return true;
  if (REGIONAL_INDICATOR.test(grapheme)) return true;
  if (!PICTOGRAPHIC.test(grapheme)) return false;
  if (TEXT_STYLE_SYMBOLS.has(grapheme)) return false;
  return true;
}

/** The emoji of a text, one entry per emoji grapheme, in order. */
export function emojisOf(text: string): string[] {
  if (!PICTOGRAPHIC.test(text) && !REGIONAL_INDICATOR.test(text) && !KEYCAP.test(text)) return [];
  return graphemesOf(text).filter(isEmojiGrapheme);
}
