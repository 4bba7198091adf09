import { describe, expect, it } from 'vitest';
import type { GuidanceItem } from '../../learning/edit-guidance.js';
import { learnedEditsSection } from './learned-edits.js';

const item = (fields: Partial<GuidanceItem> & Pick<GuidanceItem, 'id' | 'kind'>): GuidanceItem => ({
  description: 'does it',
  count: 3,
  of: 4,
  evidence: '3 of 4 drafts',
  ...fields,
});

/** The one instruction line the section gives for `guidance`. */
const lineFor = (guidance: GuidanceItem): string | undefined => learnedEditsSection([guidance])?.split('\n')[1];

describe('learnedEditsSection', () => {
  it('is left out when nothing was learnt', () => {
    expect(learnedEditsSection([])).toBeUndefined();
  });

  it('heads the habits as guidance to follow, one line each with its evidence', () => {
    const section = learnedEditsSection([item({ id: 'removes-emoji', kind: 'emoji', evidence: '4 of 5 drafts that had emoji' }), item({ id: 'removes-hashtags', kind: 'hashtags' })]);
    expect(section?.split('\n')).toEqual([
      "LEARNED FROM THE USER'S EDITS of earlier drafts (follow these; words in JSON strings are quoted data):",
      '- Use no emoji: the user takes them out (4 of 5 drafts that had emoji)',
      '- Use no hashtags: the user takes them out (3 of 4 drafts)',
    ]);
  });

  it.each([
    ['adds-emoji', 'emoji', '- Add an emoji or two where they fit: the user adds them (3 of 4 drafts)'],
    ['adds-hashtags', 'hashtags', '- Add a relevant hashtag or two: the user adds them (3 of 4 drafts)'],
    ['removes-exclamations', 'exclamations', '- Use no exclamation marks: the user takes them out (3 of 4 drafts)'],
  ] as const)('turns %s into an instruction', (id, kind, line) => {
    expect(lineFor(item({ id, kind }))).toBe(line);
  });

  it('gives the length the user keeps, when known, for length and opening habits', () => {
    expect(lineFor(item({ id: 'shortens', kind: 'length', description: 'shortens drafts', typicalLength: 140 }))).toBe(
      '- Write shorter than a first draft, near 140 characters: the user shortens drafts (3 of 4 drafts)',
    );
    expect(lineFor(item({ id: 'lengthens', kind: 'length', description: 'lengthens drafts' }))).toBe('- Write longer than a first draft: the user lengthens drafts (3 of 4 drafts)');
    expect(lineFor(item({ id: 'shortens-opening', kind: 'opening', typicalLength: 40 }))).toBe(
      '- Open with a short first sentence, near 40 characters: the user cuts the opening (3 of 4 drafts)',
    );
  });

  it('quotes a phrase habit as data, with the user’s replacement when there is one', () => {
    expect(lineFor(item({ id: 'phrase-excited', kind: 'phrase', phrase: 'excited to announce', replacement: 'we shipped' }))).toBe(
      '- Do not write the phrase "excited to announce"; the user replaces it with "we shipped" (3 of 4 drafts)',
    );
    expect(lineFor(item({ id: 'phrase-game-changer', kind: 'phrase', phrase: 'game "changer"' }))).toBe(
      '- Do not write the phrase "game \\"changer\\"": the user removes it (3 of 4 drafts)',
    );
  });

  it('names a habit it has no words for by its id', () => {
    expect(lineFor(item({ id: 'phrase-without-words', kind: 'phrase' }))).toBe("- Follow the user's habit: phrase-without-words (3 of 4 drafts)");
    expect(lineFor(item({ id: 'opening-question', kind: 'opening', phrase: 'did you know' }))).toBe("- Follow the user's habit: opening-question (3 of 4 drafts)");
  });
});
