const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Repairs Meta's mis-encoded exports, where UTF-8 bytes were written as
 * Latin-1 `\u00XX` escapes ("\u00f0\u009f\u0098\u0080" for 😀).
 *
 * The string is re-read as UTF-8 bytes only when it has exactly that shape:
 * every code unit below 0x100, at least one above 0x7F, and the bytes form
 * valid UTF-8. Correct text ("café" with a real é, any emoji, CJK) is
 * returned unchanged.
 */
export function repairMojibake(text: string): string {
  let high = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0xff) return text;
    if (code > 0x7f) high = true;
  }
  if (!high) return text;
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  try {
    return utf8.decode(bytes);
  } catch {
    return text;
  }
}
