/**
 * The small text measures edit learning needs, in any script: emoji,
 * hashtags, exclamation marks, length in characters, the opening sentence,
 * and words. Kept here (not shared with the voice score) so that the two
 * can change independently.
 */

const EMOJI = /\p{Extended_Pictographic}/gu;
const HASHTAG = /(^|[^\p{L}\p{N}_&])#[\p{L}\p{N}_]*\p{L}[\p{L}\p{N}_]*/gu;
const EXCLAMATION = /[!！¡]/g;
/** Letters and digits with inner apostrophes or hyphens: "don't", "e-mail", "Grüße", "東京". */
const WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;

export function countEmoji(text: string): number {
  return text.match(EMOJI)?.length ?? 0;
}

export function countHashtags(text: string): number {
  return text.match(HASHTAG)?.length ?? 0;
}

export function countExclamations(text: string): number {
  return text.match(EXCLAMATION)?.length ?? 0;
}

/** Length in user-perceived characters (a flag or a family emoji is one). */
export function characterLength(text: string): number {
  let count = 0;
  for (const _ of segmenter.segment(text.trim())) count += 1;
  return count;
}

/** The first sentence (or first line), trimmed: what a reader sees first. */
export function openingOf(text: string): string {
  const trimmed = text.trim();
  const line = trimmed.split(/\n/, 1)[0] ?? '';
  const sentence = /^.+?[.!?。！？…](?=\s|$)/su.exec(line);
  return (sentence ? sentence[0] : line).trim();
}

/** Words, lower-cased, in order: the units of the phrase diff. */
export function wordsOf(text: string): string[] {
  return (text.toLowerCase().match(WORD) ?? []).map((word) => word.replace(/’/g, "'"));
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
