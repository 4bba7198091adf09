import { describe, expect, it } from 'vitest';
import { diffWords } from './word-diff.js';

const words = (text: string) => text.split(' ').filter(Boolean);

describe('diffWords', () => {
  it('finds nothing between identical texts', () => {
    expect(diffWords(words('we roast on tuesdays'), words('we roast on tuesdays'))).toEqual([]);
    expect(diffWords([], [])).toEqual([]);
  });

  it('shows a replaced phrase as one hunk, words removed and words added', () => {
    expect(diffWords(words('we are excited to announce our new blend'), words('we shipped our new blend'))).toEqual([
      { removed: ['are', 'excited', 'to', 'announce'], added: ['shipped'] },
    ]);
  });

  it('keeps separate edits apart, at the start, in the middle and at the end', () => {
    expect(diffWords(words('so today we roast beans'), words('today we really roast beans now'))).toEqual([
      { removed: ['so'], added: [] },
      { removed: [], added: ['really'] },
      { removed: [], added: ['now'] },
    ]);
    expect(diffWords(words('a b c'), [])).toEqual([{ removed: ['a', 'b', 'c'], added: [] }]);
    expect(diffWords([], words('a b'))).toEqual([{ removed: [], added: ['a', 'b'] }]);
  });

  it('keeps the longest common run of words', () => {
    // "b c d" is kept, not the lone "a".
    expect(diffWords(words('a b c d'), words('b c d a'))).toEqual([
      { removed: ['a'], added: [] },
      { removed: [], added: ['a'] },
    ]);
  });

  it('compares the first 600 words only', () => {
    const long = Array.from({ length: 600 }, (_, index) => `w${index}`);
    expect(diffWords([...long, 'tail'], [...long, 'other', 'tail2'])).toEqual([]);
    expect(diffWords([...long.slice(0, 599), 'last'], long)).toEqual([{ removed: ['last'], added: ['w599'] }]);
  });
});
