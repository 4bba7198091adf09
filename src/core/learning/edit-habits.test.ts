import { describe, expect, it } from 'vitest';
import type { EditDelta } from './edit-analysis.js';
import { EDIT_HABITS, median } from './edit-habits.js';

const habit = (id: string) => EDIT_HABITS.find((candidate) => candidate.id === id)!;
const pair = (before: number, after: number) => ({ before, after });

function delta(fields: Partial<EditDelta> = {}): EditDelta {
  return {
    unchanged: false,
    emoji: pair(0, 0),
    hashtags: pair(0, 0),
    exclamations: pair(0, 0),
    length: pair(100, 100),
    opening: pair(30, 30),
    wordsBefore: [],
    wordsAfter: [],
    hunks: [],
    ...fields,
  };
}

describe('EDIT_HABITS', () => {
  it('counts only drafts that had emoji for removing them, and says whether all were removed', () => {
    const removes = habit('removes-emoji');
    expect(removes.applies(delta())).toBe(false);
    expect(removes.applies(delta({ emoji: pair(1, 1) }))).toBe(true);
    expect(removes.shows(delta({ emoji: pair(2, 1) }))).toBe(true);
    expect(removes.shows(delta({ emoji: pair(2, 2) }))).toBe(false);
    expect(removes.describe([delta({ emoji: pair(2, 0) }), delta({ emoji: pair(1, 0) })])).toBe('removes emoji');
    expect(removes.describe([delta({ emoji: pair(2, 0) }), delta({ emoji: pair(3, 1) })])).toBe('removes some emoji');
  });

  it('sees emoji and hashtags added in any draft', () => {
    expect(habit('adds-emoji').applies(delta())).toBe(true);
    expect(habit('adds-emoji').shows(delta({ emoji: pair(1, 2) }))).toBe(true);
    expect(habit('adds-emoji').shows(delta({ emoji: pair(1, 1) }))).toBe(false);
    expect(habit('adds-hashtags').applies(delta())).toBe(true);
    expect(habit('adds-hashtags').shows(delta({ hashtags: pair(0, 1) }))).toBe(true);
    expect(habit('adds-hashtags').shows(delta({ hashtags: pair(1, 1) }))).toBe(false);
  });

  it('counts a length change of 15% or more, either way, with the median change in words', () => {
    const shortens = habit('shortens');
    const lengthens = habit('lengthens');
    expect(shortens.applies(delta({ length: pair(0, 10) }))).toBe(false);
    expect(lengthens.applies(delta({ length: pair(0, 10) }))).toBe(false);
    expect(shortens.shows(delta({ length: pair(100, 85) }))).toBe(true);
    expect(shortens.shows(delta({ length: pair(100, 86) }))).toBe(false);
    expect(lengthens.shows(delta({ length: pair(100, 115) }))).toBe(true);
    expect(lengthens.shows(delta({ length: pair(100, 114) }))).toBe(false);
    expect(shortens.describe([delta({ length: pair(100, 50) }), delta({ length: pair(100, 80) }), delta({ length: pair(100, 70) })])).toBe('shortens drafts by about 30%');
    expect(lengthens.describe([delta({ length: pair(100, 150) }), delta({ length: pair(100, 120) })])).toBe('lengthens drafts by about 35%');
  });

  it('counts hashtags and exclamation marks removed only from drafts that had them', () => {
    const hashtags = habit('removes-hashtags');
    expect(hashtags.applies(delta())).toBe(false);
    expect(hashtags.applies(delta({ hashtags: pair(1, 1) }))).toBe(true);
    expect(hashtags.shows(delta({ hashtags: pair(2, 1) }))).toBe(true);
    expect(hashtags.shows(delta({ hashtags: pair(1, 1) }))).toBe(false);
    expect(hashtags.describe([delta({ hashtags: pair(2, 0) })])).toBe('removes hashtags');
    expect(hashtags.describe([delta({ hashtags: pair(2, 1) })])).toBe('removes some hashtags');
    const exclamations = habit('removes-exclamations');
    expect(exclamations.applies(delta())).toBe(false);
    expect(exclamations.applies(delta({ exclamations: pair(1, 1) }))).toBe(true);
    expect(exclamations.shows(delta({ exclamations: pair(3, 2) }))).toBe(true);
    expect(exclamations.shows(delta({ exclamations: pair(3, 3) }))).toBe(false);
    expect(exclamations.describe([])).toBe('removes exclamation marks');
  });

  it('counts a shortened opening only in drafts of several sentences with an opening worth cutting', () => {
    const opening = habit('shortens-opening');
    expect(opening.applies(delta({ opening: pair(20, 20), length: pair(100, 100) }))).toBe(true);
    expect(opening.applies(delta({ opening: pair(19, 19), length: pair(100, 100) }))).toBe(false);
    // The opening is the whole post (90% or more of it): that is the length habit.
    expect(opening.applies(delta({ opening: pair(90, 90), length: pair(100, 100) }))).toBe(false);
    expect(opening.applies(delta({ opening: pair(89, 89), length: pair(100, 100) }))).toBe(true);
    expect(opening.shows(delta({ opening: pair(50, 40) }))).toBe(true);
    expect(opening.shows(delta({ opening: pair(50, 41) }))).toBe(false);
    expect(opening.describe([delta({ opening: pair(50, 25) })])).toBe('shortens the opening sentence by about 50%');
  });

  it('names what each habit counted', () => {
    expect(Object.fromEntries(EDIT_HABITS.map((item) => [item.id, [item.kind, item.counted]]))).toEqual({
      'removes-emoji': ['emoji', 'drafts that had emoji'],
      'adds-emoji': ['emoji', 'approved drafts'],
      shortens: ['length', 'approved drafts'],
      lengthens: ['length', 'approved drafts'],
      'removes-hashtags': ['hashtags', 'drafts that had hashtags'],
      'adds-hashtags': ['hashtags', 'approved drafts'],
      'removes-exclamations': ['exclamations', 'drafts that had exclamation marks'],
      'shortens-opening': ['opening', 'drafts with an opening sentence to cut'],
    });
  });
});

describe('median', () => {
  it('takes the middle value, or the mean of the two middle ones, whatever the order', () => {
    expect(median([])).toBe(0);
    expect(median([5])).toBe(5);
    expect(median([9, 1, 5])).toBe(5);
    expect(median([10, 1, 4, 2])).toBe(3);
  });
});
