import { dot, idfTable, ownFrequencies, weightedCentroid, weightedCosine, weightVector, type DocumentFrequencies, type IdfTable, type SparseVector } from './ngram-profile.js';
import { postVector, type VoiceFingerprint } from './voice-fingerprint.js';
import { styleDeviation, styleOf, type StyleFeature, type StyleVector } from './voice-style.js';
import { anatomize, type PostAnatomy } from './voice-text.js';
import type { VoiceScore } from './voice-types.js';
import { styleNotes } from './voice-notes.js';

/**
 * Where the n-gram IDF comes from when scoring: the posts of several
 * profiles (a workspace), built with `buildVoiceBackground`. Without one, a
 * profile's own posts are its background.
 */
export interface VoiceBackground {
  readonly profiles: number;
  readonly frequencies: DocumentFrequencies;
}

/** A text read once, to score against many profiles. */
export interface VoiceText {
  anatomy: PostAnatomy;
  vector: SparseVector;
  style: StyleVector;
}

/**
 * The scoring constants, chosen on a split of the voice development set's
 * train file (each account's older 90 posts as profile, its newer 30 as
 * held-out text), not on its test file. `npm run eval:voice` measures them.
 */
export const VOICE_SCORING = {
  /**
   * IDF power with the profile's own posts as background. Own-post IDF
   * lowers the n-grams the profile always uses, which are also its most
   * characteristic: a softened IDF (square root) ranks best.
   */
  ownIdfPower: 0.5,
  /** IDF power with a workspace background: across profiles, rarer n-grams are the distinctive ones; squared ranks best. */
  backgroundIdfPower: 2,
  /** Weight of the style distance (mean squared z-score, capped) subtracted from the n-gram similarity. */
  styleWeight: 0.01,
  styleCap: 4,
  /**
   * Logistic calibration of the similarity into 0-100, per background kind:
   * 40 (the generation's repair threshold) where own and other voices' posts
   * are best told apart, 80 at the median own held-out post. Longer texts
   * share more n-grams with any profile, so alone the centre rises with the
   * text's length (`lengthSlope` per e-fold from 120 characters); it depends
   * on the text only, so it never changes which profile ranks first.
   */
  own: { center: 0.318, slope: 32, lengthSlope: 0.03 },
  background: { center: 0.057, slope: 29, lengthSlope: 0 },
} as const;

/** Lengths outside this range are calibrated as its ends: the dev set has no longer posts to learn from. */
const CALIBRATED_LENGTHS = [20, 1000] as const;

const STYLE_SCORED: readonly StyleFeature[] = ['logLength', 'upperRatio', 'titleCaseShare', 'hashtags', 'mentions', 'links', 'emoji', 'lineBreaks'];

/** Sums the document frequencies of several profiles: IDF across all their posts. */
export function buildVoiceBackground(fingerprints: readonly VoiceFingerprint[]): VoiceBackground {
  const counts = new Map<number, number>();
  let documents = 0;
  for (const fingerprint of fingerprints) {
    documents += fingerprint.sampleCount;
    fingerprint.ngrams.ids.forEach((id, index) => counts.set(id, (counts.get(id) ?? 0) + (fingerprint.ngrams.postCounts[index] ?? 0)));
  }
  return { profiles: fingerprints.length, frequencies: { documents, counts } };
}

/** Reads a text for scoring; pass the result to `scoreVoice` to score it against many profiles cheaply. */
export function readVoiceText(text: string): VoiceText {
  const anatomy = anatomize(text);
  return { anatomy, vector: postVector(anatomy), style: styleOf(anatomy) };
}

interface Prepared {
  idf: IdfTable;
  centroid: SparseVector;
}

// Weighted centroids and IDF tables cost a pass over a profile or a background: keep them while their owner lives.
const ownCache = new WeakMap<VoiceFingerprint, Prepared>();
const backgroundIdf = new WeakMap<VoiceBackground, IdfTable>();
const backgroundCentroids = new WeakMap<VoiceBackground, WeakMap<VoiceFingerprint, SparseVector>>();
// With a background the text's weighting is the same for every profile: weigh it once.
const backgroundTexts = new WeakMap<VoiceText, { background: VoiceBackground; vector: SparseVector }>();

