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

/** UTF-16 units above ASCII (surrogate halves included): a run of them is one stretch. */
const NON_ASCII_RUN = /[\u0080-\uffff]+/g;

/**
 * The stretches of a text that need the segmenter: each run of non-ASCII
 * characters with the printable ASCII character on each side (a base that a
 * combining mark or keycap joins; a character a Prepend mark joins), merged
 * where they touch. Between two stretches there are only ASCII characters,
 * where every character is a grapheme except CR LF: segmenting ICU's way is
 * about 2 µs a grapheme, so most posts, mostly ASCII, skip it almost entirely.
 */
function segmentedStretches(text: string): Array<[number, number]> {
  const stretches: Array<[number, number]> = [];
  const printable = (index: number): boolean => {
    const code = text.charCodeAt(index);
    return code >= 0x20 && code < 0x7f;
  };
  for (const match of text.matchAll(NON_ASCII_RUN)) {
    const start = match.index > 0 && printable(match.index - 1) ? match.index - 1 : match.index;
    const runEnd = match.index + match[0].length;
    const end = runEnd < text.length && printable(runEnd) ? runEnd + 1 : runEnd;
    const last = stretches[stretches.length - 1];
    if (last && start <= last[1]) last[1] = end;
    else stretches.push([start, end]);
  }
  return stretches;
}

/** Graphemes of an ASCII stretch: one per character, CR LF counting once. */
function asciiGraphemes(text: string, start: number, end: number): number {
  let count = end - start;
  for (let index = text.indexOf('\r\n', start); index !== -1 && index + 1 < end; index = text.indexOf('\r\n', index + 2)) count -= 1;
  return count;
}

/** Number of graphemes (what a person calls characters). */
export function countGraphemes(text: string): number {
  // Pure ASCII without CR: one grapheme per unit; skip the segmenter.
  if (/^[\x20-\x7e\n\t]*$/.test(text)) return text.length;
  let count = 0;
  let cursor = 0;
  for (const [start, end] of segmentedStretches(text)) {
    count += asciiGraphemes(text, cursor, start);
    for (const _ of graphemeSegmenter.segment(text.slice(start, end))) count += 1;
    cursor = end;
  }
  return count + asciiGraphemes(text, cursor, text.length);
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
  // Every emoji grapheme lies inside a stretch the segmenter must see (a keycap's ASCII base included).
  return segmentedStretches(text).flatMap(([start, end]) => graphemesOf(text.slice(start, end)).filter(isEmojiGrapheme));
}
