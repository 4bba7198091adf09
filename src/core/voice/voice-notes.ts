import { WRAPPER_HOSTS } from './voice-description.js';
import type { VoiceFingerprint } from './voice-fingerprint.js';
import { styleDeviation, type StyleFeature } from './voice-style.js';
import type { VoiceText } from './voice-score.js';

/** A deviation this many (floored) standard deviations away is worth a note. */
const NOTE_Z = 2;
const MAX_NOTES = 4;

function usually(mean: number): string {
  if (mean < 0.05) return `usually none`;
  if (mean < 0.5) return `usually none or 1`;
  return `usually about ${Math.max(1, Math.round(mean))}`;
}

function countNote(feature: StyleFeature, value: number, mean: number): string | undefined {
  const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;
  switch (feature) {
    case 'hashtags':
      return `${plural(value, 'hashtag')}; ${usually(mean)}`;
    case 'mentions':
      return `${plural(value, 'mention')}; ${usually(mean)}`;
    case 'links':
      return value === 0 ? `no link; this voice usually includes ${mean >= 1.5 ? 'links' : 'one'}` : `${plural(value, 'link')}; ${usually(mean)}`;
    case 'emoji':
      return value === 0 ? `no emoji; usually ${Math.max(1, Math.round(mean))}` : `${value} emoji; ${usually(mean)}`;
    case 'lineBreaks':
      return value === 0 ? 'one block of text; this voice uses line breaks' : `${plural(value, 'line break')}; ${usually(mean)}`;
    case 'questions':
      return `${plural(value, 'question mark')}; ${usually(mean)}`;
    case 'exclamations':
      return `${plural(value, 'exclamation mark')}; ${usually(mean)}`;
    default:
      return undefined;
  }
}

/**
 * Notes a person understands on how a text differs from the profile's
 * habits, largest differences first, e.g. "much longer than usual (412 vs
 * 120 characters)".
 */
export function styleNotes(fingerprint: VoiceFingerprint, text: VoiceText, score: number): string[] {
  const notes: Array<{ weight: number; text: string }> = [];
  const add = (weight: number, note: string | undefined): void => {
    if (note !== undefined) notes.push({ weight, text: note });
  };
  for (const feature of Object.keys(fingerprint.style) as StyleFeature[]) {
    const statistic = fingerprint.style[feature];
    const value = text.style[feature];
    const z = styleDeviation(value, statistic, feature);
    if (Math.abs(z) < NOTE_Z) continue;
    const weight = Math.abs(z);
    switch (feature) {
      case 'logLength': {
        const usual = fingerprint.length.median;
        add(weight, `${z > 0 ? 'much longer' : 'much shorter'} than usual (${text.anatomy.length} vs ${usual} characters)`);
        break;
      }
      case 'upperRatio':
        // A few letters say nothing about casing habits.
        if ((text.anatomy.prose.match(/\p{L}/gu)?.length ?? 0) >= 12) add(weight, z > 0 ? 'far more capital letters than usual' : 'fewer capital letters than usual');
        break;
      case 'titleCaseShare':
        // Said from the post-level habit below, not from this average.
        break;
      case 'wordsPerSentence':
        add(weight, `${z > 0 ? 'longer' : 'shorter'} sentences than usual (${Math.round(value)} vs ${Math.round(fingerprint.sentences.wordsPerSentenceMedian)} words)`);
        break;
      default:
        // Counts: a difference of less than one item is not worth saying.
        if (Math.abs(value - statistic.mean) >= 1) add(weight, countNote(feature, value, statistic.mean));
    }
  }
  if (text.anatomy.prose.length >= 3 && fingerprint.casing.lowercaseShare < 0.1 && !/\p{Lu}/u.test(text.anatomy.prose) && /\p{Ll}{3}/u.test(text.anatomy.prose)) {
    add(2.5, 'all lowercase; this voice uses capitals');
  }
  if (text.anatomy.words.length >= 4) {
    const titleCase = text.style.titleCaseShare >= 0.8;
    if (titleCase && fingerprint.casing.titleCaseShare < 0.1) add(2.2, 'Title Case; this voice writes in sentence case');
    if (!titleCase && fingerprint.casing.titleCaseShare >= 0.6) add(2.2, 'sentence case; this voice writes headlines in Title Case');
  }
  const usualHost = fingerprint.links.hosts[0];
  if (usualHost && !WRAPPER_HOSTS.has(usualHost) && fingerprint.links.postShare >= 0.6 && text.anatomy.links.length > 0 && !text.anatomy.links.some((link) => link.host === usualHost)) {
    add(2, `links to ${text.anatomy.links[0]?.host}; this voice links to ${usualHost}`);
  }
  const sorted = [...new Set(notes.sort((a, b) => b.weight - a.weight).map((note) => note.text))];
  if (score >= 40) return sorted.slice(0, MAX_NOTES);
  return [...sorted.slice(0, MAX_NOTES - 1), 'wording, spelling and punctuation unlike this voice’s past posts'];
}
