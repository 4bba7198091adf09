import { describe, expect, it } from 'vitest';
import { estimateMessagesTokens, estimateTokens, truncateToTokens } from './token-estimate.js';

describe('estimateTokens', () => {
  it('counts about 4 Latin characters per token, one per CJK character, two per emoji', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('abcdefgh')).toBe(2);
    expect(estimateTokens('咖啡很好喝')).toBe(5);
    expect(estimateTokens('☕☕')).toBe(4);
  });

  it('adds framing per message', () => {
    expect(estimateMessagesTokens([{ content: 'abcd' }, { content: '' }])).toBe(2 + 4 + 1 + 4);
  });
});

describe('truncateToTokens', () => {
  it('returns a text that fits unchanged', () => {
    expect(truncateToTokens('short text', 10)).toBe('short text');
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
});
