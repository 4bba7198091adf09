import { describe, expect, it } from 'vitest';
import { phraseHint } from './hint-phrasing.js';

describe('phraseHint', () => {
  const hint = 'Drop {{--thread|"thread": true}}, or import with {{`smm import`|import_posts}} first.';

  it('gives the CLI its flags and commands', () => {
    expect(phraseHint(hint, 'cli')).toBe('Drop --thread, or import with `smm import` first.');
  });

  it('gives API callers their fields and operations', () => {
    expect(phraseHint(hint, 'api')).toBe('Drop "thread": true, or import with import_posts first.');
  });

  it('leaves hints without alternatives, and missing hints, as they are', () => {
    expect(phraseHint('Try again.', 'api')).toBe('Try again.');
    expect(phraseHint(undefined, 'cli')).toBeUndefined();
    expect(phraseHint('A {single} brace or a | bar stays.', 'cli')).toBe('A {single} brace or a | bar stays.');
  });
});
