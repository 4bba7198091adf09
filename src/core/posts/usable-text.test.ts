import { describe, expect, test } from 'vitest';
import { hasUsableText } from './usable-text.js';

describe('hasUsableText', () => {
  test('words in any script count', () => {
    for (const text of ['ok', 'We shipped it.', '挺有意思的', 'مرحبا', '𝗡𝗲𝘄 𝗽𝗿𝗲𝗽𝗿𝗶𝗻𝘁', 'v2', '#launch day', 'café ☕']) expect(hasUsableText(text), text).toBe(true);
  });

  test('no words: empty, emoji, separators, punctuation, bare links and mentions', () => {
    for (const text of ['', '   \n', '📸', '🇨🇴✨', '————', '* * *', '...', 'https://example.com/a-long-path-with-words', '@friend', '@someone@mastodon.social https://t.co/abc', 'x', '1'])
      expect(hasUsableText(text), text).toBe(false);
  });

  test('a link or mention with words around it is usable', () => {
    expect(hasUsableText('see https://example.com')).toBe(true);
    expect(hasUsableText('@friend thanks')).toBe(true);
    expect(hasUsableText('mail me: me@example.com')).toBe(true);
  });
});
