/**
 * The small text measures edit learning needs, in any script: emoji,
 * hashtags, exclamation marks, length in characters, the opening sentence,
 * and words. Kept here (not shared with the voice score) so that the two
 * can change independently.
 */

const EMOJI = /\p{Extended_Pictographic}/gu;
const HASHTAG = /(^|[^\p{L}\p{N}_&])#[\p{L}\p{N}_]*\p{L}[\p{L}\p{N}_]*/gu;
const EXCLAMATION = /[!！¡]/g;
/** Letters and digits with inner apostrophes or hyphens ("don't", "e-mail", "Grüße", "東京"); a hashtag or mention keeps its sign. */
const WORD = /[#@]?[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;
const URL = /\b(?:https?:\/\/|www\.)\S+/giu;

export function countEmoji(text: string): number {
  return text.match(EMOJI)?.length ?? 0;
}

export function countHashtags(text: string): number {
  return text.match(HASHTAG)?.length ?? 0;
}

export function countExclamations(text: string): number {
  return text.match(EXCLAMATION)?.length ?? 0;
}

/** Latin text up to the spacing modifiers, dashes, quotes and currency signs: one UTF-16 unit per character. */
const SIMPLE = /^[\t\n\r\u0020-\u02ff\u2010-\u2027\u2030-\u205e\u20a0-\u20c0]*$/;
const MARK = /\p{M}/u;
const LETTER = /\p{L}/u;
/** Viramas that join the next consonant into one character (Devanagari, Bengali, Gujarati, Oriya, Telugu, Malayalam). */
const LINKERS = new Set([0x094d, 0x09cd, 0x0acd, 0x0b4d, 0x0c4d, 0x0d4d]);

/**
 * Length in user-perceived characters (a flag, a family emoji or a letter
 * with its accents is one). Intl.Segmenter says the same but costs ~0.3 ms a
 * post, which learning from 50 pairs on every generation cannot afford; this
 * joins what it joins in practice: combining marks and variation selectors,
 * zero-width-joined sequences, skin tones, flag pairs and tag sequences.
 */
export function characterLength(text: string): number {
  const trimmed = text.trim();
  if (SIMPLE.test(trimmed)) return trimmed.length;
  let count = 0;
  let joinNext: 'any' | 'letter' | false = false;
  let openFlag = false;
  for (const character of trimmed) {
    const code = character.codePointAt(0)!;
    // After a zero-width joiner, or a letter after a virama (an Indic conjunct): the same character.
    const joined = joinNext === 'any' || (joinNext === 'letter' && LETTER.test(character));
    joinNext = code === 0x200d ? 'any' : LINKERS.has(code) ? 'letter' : false;
    if (joined || joinNext !== false) continue;
    if (code >= 0x300 && (MARK.test(character) || (code >= 0x1f3fb && code <= 0x1f3ff) || (code >= 0xe0020 && code <= 0xe007f))) continue;
    const regional = code >= 0x1f1e6 && code <= 0x1f1ff;
    if (regional && openFlag) {
      openFlag = false;
      continue;
    }
    openFlag = regional;
    count += 1;
  }
  return count;
}

/** The first sentence (or first line), trimmed: what a reader sees first. */
export function openingOf(text: string): string {
  const trimmed = text.trim();
  const line = trimmed.split(/\n/, 1)[0] ?? '';
  // Latin stops end a sentence before a space ("2.5" does not); CJK stops end it where they stand (no spaces follow them).
  const sentence = /^.+?(?:[.!?…](?=\s|$)|[。！？])/su.exec(line);
  return (sentence ? sentence[0] : line).trim();
}

/** Words, lower-cased, in order: the units of the phrase diff. Links read as the token "#link". */
export function wordsOf(text: string): string[] {
  // A link is one token: its parts are not words a person would name.
  return (text.toLowerCase().replace(URL, ' #link ').match(WORD) ?? []).map((word) => word.replace(/’/g, "'"));
}

