import type { EditDelta } from './edit-analysis.js';

/** A kind of edit a person would name ("removes emoji"), tested on each pair. */
export interface EditHabit {
  id: string;
  kind: 'emoji' | 'length' | 'hashtags' | 'exclamations' | 'opening';
  /** Whether the pair could show the habit (a draft without emoji cannot lose them). */
  applies(delta: EditDelta): boolean;
  shows(delta: EditDelta): boolean;
  /** Which pairs were counted, after "4 of 5": "drafts that had emoji". */
  counted: string;
  describe(shown: readonly EditDelta[]): string;
}

/** A length change this large (15%) is an edit of length, not a word swapped. */
const LENGTH_CHANGE = 0.15;
/** The opening must lose a fifth to count as shortened. */
const OPENING_CHANGE = 0.2;
/** Openings shorter than this have little to cut. */
const MIN_OPENING = 20;

export const EDIT_HABITS: readonly EditHabit[] = [
  {
    id: 'removes-emoji',
    kind: 'emoji',
    applies: (delta) => delta.emoji.before > 0,
    shows: (delta) => delta.emoji.after < delta.emoji.before,
    counted: 'drafts that had emoji',
    describe: (shown) => (shown.every((delta) => delta.emoji.after === 0) ? 'removes emoji' : 'removes some emoji'),
  },
  {
    id: 'adds-emoji',
    kind: 'emoji',
    applies: () => true,
    shows: (delta) => delta.emoji.after > delta.emoji.before,
    counted: 'approved drafts',
    describe: () => 'adds emoji',
  },
  {
    id: 'shortens',
    kind: 'length',
    applies: (delta) => delta.length.before > 0,
    shows: (delta) => delta.length.after <= delta.length.before * (1 - LENGTH_CHANGE),
    counted: 'approved drafts',
    describe: (shown) => `shortens drafts by about ${medianChange(shown, (delta) => delta.length)}%`,
  },
  {
    id: 'lengthens',
    kind: 'length',
    applies: (delta) => delta.length.before > 0,
    shows: (delta) => delta.length.after >= delta.length.before * (1 + LENGTH_CHANGE),
    counted: 'approved drafts',
    describe: (shown) => `lengthens drafts by about ${medianChange(shown, (delta) => delta.length)}%`,
  },
  {
    id: 'removes-hashtags',
    kind: 'hashtags',
    applies: (delta) => delta.hashtags.before > 0,
    shows: (delta) => delta.hashtags.after < delta.hashtags.before,
    counted: 'drafts that had hashtags',
    describe: (shown) => (shown.every((delta) => delta.hashtags.after === 0) ? 'removes hashtags' : 'removes some hashtags'),
  },
  {
    id: 'adds-hashtags',
    kind: 'hashtags',
    applies: () => true,
    shows: (delta) => delta.hashtags.after > delta.hashtags.before,
    counted: 'approved drafts',
    describe: () => 'adds hashtags',
  },
  {
    id: 'removes-exclamations',
    kind: 'exclamations',
    applies: (delta) => delta.exclamations.before > 0,
    shows: (delta) => delta.exclamations.after < delta.exclamations.before,
    counted: 'drafts that had exclamation marks',
    describe: () => 'removes exclamation marks',
  },
  {
    id: 'shortens-opening',
    kind: 'opening',
    // Only drafts of several sentences: cutting a one-sentence post is the length habit.
    applies: (delta) => delta.opening.before >= MIN_OPENING && delta.opening.before < delta.length.before * 0.9,
    shows: (delta) => delta.opening.after <= delta.opening.before * (1 - OPENING_CHANGE),
    counted: 'drafts with an opening sentence to cut',
    describe: (shown) => `shortens the opening sentence by about ${medianChange(shown, (delta) => delta.opening)}%`,
  },
];

/** The median relative change, in whole percent (always positive). */
function medianChange(shown: readonly EditDelta[], pick: (delta: EditDelta) => { before: number; after: number }): number {
  const changes = shown.map((delta) => {
    const { before, after } = pick(delta);
    return before === 0 ? 0 : Math.abs(after - before) / before;
  });
  return Math.round(median(changes) * 100);
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
