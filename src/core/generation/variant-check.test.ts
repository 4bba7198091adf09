import { describe, expect, it } from 'vitest';
import { checkVariant, composeVariantText, type VariantCheckContext } from './variant-check.js';

const base: VariantCheckContext = {
  platform: 'x',
  voice: { bannedWords: ['synergy'], hashtagPolicy: 'platform-norm', emojiPolicy: 'free' },
  thread: false,
  references: [],
};

describe('composeVariantText', () => {
  it('appends listed hashtags the text lacks, once', () => {
    expect(composeVariantText({ text: 'Hello #coffee', hashtags: ['Coffee', 'Tea'] })).toBe('Hello #coffee\n\n#Tea');
    expect(composeVariantText({ text: 'Hello', hashtags: [] })).toBe('Hello');
  });
});

describe('checkVariant', () => {
  it('measures as the platform counts and reports a valid text', () => {
    const result = checkVariant('Café ☕ https://example.com/a/very/long/path/that/is/shortened', base);
    expect(result).toMatchObject({ valid: true, violations: [], limit: 280, voiceScore: null });
    expect(result.length).toBe(5 + 2 + 1 + 23);
  });

  it('names platform and voice-guide violations', () => {
    const result = checkVariant(`${'synergy '.repeat(40)}#a #b #c`, base);
    expect(result.valid).toBe(false);
    expect(result.violations.map((violation) => violation.rule).sort()).toEqual(['banned-word', 'hashtags', 'length']);
  });

  it('flags a near-copy of a reference post by id, from the threshold', () => {
    const context = { ...base, references: [{ postId: 7, embedding: [1, 0] }, { postId: 8, embedding: [0, 1] }] };
    expect(checkVariant('x', context, [0.1, 1]).violations[0]).toMatchObject({ rule: 'near-duplicate', details: { postId: 8 } });
    expect(checkVariant('x', context, [1, 1]).violations).toEqual([]);
  });

  it('turns a low voice score into a violation with its notes', () => {
    const context = { ...base, voiceThreshold: 50, scoreVoice: () => ({ score: 31.6, notes: ['far longer than usual'] }) };
    const result = checkVariant('hello', context);
    expect(result.voiceScore).toBe(32);
    expect(result.violations).toEqual([expect.objectContaining({ rule: 'voice', message: expect.stringContaining('far longer than usual') })]);
  });

  it('checks each thread part instead of the whole', () => {
    const text = Array.from({ length: 5 }, (_, index) => `Paragraph ${index}: ${'word '.repeat(40)}`).join('\n\n');
    const result = checkVariant(text, { ...base, thread: true });
    expect(result.valid).toBe(true);
    expect(result.parts?.length).toBeGreaterThan(1);
    expect(result.length).toBeLessThanOrEqual(280);
    const plain = checkVariant(text, base);
    expect(plain.violations.map((violation) => violation.rule)).toEqual(['length']);
  });
});
