import { describe, expect, test } from 'vitest';
import { repairMojibake } from './mojibake-repair.js';

/** What Meta writes: each UTF-8 byte of the text as one Latin-1 character. */
function mojibake(text: string): string {
  return String.fromCharCode(...new TextEncoder().encode(text));
}

describe('repairMojibake at the edges of UTF-8', () => {
  test.each([
    ['two-byte, lowest lead (U+00A3 £, lead C2)', 'Preis: £12 und 30°'],
    ['two-byte, highest lead (N’Ko, lead DF)', 'ߒߞߏ ߞߊ߲'],
    ['two-byte, lowest continuation (À is C3 80)', 'À bientôt'],
    ['two-byte, highest continuation (ÿ is C3 BF)', "L'Haÿ-les-Roses"],
    ['three-byte, lowest lead (Devanagari, lead E0)', 'नमस्ते दुनिया'],
    ['three-byte, Thai (lead E0)', 'สวัสดีครับ'],
    ['three-byte, highest lead (halfwidth forms, lead EF)', '￥１２３ ｶﾀｶﾅ'],
    ['four-byte, lowest lead (emoji, lead F0)', 'Feliz 🎉🇧🇷'],
    ['four-byte, highest lead (plane 16, lead F4)', 'private \u{100000}\u{10fffd}'],
    ['punctuation with 80 inside (… is E2 80 A6)', '“Wait…” — she said'],
  ])('repairs %s', (_name, text) => {
    expect(repairMojibake(mojibake(text))).toBe(text);
  });

  test('a lead character without enough continuation characters stays as written', () => {
    for (const text of ['\u00c2', 'A\u00e0\u0080', '\u00f0\u009f\u0098 end', '\u00c3 \u00a9', '\u00f5\u0080\u0080\u0080', '\u00c1\u0081'])
      expect(repairMojibake(text)).toBe(text);
  });

  test('an overlong or surrogate sequence is not UTF-8: it stays, and the text around it is still repaired', () => {
    expect(repairMojibake('x\u00e0\u0080\u00af y \u00c3\u00a9')).toBe('x\u00e0\u0080\u00af y é');
    expect(repairMojibake('\u00ed\u00a0\u0080\u00c3\u00bc')).toBe('\u00ed\u00a0\u0080ü');
  });

  test('only as many continuation characters as the lead asks for are taken', () => {
    expect(repairMojibake('\u00c3\u00a9\u00a9')).toBe('é\u00a9');
    expect(repairMojibake('\u00e2\u0082\u00ac\u00ac')).toBe('€\u00ac');
  });
});

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
