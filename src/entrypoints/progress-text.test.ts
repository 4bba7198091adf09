import { describe, expect, it } from 'vitest';
import { progressText } from './progress-text.js';

describe('progressText', () => {
  it("prefers the event's own message", () => {
    expect(progressText({ phase: 'writing', done: 1, total: 2, message: 'Variant 1 is written' })).toBe('Variant 1 is written');
  });

  it('gives the phase with its count and unit', () => {
    expect(progressText({ phase: 'checking', done: 1, total: 2, unit: 'variants' })).toBe('checking: 1/2 variants');
    expect(progressText({ phase: 'checking', done: 0, total: 2 })).toBe('checking: 0/2');
  });

  it('gives the count alone when the total is not known', () => {
    expect(progressText({ phase: 'indexing', done: 40, unit: 'posts' })).toBe('indexing: 40 posts');
  });

  it('gives the phase alone for an event without a count, or with an empty message', () => {
    expect(progressText({ phase: 'retrieving' })).toBe('retrieving');
    expect(progressText({ phase: 'retrieving', message: '' })).toBe('retrieving');
  });
});
