import { describe, expect, it } from 'vitest';
import { analyseEdit } from './edit-analysis.js';
import { isMajority } from './edit-guidance.js';
import { findPhraseHabits } from './edit-phrases.js';

const habits = (pairs: [string, string][]) => findPhraseHabits(pairs.map(([generated, approved]) => analyseEdit(generated, approved)), isMajority);

describe('findPhraseHabits', () => {
  it('keeps the longest phrase removed in most drafts that had it, with its usual replacement', () => {
    expect(
      habits([
        ['We are thrilled to announce our autumn blend.', 'We shipped our autumn blend.'],
        ['We are thrilled to announce a new roaster.', 'We shipped a new roaster.'],
      ]),
    ).toEqual([{ phrase: 'are thrilled to announce', replacement: 'shipped', count: 2, of: 2 }]);
    // With more evidence for a shorter phrase, it comes first; its replacement is still the usual one (2 of 3).
    expect(
      habits([
        ['We are thrilled to announce our autumn blend.', 'We shipped our autumn blend.'],
        ['We are thrilled to announce a new roaster.', 'We shipped a new roaster.'],
        ['Thrilled to announce longer hours.', 'Longer hours.'],
      ])[0],
    ).toEqual({ phrase: 'thrilled to announce', replacement: 'shipped', count: 3, of: 3 });
  });

  it('needs the phrase removed from two drafts at least, and from most of those that had it', () => {
    expect(habits([['Honestly the best cup.', 'The best cup.']])).toEqual([]);
    expect(
      habits([
        ['Honestly the best cup.', 'The best cup.'],
        ['Honestly a great bean.', 'A great bean.'],
        ['Honestly, come by.', 'Honestly, come by.'],
        ['Honestly we open early.', 'Honestly we open early.'],
      ]),
    ).toEqual([]);
    expect(
      habits([
        ['Honestly the best cup.', 'The best cup.'],
        ['Honestly a great bean.', 'A great bean.'],
        ['Honestly, come by.', 'Honestly, come by.'],
      ]),
    ).toEqual([{ phrase: 'honestly', count: 2, of: 3 }]);
  });

  it('gives no replacement when the words put in its place differ', () => {
    expect(
      habits([
        ['Truly delicious pastries.', 'Fresh pastries.'],
        ['Truly delicious coffee.', 'Strong coffee.'],
      ]),
    ).toEqual([{ phrase: 'truly delicious', count: 2, of: 2 }]);
  });

  it('leaves out short words, bare numbers, hashtags and links', () => {
    const phrases = habits([
      ['It is 2024 and so on #coffee https://a.example/x now.', 'Now.'],
      ['It is 2024 and so on #coffee https://b.example/y today.', 'Today.'],
    ]).map((habit) => habit.phrase);
    expect(phrases).toEqual(['2024 and so on', 'is 2024 and so', 'it is 2024 and']);
    expect(habits([['Ok so good.', 'Ok good.'], ['Ok so fine.', 'Ok fine.']])).toEqual([]);
    expect(
      habits([
        ['Open 1234 today.', 'Open today.'],
        ['Open 1234 tomorrow.', 'Open tomorrow.'],
      ]),
    ).toEqual([]);
  });

  it('accepts two characters in scripts written without spaces', () => {
    expect(
      habits([
        ['新品 咖啡 上市', '咖啡 上市'],
        ['新品 蛋糕 上市', '蛋糕 上市'],
      ]),
    ).toEqual([{ phrase: '新品', count: 2, of: 2 }]);
  });

  it('keeps at most five phrases, the most frequent first', () => {
    const filler = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot'];
    const pairs: [string, string][] = [];
    filler.forEach((word, index) => {
      for (let copy = 0; copy < 2 + (index === 5 ? 1 : 0); copy += 1) pairs.push([`Keep ${word} this.`, 'Keep this.']);
    });
    const found = habits(pairs);
    expect(found).toHaveLength(5);
    expect(found[0]).toEqual({ phrase: 'foxtrot', count: 3, of: 3 });
    expect(found.slice(1).map((habit) => habit.phrase)).toEqual(['alpha', 'bravo', 'charlie', 'delta']);
  });

  it('reads phrases only from the first 30 words of a long removed passage', () => {
    const passage = (tail: string) => `${Array.from({ length: 30 }, (_, index) => `word${index}x`).join(' ')} ${tail}`;
    const found = habits([
      [`Start ${passage('lateword')} end.`, 'Start end.'],
      [`Begin ${passage('lateword')} finish.`, 'Begin finish.'],
    ]);
    expect(found.some((habit) => habit.phrase.includes('lateword'))).toBe(false);
    expect(found.some((habit) => habit.phrase.includes('word0x'))).toBe(true);
  });
});
