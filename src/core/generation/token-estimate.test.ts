import { describe, expect, it } from 'vitest';
import { estimateMessagesTokens, estimateTokens, truncateToTokens } from './token-estimate.js';

describe('estimateTokens', () => {
  it('counts about 4 Latin characters per token, one per CJK character, two per emoji', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('abcdefgh')).toBe(2);
    expect(estimateTokens('咖啡很好喝')).toBe(5);
    expect(estimateTokens('☕☕')).toBe(4);
    expect(estimateTokens('abcde')).toBe(2);
  });

  it('adds framing per message', () => {
    expect(estimateMessagesTokens([{ content: 'abcd' }, { content: '' }])).toBe(2 + 4 + 1 + 4);
  });
});

describe('truncateToTokens', () => {
  it('returns a text that fits unchanged', () => {
    expect(truncateToTokens('short text', 10)).toBe('short text');
    expect(truncateToTokens('a'.repeat(40), 10)).toBe('a'.repeat(40));
  });

  it('cuts at a word boundary, marks the cut, and stays within the budget', () => {
    const text = 'espresso '.repeat(100);
    const cut = truncateToTokens(text, 20);
    expect(cut.endsWith('espresso…')).toBe(true);
    expect(estimateTokens(cut)).toBeLessThanOrEqual(20);
  });

  it('cuts CJK text by its own cost', () => {
    const cut = truncateToTokens('咖'.repeat(50), 10);
    expect(estimateTokens(cut)).toBeLessThanOrEqual(10);
    expect(cut.length).toBeGreaterThan(5);
  });

  it('spends the budget to the last quarter token, keeping one for the mark', () => {
    expect(truncateToTokens('abcdefghijklmnop', 3)).toBe('abcdefgh…');
    expect(truncateToTokens('☕'.repeat(10), 5)).toBe('☕☕…');
  });

  it('cuts at the last space only when it is past 70% of the cut', () => {
    // Cuts of 20 characters: a space at 12 is too early, at 14 just too early, at 15 late enough.
    expect(truncateToTokens(`${'a'.repeat(12)} ${'b'.repeat(30)}`, 6)).toBe(`${'a'.repeat(12)} ${'b'.repeat(7)}…`);
    expect(truncateToTokens(`${'a'.repeat(14)} ${'b'.repeat(30)}`, 6)).toBe(`${'a'.repeat(14)} ${'b'.repeat(5)}…`);
    expect(truncateToTokens(`${'a'.repeat(15)} ${'b'.repeat(30)}`, 6)).toBe(`${'a'.repeat(15)}…`);
  });

  it('leaves no space before the mark', () => {
    expect(truncateToTokens(`${'a'.repeat(17)}   ${'b'.repeat(30)}`, 6)).toBe(`${'a'.repeat(17)}…`);
  });
});