function ownPrepared(fingerprint: VoiceFingerprint): Prepared {
  let prepared = ownCache.get(fingerprint);
  if (!prepared) {
    const idf = idfTable(ownFrequencies(fingerprint.ngrams, fingerprint.sampleCount), VOICE_SCORING.ownIdfPower);
    prepared = { idf, centroid: weightedCentroid(fingerprint.ngrams, idf) };
    ownCache.set(fingerprint, prepared);
  }
  return prepared;
}

function backgroundCosine(fingerprint: VoiceFingerprint, text: VoiceText, background: VoiceBackground): number {
  let idf = backgroundIdf.get(background);
  if (!idf) {
    idf = idfTable(background.frequencies, VOICE_SCORING.backgroundIdfPower);
    backgroundIdf.set(background, idf);
  }
  let centroids = backgroundCentroids.get(background);
  if (!centroids) {
    centroids = new WeakMap();
    backgroundCentroids.set(background, centroids);
  }
  let centroid = centroids.get(fingerprint);
  if (!centroid) {
    centroid = weightedCentroid(fingerprint.ngrams, idf);
    centroids.set(fingerprint, centroid);
  }
  let weighted = backgroundTexts.get(text);
  if (weighted?.background !== background) {
    weighted = { background, vector: weightVector(text.vector, idf) };
    backgroundTexts.set(text, weighted);
  }
  return dot(weighted.vector, centroid);
}

function ownCosine(fingerprint: VoiceFingerprint, text: VoiceText): number {
  const { idf, centroid } = ownPrepared(fingerprint);
  return weightedCosine(text.vector, idf, centroid);
}

/** Mean squared style z-score over the scored features, each capped. */
function styleDistance(fingerprint: VoiceFingerprint, style: StyleVector): number {
  let sum = 0;
  for (const feature of STYLE_SCORED) {
    const z = Math.min(VOICE_SCORING.styleCap, Math.abs(styleDeviation(style[feature], fingerprint.style[feature], feature)));
    sum += z * z;
  }
  return sum / STYLE_SCORED.length;
}

/**
 * How much a text sounds like a profile, 0-100, with notes on what differs.
 *
 * The score is a calibrated cosine between the text's character 1-5-gram
 * vector (links reduced to their host, sublinear TF, IDF) and the profile's
 * n-gram centroid, minus a small style distance (length, casing, hashtags,
 * mentions, links, emoji, line breaks as z-scores against the profile's own
 * posts). It rises monotonically with that similarity; a profile's own
 * held-out posts mostly score above 50 and other voices' below.
 *
 * IDF comes from `background` when given (the posts of all the workspace's
 * profiles: best for telling voices apart), else from the profile's own posts,
 * so one profile alone can be scored. `similarity` is the raw value, for
 * ranking profiles without rounding ties.
 */
export function scoreVoice(fingerprint: VoiceFingerprint, text: string | VoiceText, background?: VoiceBackground): VoiceScore & { similarity: number } {
  const read = typeof text === 'string' ? readVoiceText(text) : text;
  if (read.anatomy.text.trim() === '') return { score: 0, similarity: 0, notes: ['The text is empty.'] };
  const useBackground = background !== undefined && background.profiles >= 2 ? background : undefined;
  const cosine = useBackground ? backgroundCosine(fingerprint, read, useBackground) : ownCosine(fingerprint, read);
  const similarity = cosine - VOICE_SCORING.styleWeight * styleDistance(fingerprint, read.style);
  const { center, slope, lengthSlope } = useBackground ? VOICE_SCORING.background : VOICE_SCORING.own;
  const length = Math.min(CALIBRATED_LENGTHS[1], Math.max(CALIBRATED_LENGTHS[0], read.anatomy.length));
  const shiftedCenter = center + lengthSlope * Math.log((length + 1) / 121);
  const score = 100 / (1 + Math.exp(-slope * (similarity - shiftedCenter)));
  return { score: Math.round(score * 10) / 10, similarity, notes: styleNotes(fingerprint, read, score) };
}
