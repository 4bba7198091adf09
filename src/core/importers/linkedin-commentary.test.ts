import { describe, expect, test } from 'vitest';
import { linkedInCommentary } from './linkedin-commentary.js';

/** How the 2024 export writes a post's lines inside the field (after CSV unquoting). */
const current = (...lines: string[]) => lines.join('"\n"');

describe('linkedInCommentary', () => {
  test('the 2024 layout: lines joined by "\\n" read as the post', () => {
    expect(linkedInCommentary(current('first line', '', 'second line', 'third'))).toBe('first line\n\nsecond line\nthird');
  });

  test('quotes the author typed stay: inside a line, at its start, at its end, a whole quoted line', () => {
    const lines = ['He said "Wow!" twice', '"Quoted" at the start', 'at the end "quoted"', '"a whole quoted line"', '', 'done'];
    expect(linkedInCommentary(current(...lines))).toBe(lines.join('\n'));
  });

  test('a line that is only a quote character, and a post that starts and ends with quotes', () => {
    expect(linkedInCommentary(current('before', '"', 'after'))).toBe('before\n"\nafter');
    expect(linkedInCommentary(current('"Fare Community"', '', 'Ero uno'))).toBe('"Fare Community"\n\nEro uno');
  });

  test('one-line posts are as written, typed quotes included', () => {
    expect(linkedInCommentary('"Tocket cos\'è?" Cit.')).toBe('"Tocket cos\'è?" Cit.');
    expect(linkedInCommentary('"')).toBe('"');
    expect(linkedInCommentary('')).toBe('');
  });

  test('the old layout (line breaks as written) is kept, also with typed quotes around some breaks', () => {
    expect(linkedInCommentary('We shipped it.\n\nThanks to "everyone", truly.')).toBe('We shipped it.\n\nThanks to "everyone", truly.');
    expect(linkedInCommentary('He said "yes"\n"No" she said\nand left')).toBe('He said "yes"\n"No" she said\nand left');
  });

  test('ambiguous: every break between typed quotes in the old layout reads as written', () => {
    // Old layout "A"\n"B": read the 2024 way it would be `"A` / `B"`, two lines with an odd quote count.
    expect(linkedInCommentary('"A"\n"B"')).toBe('"A"\n"B"');
    expect(linkedInCommentary('"one" and "two"\n"three"')).toBe('"one" and "two"\n"three"');
    // The 2024 layout of the lines `"A` / `B"` is the same characters: they cannot be told apart, and read as written.
    expect(linkedInCommentary(current('"opening', 'closing"'))).toBe('"opening"\n"closing"');
  });

  test('a tie (as many even-quoted lines either way) goes to the 2024 layout', () => {
    // 2024 lines `say "hi` / `there` (one odd); as written `say "hi"` / `"there` (one odd too).
    expect(linkedInCommentary(current('say "hi', 'there'))).toBe('say "hi\nthere');
    // Adjacent typed quotes count as two: `He typed "" twice` is even, `a 12" pizza` odd.
    expect(linkedInCommentary(current('He typed "" twice', 'a 12" pizza'))).toBe('He typed "" twice\na 12" pizza');
  });

  test('CRLF inside the field is a line break like LF', () => {
    expect(linkedInCommentary('line one"\r\n""\r\n"line two')).toBe('line one\n\nline two');
    expect(linkedInCommentary('old\r\nlayout')).toBe('old\nlayout');
  });
});
