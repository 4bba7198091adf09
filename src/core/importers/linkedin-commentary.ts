import { normaliseNewlines } from './import-helpers.js';

const SEPARATOR = '"\n"';

/**
 * A LinkedIn `ShareCommentary` cell (already CSV-unquoted) as the post reads
 * on LinkedIn.
 *
 * Since 2024 LinkedIn writes each line of a multi-line post wrapped in
 * quotes inside the field, so after CSV unquoting the lines are joined by
 * `"\n"` instead of `\n`: `line one"\n""\n"line two` is `line one\n\nline two`.
 * Older exports (and one-line posts) hold the text as written.
 *
 * The rule, decided per field (an export may mix both): the field is in the
 * 2024 layout when it has a line break and every line break sits between
 * two quotes; its lines are then the pieces between those `"\n"`
 * separators, and every other quote is one the author typed. One case reads
 * both ways: an old-layout post whose every line ends and the next begins
 * with a quote the author typed (`"A"\n"B"`). Then the reading that leaves
 * more lines with an even number of quotes wins (typed quotes come in
 * pairs), and a tie goes to the 2024 layout, which every current export has.
 */
export function linkedInCommentary(field: string): string {
  const text = normaliseNewlines(field);
  if (!text.includes('\n')) return text;
  const current = text.split(SEPARATOR);
  // Every line break consumed by a separator: the count of pieces is one more than of line breaks.
  if (current.length - 1 !== countLineBreaks(text) || current.some((line) => line.includes('\n'))) return text;
  const asWritten = text.split('\n');
  return evenQuoteLines(current) >= evenQuoteLines(asWritten) ? current.join('\n') : text;
}

function countLineBreaks(text: string): number {
  let count = 0;
  for (let index = text.indexOf('\n'); index >= 0; index = text.indexOf('\n', index + 1)) count++;
  return count;
}

function evenQuoteLines(lines: readonly string[]): number {
  let even = 0;
  for (const line of lines) {
    let quotes = 0;
    for (let index = line.indexOf('"'); index >= 0; index = line.indexOf('"', index + 1)) quotes++;
    if (quotes % 2 === 0) even++;
  }
  return even;
}
