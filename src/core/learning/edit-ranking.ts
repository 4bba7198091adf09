import { containsPhrase } from './edit-analysis.js';
import type { GuidanceItem } from './edit-guidance.js';
import { characterLength, countEmoji, countExclamations, countHashtags, openingOf, wordsOf } from './edit-text.js';

/** How a variant fares against the learnt edits: a penalty (0 or below) and why. */
export interface EditFit {
  adjustment: number;
  reasons: string[];
}

/** A length this much past what the user approves keeps the habit they edit away. */
const LENGTH_SLACK = 0.15;

/**
 * Scores one text against the guidance: each habit the user keeps editing
 * away that the text still has costs points, by how firm the evidence is
 * (the share of pairs that showed it), with the reason in words.
 */
export function editFitOf(text: string, items: readonly GuidanceItem[]): EditFit {
  const reasons: string[] = [];
  let adjustment = 0;
  const penalise = (item: GuidanceItem, weight: number, reason: string): void => {
    adjustment -= Math.round(weight * (item.count / Math.max(1, item.of)));
    reasons.push(`${reason} (learnt from your edits: ${item.description}, ${item.evidence})`);
  };
  const length = characterLength(text);
  let words: string[] | undefined;
  for (const item of items) {
    switch (item.id) {
      case 'removes-emoji':
        if (countEmoji(text) > 0) penalise(item, 15, 'has emoji');
        break;
      case 'adds-emoji':
        if (countEmoji(text) === 0) penalise(item, 5, 'has no emoji');
        break;
      case 'removes-hashtags':
        if (countHashtags(text) > 0) penalise(item, 10, 'has hashtags');
        break;
      case 'adds-hashtags':
        if (countHashtags(text) === 0) penalise(item, 5, 'has no hashtags');
        break;
      case 'removes-exclamations':
        if (countExclamations(text) > 0) penalise(item, 5, 'has exclamation marks');
        break;
      case 'shortens':
        if (item.typicalLength && length > item.typicalLength * (1 + LENGTH_SLACK))
          penalise(item, 15, `${length} characters, longer than the ${item.typicalLength} you usually approve`);
        break;
      case 'lengthens':
        if (item.typicalLength && length < item.typicalLength * (1 - LENGTH_SLACK))
          penalise(item, 10, `${length} characters, shorter than the ${item.typicalLength} you usually approve`);
        break;
      case 'shortens-opening': {
        const opening = characterLength(openingOf(text));
        if (item.typicalLength && opening < length * 0.9 && opening > item.typicalLength * (1 + LENGTH_SLACK))
          penalise(item, 5, `opening of ${opening} characters, longer than the ${item.typicalLength} you usually keep`);
        break;
      }
      default:
        if (item.kind === 'phrase' && item.phrase) {
          words ??= wordsOf(text);
          if (containsPhrase(words, item.phrase.split(' '))) penalise(item, 15, `uses "${item.phrase}"`);
        }
    }
  }
  return { adjustment, reasons };
}

/**
 * Orders variants by how well they fit the learnt edits, best first; equal
 * fits keep their order (stable), so without guidance nothing moves.
 */
export function rankByEdits<T>(variants: readonly T[], textOf: (variant: T) => string, items: readonly GuidanceItem[]): Array<{ variant: T; fit: EditFit }> {
  return variants
    .map((variant, index) => ({ variant, fit: editFitOf(textOf(variant), items), index }))
    .sort((a, b) => b.fit.adjustment - a.fit.adjustment || a.index - b.index)
    .map(({ variant, fit }) => ({ variant, fit }));
}
