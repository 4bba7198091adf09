const utf8 = new TextDecoder('utf-8', { fatal: true });

/** One UTF-8 sequence written as Latin-1 characters: a lead byte and its continuation bytes (0x80–0xBF, C1 controls included). */
const SEQUENCE = /[\u00c2-\u00df][\u0080-\u00bf]|[\u00e0-\u00ef][\u0080-\u00bf]{2}|[\u00f0-\u00f4][\u0080-\u00bf]{3}/g;
const HIGH_LATIN1 = /[\u0080-\u00ff]/;

/**
 * Repairs Meta's mis-encoded exports, where UTF-8 bytes were written as
 * Latin-1 `\u00XX` escapes ("\u00f0\u009f\u0098\u0080" for 😀,
 * "3,50\u00e2\u0082\u00ac" for "3,50€").
 *
 * Each run of characters that spells one valid UTF-8 sequence (a lead byte
 * U+00C2–U+00F4 followed by the right number of U+0080–U+00BF) is re-read as
 * that character, wherever it is: the rest of the string may hold correct
 * text, and the sequence may hold C1 control characters (U+0080–U+009F,
 * which never appear in real text). Correct text is left alone: a Latin-1
 * letter is one only when followed by continuation characters that make a
 * valid sequence ("café", "naïve Ã alone", "à la" never are), and
 * overlong or surrogate sequences are not UTF-8 and stay as they are.
 */
export function repairMojibake(text: string): string {
  if (!HIGH_LATIN1.test(text)) return text;
  return text.replace(SEQUENCE, (sequence) => {
    const bytes = new Uint8Array(sequence.length);
    for (let index = 0; index < sequence.length; index++) bytes[index] = sequence.charCodeAt(index);
    try {
      return utf8.decode(bytes);
    } catch {
      return sequence;
    }
  });
}
