import { describe, expect, it } from 'vitest';
import { HABITS, featuresOf, habitsOf, prepareText, shapeOf, wordGramId, wordsOf } from './voice-features.js';

describe('voice features', () => {
  it('masks every link to one token, dropping its host, unless asked to keep hosts', () => {
    const masked = prepareText('Read this https://bbc.in/1KXHq5J now and t.co/abc too');
    expect(masked).not.toMatch(/bbc|t\.co/u);
    expect(masked.match(/\u2197/gu)).toHaveLength(2);
    expect(prepareText('Read https://bbc.in/1KX', 'keep')).toContain('bbc.in');
    // Two posts that differ only in the link host have the same masked features.
    const first = featuresOf('Study finds sleep matters http://reut.rs/abc');
    const second = featuresOf('Study finds sleep matters https://n.pr/xyz');
    expect([...first.vector.ids].sort()).toEqual([...second.vector.ids].sort());
  });

  it('renders the shape of a text: casing per word, digits, emoji, links, punctuation', () => {
    expect(shapeOf(prepareText('Hello WORLD, it is 2024! 🎉 https://x.co/1'))).toBe('Aa AA, a a 9! E L');
    expect(shapeOf('i said NO')).toBe('a a AA');
  });

  it('counts habits in other scripts and languages too', () => {
    const habits = habitsOf(prepareText('¡Qué día! #Madrid @ana 😀😀\nПривет, мир!!'));
    const at = (name: (typeof HABITS)[number]): number => habits[HABITS.indexOf(name)] ?? NaN;
    expect(at('hashtags')).toBe(1);
    expect(at('mentions')).toBe(1);
    expect(at('emoji')).toBe(2);
    expect(at('lineBreaks')).toBe(1);
    expect(at('exclamations')).toBe(3);
    expect(at('punctuationRuns')).toBe(1);
    expect(at('capitals')).toBeGreaterThan(0);
  });

  it('gives each family unit length before weighting, so long and short texts weigh alike', () => {
    const short = featuresOf('ok then');
    const long = featuresOf('ok then '.repeat(40));
    const norm = (values: Float32Array): number => Math.sqrt(values.reduce((sum, value) => sum + value * value, 0));
    expect(Math.abs(norm(short.vector.values) - norm(long.vector.values))).toBeLessThan(0.2);
  });
});

/** FNV-1a of a string after a one-character family prefix, folded to 22 bits: how every feature id is made. */
function fnv(prefix: number, text: string): number {
  let value = Math.imul(0x811c9dc5 ^ prefix, 0x01000193);
  for (let index = 0; index < text.length; index += 1) value = Math.imul(value ^ text.charCodeAt(index), 0x01000193);
  return (value >>> 0) & ((1 << 22) - 1);
}
const CHARACTER = 0x63;
const WORD = 0x77;
const SHAPE = 0x73;
const HABIT = 0x68;

function vectorOf(text: string): Map<number, number> {
  const { vector } = featuresOf(text);
  return new Map([...vector.ids].map((id, index) => [id, vector.values[index] ?? NaN]));
}

function expectVector(actual: Map<number, number>, expected: Map<number, number>): void {
  expect([...actual.keys()].sort((a, b) => a - b)).toEqual([...expected.keys()].sort((a, b) => a - b));
  for (const [id, value] of expected) expect(actual.get(id)).toBeCloseTo(value, 6);
}

describe('prepareText', () => {
  it('turns every line ending into one \\n, collapses spaces and drops them around line breaks', () => {
    expect(prepareText('a\r\nb\rc\nd')).toBe('a\nb\nc\nd');
    expect(prepareText('  a \t  b \n c\n d \ne  ')).toBe('a b\nc\nd\ne');
    expect(prepareText('x \r\n y')).toBe('x\ny');
  });

  it('puts a masked or kept link between spaces', () => {
    expect(prepareText('see https://example.com/a.')).toBe('see \u2197 .');
    expect(prepareText('see https://example.com/a', 'keep')).toBe('see \u27e8example.com\u27e9');
  });
});

describe('shapeOf', () => {
  it('tells one-letter, capitalised, all-capital and camel words apart', () => {
    expect(shapeOf('I a Hello hello HELLO iPHONE iPhone 42 x2')).toBe('A a Aa a AA aA a 9 a9');
    expect(shapeOf('')).toBe('');
  });
});

