import { describe, expect, test } from 'vitest';
import { decodeEntities, htmlToText } from './html-to-text.js';
import { repairMojibake } from './mojibake-repair.js';

/** What Meta writes: each UTF-8 byte as one Latin-1 character. */
function mojibake(text: string): string {
  return String.fromCharCode(...new TextEncoder().encode(text));
}

describe('repairMojibake', () => {
  test('re-reads Latin-1 escapes of UTF-8 bytes', () => {
    expect(repairMojibake('\u00f0\u009f\u0098\u0080')).toBe('😀');
    expect(repairMojibake('Un Taxi \u00f0\u009f\u0087\u00a8\u00f0\u009f\u0087\u00b4')).toBe('Un Taxi 🇨🇴');
  });

  test.each([
    ['ZWJ family and skin tones', '👩🏽‍💻 👨‍👩‍👧‍👦 👍🏿'],
    ['CJK', '今天天气很好，适合写代码。'],
    ['RTL', 'שלום עולם مرحبا بالعالم'],
    ['accents', 'Crème brûlée à la française'],
  ])('repairs %s', (_name, text) => {
    expect(repairMojibake(mojibake(text))).toBe(text);
  });

  test('repairs every valid sequence, with C1 controls inside, also next to correct text', () => {
    expect(repairMojibake('3,50\u00e2\u0082\u00ac')).toBe('3,50€');
    expect(repairMojibake('Preis 3,50\u00e2\u0082\u00ac – super 😀 caf\u00c3\u00a9')).toBe('Preis 3,50€ – super 😀 café');
    expect(repairMojibake('\u00e2\u0080\u009cquoted\u00e2\u0080\u009d \u00e2\u0080\u0094 dash')).toBe('“quoted” — dash');
    // A broken sequence among good ones: the good ones are repaired, the broken byte stays.
    expect(repairMojibake('\u00f0\u009f\u0098\u0080 \u00e2\u0082 \u00c3\u00a9')).toBe('😀 \u00e2\u0082 é');
  });

  test('overlong and surrogate sequences are not UTF-8 and stay', () => {
    for (const text of ['\u00c0\u00af', '\u00e0\u0080\u00af', '\u00ed\u00a0\u0080']) expect(repairMojibake(text)).toBe(text);
  });

  test('leaves correct text alone', () => {
    for (const text of ['plain ascii', 'café (a real é)', '😀 already fine', '中文', 'naïve Ã alone', '', 'Crème brûlée à la française', '¡Olé! ¿Qué tal, señor?', 'Ærøskøbing Æ ß', '50 € and 3° — “fine”'])
      expect(repairMojibake(text)).toBe(text);
  });
});

describe('htmlToText', () => {
  test('keeps paragraphs and line breaks, drops tags, decodes entities', () => {
    expect(htmlToText('<p>First line<br />second &amp; &lt;third&gt;</p><p>Next paragraph &#39;quoted&#39; &#x1F600;</p>')).toBe(
      "First line\nsecond & <third>\n\nNext paragraph 'quoted' 😀",
    );
  });

  test("a Mastodon link keeps its full address; hashtags and mentions read as typed", () => {
    const html =
      '<p><a href="https://o3o.ca/tags/KingdomTime" class="mention hashtag" rel="tag">#<span>KingdomTime</span></a> hi <span class="h-card"><a href="https://m.s/@ann" class="u-url mention">@<span>ann</span></a></span><br /><a href="https://example.com/a?b=1&amp;c=2" rel="nofollow"><span class="invisible">https://</span><span class="ellipsis">example.com/a?b</span><span class="invisible">=1&amp;c=2</span></a></p>';
    expect(htmlToText(html)).toBe('#KingdomTime hi @ann\nhttps://example.com/a?b=1&c=2');
  });

  test('decodeEntities decodes once and leaves unknown references', () => {
    expect(decodeEntities('&amp;copy; &copy; &unknown; &#0; &#xD800;')).toBe('&copy; © &unknown; &#0; &#xD800;');
  });
});
