import { describe, expect, it } from 'vitest';
import { HABITS, featuresOf, habitsOf, prepareText, shapeOf } from './voice-features.js';

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