describe('habitsOf', () => {
  it('measures length in characters (not UTF-16 units) and the share of capitals among letters', () => {
    const habits = habitsOf('AbC1😀');
    expect(habits[0]).toBe(Math.log1p(5));
    expect(habits[1]).toBe(2 / 3);
    expect(habitsOf('123 !!')[1]).toBe(0);
    expect(habitsOf('')[0]).toBe(0);
  });

  it('counts hashtags and mentions only at the start or after a space, digits included', () => {
    const habits = habitsOf('#a #2024 x#c #_ @b @99 y@z');
    expect(habits[2]).toBe(3);
    expect(habits[3]).toBe(2);
  });
});

describe('featuresOf', () => {
  it('builds exactly the character 1-4-grams, word 1-2-grams, shape 2-5-grams and habit bins, each family unit length times its weight', () => {
    const characters = 1 / Math.sqrt((1 + Math.log(2)) ** 2 + 8);
    const expected = new Map<number, number>([
      // " ab " padded: the space is seen twice.
      [fnv(CHARACTER, ' '), (1 + Math.log(2)) * characters],
      ...[' a', ' ab', ' ab ', 'a', 'ab', 'ab ', 'b', 'b '].map((gram): [number, number] => [fnv(CHARACTER, gram), characters]),
      ...['ab', '<s> ab', 'ab </s>'].map((gram): [number, number] => [fnv(WORD, gram), 1 / Math.sqrt(3)]),
      // shape "a", padded " a "
      ...[' a', ' a ', 'a '].map((gram): [number, number] => [fnv(SHAPE, gram), 0.5 / Math.sqrt(3)]),
      ...HABITS.map((_, habit): [number, number] => [fnv(HABIT, `${habit}:0`), 0.35 / Math.sqrt(10)]),
    ]);
    expectVector(vectorOf('ab'), expected);
  });

  it('reads words lowercased with sentence marks around them, repeated words sublinearly', () => {
    const vector = vectorOf('Go go');
    const norm = Math.sqrt((1 + Math.log(2)) ** 2 + 3);
    expect(vector.get(fnv(WORD, 'go'))).toBeCloseTo((1 + Math.log(2)) / norm, 6);
    for (const gram of ['<s> go', 'go go', 'go </s>']) expect(vector.get(fnv(WORD, gram))).toBeCloseTo(1 / norm, 6);
    for (const gram of ['<s>', '</s>', 'Go', 'GO', '<s> </s>']) expect(vector.has(fnv(WORD, gram))).toBe(false);
    expect(wordGramId('go go')).toBe(fnv(WORD, 'go go'));
    expect(wordsOf('Hi @Ann, 🎉 #Yes \u2197')).toEqual(['hi', '@ann', ',', '🎉', '#yes', '\u2197']);
    expect(wordsOf('')).toEqual([]);
  });

  it('bins each habit at its upper edges, an edge itself going to the bin above', () => {
    const binsOf = (text: string): number[] => {
      const vector = vectorOf(text);
      return HABITS.map((_, habit) => [0, 1, 2, 3, 4, 5, 6].filter((bin) => vector.has(fnv(HABIT, `${habit}:${bin}`)))).map((bins) => (bins.length === 1 ? (bins[0] ?? -1) : -1));
    };
    // length: 39 characters is under the first edge (40), 40 is on it.
    expect(binsOf('a'.repeat(39))[0]).toBe(0);
    expect(binsOf('a'.repeat(40))[0]).toBe(1);
    expect(binsOf('a'.repeat(600))[0]).toBe(6);
    // capitals: 1 in 10 letters is on the edge 0.1 (bin 3); 1 in 11 under it.
    expect(binsOf('Abcdefghij')[1]).toBe(3);
    expect(binsOf('Abcdefghijk')[1]).toBe(2);
    // hashtags: 0, 1, 2, 3 and 5 land in bins 0, 1, 2, 3, 3.
    expect([0, 1, 2, 3, 5].map((count) => binsOf(['x', ...Array.from({ length: count }, (_, index) => `#t${index}`)].join(' '))[2])).toEqual([0, 1, 2, 3, 3]);
  });
});
