import { describe, expect, it } from 'vitest';
import { measure } from '../platforms/text-length.js';
import { checkVariant, composeVariantText, markSiblingDuplicates, type VariantCheckContext } from './variant-check.js';

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
    // A listed tag that is not one word cannot be written as a hashtag: left out.
    expect(composeVariantText({ text: '  Hello  ', hashtags: ['two words', 'C++', 'ok_1'] })).toBe('Hello\n\n#ok_1');
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

  it('names the past post or the draft a variant nearly copies, with the similarity, from the threshold on', () => {
    const context = { ...base, references: [{ postId: 7, embedding: [1, 0] }], drafts: [{ postId: 9, embedding: [1, 0] }] };
    // cos = 1 / √1.09 ≈ 0.958
    expect(checkVariant('x', context, [1, 0.3]).violations).toEqual([
      {
        rule: 'near-duplicate',
        message: 'Nearly a copy of past post #7 (similarity 0.96): say it in new words or from another angle.',
        details: { postId: 7, similarity: 0.958 },
      },
      {
        rule: 'near-duplicate',
        message: 'Nearly the same as the existing draft #9 (similarity 0.96): take another angle, or use that draft.',
        details: { postId: 9, draft: true, similarity: 0.958 },
      },
    ]);
    // Exactly at the threshold counts; the context's threshold replaces the default 0.9.
    expect(checkVariant('x', { ...context, nearDuplicateThreshold: 1 }, [1, 0]).violations).toHaveLength(2);
    expect(checkVariant('x', context, [1, 1]).violations).toEqual([]);
    expect(checkVariant('x', { ...context, nearDuplicateThreshold: 0.7 }, [1, 1]).violations).toHaveLength(2);
  });

  it('sends back a voice score under the threshold (30 by default), naming at most four notes', () => {
    const scored = (score: number, notes: string[] = []) => ({ ...base, scoreVoice: () => ({ score, notes }) });
    expect(checkVariant('hello', scored(30)).valid).toBe(true);
    expect(checkVariant('hello', scored(29)).violations).toEqual([
      { rule: 'voice', message: 'Does not sound like this voice (score 29/100, below 30).', details: { score: 29, threshold: 30, notes: [] } },
    ]);
    const notes = ['one', 'two', 'three', 'four', 'five'];
    const result = checkVariant('hello', scored(10, notes));
    expect(result.violations[0]?.message).toBe('Does not sound like this voice (score 10/100, below 30): one; two; three; four.');
    expect(result.voiceNotes).toEqual(notes);
    expect(checkVariant('hello', { ...scored(50), voiceThreshold: 50 }).valid).toBe(true);
  });

  it('leaves the whole text’s length and size to the parts in a thread', () => {
    const text = Array.from({ length: 14 }, (_, index) => `Part ${index}: ${'word '.repeat(44)}`).join('\n\n');
    const bluesky = { ...base, platform: 'bluesky' as const };
    expect(checkVariant(text, bluesky).violations.map((violation) => violation.rule)).toEqual(expect.arrayContaining(['length', 'bytes']));
    expect(checkVariant(text, { ...bluesky, thread: true }).violations).toEqual([]);
  });

  it('gives a thread the length of its longest part', () => {
    const text = [`Opening: ${'word '.repeat(30)}`, `Middle part: ${'word '.repeat(45)}`, `Close: ${'word '.repeat(20)}`].join('\n\n');
    const result = checkVariant(text, { ...base, thread: true });
    const lengths = result.parts!.map((part) => measure('x', part).length);
    expect(result.length).toBe(Math.max(...lengths));
    expect(result.length).toBeGreaterThan(Math.min(...lengths));
  });
});

describe('markSiblingDuplicates', () => {
  it('names the earlier variant a variant repeats, and can run again without naming it twice', () => {
    const variant = (text: string, embedding: number[]) => checkVariant(text, base, embedding);
    const once = markSiblingDuplicates([variant('a', [1, 0]), variant('b', [0, 1]), variant('c', [0, 1])]);
    expect(once.map((entry) => entry.valid)).toEqual([true, true, false]);
    expect(once[2]?.violations).toEqual([
      { rule: 'near-duplicate', message: 'Nearly the same as variant 2 of this run (similarity 1.00): write a different take.', details: { variant: 2, similarity: 1 } },
    ]);
    expect(markSiblingDuplicates(once)).toEqual(once);
  });
});
