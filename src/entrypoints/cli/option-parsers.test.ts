import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { wholeNumber } from './option-parsers.js';

describe('wholeNumber', () => {
  it('accepts whole numbers in range, with spaces or a plus sign', () => {
    const limit = wholeNumber(1, 500);
    expect(limit('1')).toBe(1);
    expect(limit(' 500 ')).toBe(500);
    expect(limit('+20')).toBe(20);
    expect(wholeNumber(0)('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('refuses anything else, saying the range, instead of clamping or guessing', () => {
    const limit = wholeNumber(1, 500);
    for (const value of ['0', '501', '-1', '2.5', '1e3', '0x10', '', ' ', 'ten', '5 posts', '９']) {
      expect(() => limit(value), JSON.stringify(value)).toThrow(InvalidArgumentError);
      expect(() => limit(value)).toThrow('Expected a whole number from 1 to 500.');
    }
    expect(() => wholeNumber(0)('-3')).toThrow('Expected a whole number ≥ 0.');
    expect(() => wholeNumber(0)('9007199254740993')).toThrow(InvalidArgumentError);
  });
});
