import { describe, expect, it } from 'vitest';
import { anyOfQuery, salientTerms } from './topic-terms.js';

describe('salientTerms', () => {
  it('keeps the longer, rarer words of a topic and drops stop words', () => {
    expect(salientTerms('Write about our new cold brew for the summer')).toEqual(['summer', 'cold', 'brew']);
  });

  it('keeps words of three letters or more, without trailing apostrophes or hyphens, composed', () => {
    expect(salientTerms("tea ox roasters' latte- cafe\u0301")).toEqual(['roasters', 'latte', 'café', 'tea']);
  });

  it('keeps the 8 longest terms unless told otherwise', () => {
    const topic = 'aaaaaaaaaaa bbbbbbbbbb ccccccccc dddddddd eeeeeee ffffff ggggg hhhh iii';
    expect(salientTerms(topic)).toEqual(['aaaaaaaaaaa', 'bbbbbbbbbb', 'ccccccccc', 'dddddddd', 'eeeeeee', 'ffffff', 'ggggg', 'hhhh']);
    expect(salientTerms(topic, 2)).toEqual(['aaaaaaaaaaa', 'bbbbbbbbbb']);
  });

  it('cuts CJK runs into overlapping two-character pieces', () => {
    expect(salientTerms('咖啡豆烘焙')).toEqual(['咖啡', '啡豆', '豆烘', '烘焙']);
  });

  it('quotes every term so none is read as an operator', () => {
    expect(anyOfQuery(['or', 'cold "brew"'])).toBe('"or" OR "cold brew"');
  });
});
