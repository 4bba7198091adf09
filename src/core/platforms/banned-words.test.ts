import { describe, expect, it } from 'vitest';
import { findBannedWords } from './banned-words.js';

describe('findBannedWords', () => {
  it('finds words with regular-expression characters in them, like "game-changer" or "c++"', () => {
    expect(findBannedWords('A true game-changer, written in C++ (really).', ['game-changer', 'c++', '(really)'])).toEqual([
      { word: 'game-changer', count: 1 },
      { word: 'c++', count: 1 },
      { word: '(really)', count: 1 },
    ]);
  });

  it('matches whole words only, any case, phrases across spaces', () => {
    expect(findBannedWords('She said it was AI-ish', ['ai'])).toEqual([{ word: 'ai', count: 1 }]);
    expect(findBannedWords('She said so', ['ai'])).toEqual([]);
    expect(findBannedWords('Pure   Synergy here', ['pure synergy'])).toEqual([{ word: 'pure synergy', count: 1 }]);
  });
});
