import { describe, expect, it } from 'vitest';
import type { CheckedVariant } from './variant-check.js';
import { variantProgressEvent } from './variant-progress.js';

const variant = (fields: Partial<CheckedVariant> = {}): CheckedVariant => ({
  text: 'Fresh beans.',
  length: 12,
  limit: 280,
  valid: true,
  violations: [],
  voiceScore: 82,
  voiceNotes: [],
  hashtags: [],
  ...fields,
});

describe('variantProgressEvent', () => {
  it('announces a finished variant with its figures, counted from one', () => {
    expect(variantProgressEvent(variant(), 0, 3, 1234)).toEqual({
      phase: 'variant',
      message: 'Variant 1 of 3 written after 1.2 s (12/280 characters, voice 82/100, ok).',
      variant: { index: 0, text: 'Fresh beans.', length: 12, limit: 280, valid: true, voiceScore: 82, elapsedMs: 1234 },
    });
  });

  it('says when there is no voice score, and how many problems are left to repair', () => {
    const one = [{ rule: 'length' as const, message: 'Too long.' }];
    expect(variantProgressEvent(variant({ voiceScore: null, valid: false, violations: one }), 1, 2, 500).message).toBe(
      'Variant 2 of 2 written after 0.5 s (12/280 characters, no voice score, 1 problem to repair).',
    );
    expect(variantProgressEvent(variant({ valid: false, violations: [...one, ...one] }), 1, 2, 500).message).toContain('2 problems to repair');
  });
});
