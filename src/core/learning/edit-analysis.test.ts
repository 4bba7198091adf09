import { describe, expect, it } from 'vitest';
import { analyseEdit, containsPhrase } from './edit-analysis.js';

describe('analyseEdit', () => {
  it('measures both texts: emoji, hashtags, exclamations, length, opening and the word diff', () => {
    const delta = analyseEdit('Big news! 🎉 Our roaster is here! #coffee #news', 'Our roaster is here. Come by.');
    expect(delta).toMatchObject({
      unchanged: false,
      emoji: { before: 1, after: 0 },
      hashtags: { before: 2, after: 0 },
      exclamations: { before: 2, after: 0 },
      length: { before: 46, after: 29 },
      opening: { before: 9, after: 20 },
    });
    expect(delta.wordsBefore).toEqual(['big', 'news', 'our', 'roaster', 'is', 'here', '#coffee', '#news']);
    expect(delta.wordsAfter).toEqual(['our', 'roaster', 'is', 'here', 'come', 'by']);
    expect(delta.hunks).toEqual([
      { removed: ['big', 'news'], added: [] },
      { removed: ['#coffee', '#news'], added: ['come', 'by'] },
    ]);
  });

  it('calls an approval that only trimmed the draft unchanged', () => {
    expect(analyseEdit('  Same text.\n', 'Same text.').unchanged).toBe(true);
    expect(analyseEdit('Same text.', 'Same text!').unchanged).toBe(false);
  });
});

describe('containsPhrase', () => {
  const words = ['we', 'are', 'excited', 'to', 'announce'];
  it('finds a run of words anywhere, in order', () => {
    expect(containsPhrase(words, ['we', 'are'])).toBe(true);
    expect(containsPhrase(words, ['to', 'announce'])).toBe(true);
    expect(containsPhrase(words, ['excited'])).toBe(true);
    expect(containsPhrase(words, words)).toBe(true);
  });

  it('finds no phrase that is empty, longer than the text, out of order or broken up', () => {
    expect(containsPhrase(words, [])).toBe(false);
    expect(containsPhrase(['we'], ['we', 'are'])).toBe(false);
    expect(containsPhrase(words, ['are', 'we'])).toBe(false);
    expect(containsPhrase(words, ['we', 'excited'])).toBe(false);
    expect(containsPhrase(words, ['announce', 'it'])).toBe(false);
    expect(containsPhrase(['to', 'be', 'to', 'announce'], ['to', 'announce'])).toBe(true);
  });
});
