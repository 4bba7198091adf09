import { prepareText, type LinkMode } from './voice-features.js';
import { buildFingerprint } from './voice-fingerprint.js';
import { scoreVoice } from './voice-score.js';
import { scoreAll, trainVoiceModel } from './voice-model.js';
import type { AuthoredPost, RankAccuracy } from './voice-evaluation.js';

export interface ModelEvaluationOptions {
  links?: LinkMode;
  /** Writing that is no evaluated author's (see USAGE: the voice background). */
  background?: readonly string[];
  c?: number;
  /**
   * Verification only: add the other authors' TRAIN posts to each author's
   * background. No product workspace has such a set; this measures what
   * other real voices on the machine would add, an upper bound.
   */
  otherAuthorsAsBackground?: boolean;
  /** Verification only: score with the older fingerprint score (centroid of character n-grams, own IDF) instead, as a baseline. */
  fingerprintBaseline?: boolean;
  onProgress?: (done: number, total: number) => void;
}

/** Verification: each author alone in a workspace, own test posts against everyone else's. */
export interface VerificationResult {
  authors: number;
  /** Mean over authors of the ROC AUC of the 0-100 score. */
  auc: number;
  /** Mean share of own posts at or above the score that lets 10% of the other posts through. */
  tprAtFpr10: number;
  perAuthor: Array<{ author: string; auc: number; tprAtFpr10: number }>;
}

/** Posts per author, newest first (by `time` when given, else as listed, last newest). */
export function postsByAuthor(posts: readonly AuthoredPost[]): Map<string, string[]> {
  const byAuthor = new Map<string, AuthoredPost[]>();
  for (const post of posts) byAuthor.set(post.author, [...(byAuthor.get(post.author) ?? []), post]);
  return new Map(
    [...byAuthor].map(([author, list]) => [
      author,
      list
        .map((post, index) => ({ post, index }))
        .sort((a, b) => (b.post.time ?? '').localeCompare(a.post.time ?? '') || b.index - a.index)
        .map(({ post }) => post.text),
    ]),
  );
}

/** Closed set: every train author is a profile of one workspace; each test post goes to the best-scoring one. */
export async function evaluateClosedSet(train: readonly AuthoredPost[], test: readonly AuthoredPost[], options: ModelEvaluationOptions = {}): Promise<RankAccuracy & { testPosts: number }> {
  const profiles = [...postsByAuthor(train)].map(([key, texts]) => ({ key, texts }));
  const model = await trainVoiceModel({ profiles, background: options.background ?? [] }, { links: options.links, c: options.c, calibrate: false });
  const scored = test.filter((post) => model.classes.includes(post.author));
  let top1 = 0;
  let top5 = 0;
  scored.forEach((post, index) => {
    const { values } = scoreAll(model, post.text);
    const own = values[model.classes.indexOf(post.author)] ?? -Infinity;
    let better = 0;
    values.forEach((value, k) => {
      if (model.classes[k] !== post.author && value >= own) better += 1;
    });
    if (better === 0) top1 += 1;
    if (better < 5) top5 += 1;
    options.onProgress?.(index + 1, scored.length);
  });
  const total = Math.max(1, scored.length);
  return { top1: top1 / total, top5: top5 / total, testPosts: scored.length };
}

/** ROC AUC (ties count half) and the true-positive rate at the threshold that lets `fpr` of negatives through. */
export function rocFigures(positives: readonly number[], negatives: readonly number[], fpr = 0.1): { auc: number; tpr: number } {
  let wins = 0;
  for (const positive of positives) for (const negative of negatives) wins += positive > negative ? 1 : positive === negative ? 0.5 : 0;
  const auc = wins / Math.max(1, positives.length * negatives.length);
  const sorted = [...negatives].sort((a, b) => b - a);
  // The lowest threshold at which at most `fpr` of the negatives score at or above it.
  const allowed = Math.floor(fpr * sorted.length);
  const threshold = allowed >= sorted.length ? -Infinity : (sorted[allowed] ?? Infinity) + 1e-9;
  const tpr = positives.filter((value) => value >= threshold).length / Math.max(1, positives.length);
  return { auc, tpr };
}

/**
 * Verification, as a single-profile workspace sees it: for each author, a
 * model of that author alone against the background (nothing of the other
 * authors), scoring the author's test posts (positives) and every other
 * author's test posts (negatives) on the calibrated 0-100 score.
 */
export async function evaluateVerification(train: readonly AuthoredPost[], test: readonly AuthoredPost[], options: ModelEvaluationOptions = {}): Promise<VerificationResult> {
  const trainBy = postsByAuthor(train);
  const perAuthor: VerificationResult['perAuthor'] = [];
  let done = 0;
  for (const [author, texts] of trainBy) {
    const others = options.otherAuthorsAsBackground ? [...trainBy].filter(([other]) => other !== author).flatMap(([, list]) => list) : [];
    const background = [...(options.background ?? []), ...others];
    const positives: number[] = [];
    const negatives: number[] = [];
    if (options.fingerprintBaseline) {
      // The fingerprint keeps link hosts by design: with links masked, its texts get the same one-token links as the model's.
      const prepare = (text: string): string => (options.links === 'keep' ? text : prepareText(text, 'mask'));
      const fingerprint = buildFingerprint(texts.map((text) => ({ text: prepare(text) })));
      for (const post of test) (post.author === author ? positives : negatives).push(scoreVoice(fingerprint, prepare(post.text)).similarity);
    } else {
      const model = await trainVoiceModel({ profiles: [{ key: author, texts }], background }, { links: options.links, c: options.c });
      for (const post of test) (post.author === author ? positives : negatives).push(scoreAll(model, post.text).scores[0] ?? 0);
    }
    const { auc, tpr } = rocFigures(positives, negatives);
    perAuthor.push({ author, auc, tprAtFpr10: tpr });
    done += 1;
    options.onProgress?.(done, trainBy.size);
  }
  const mean = (values: number[]): number => values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
  return { authors: perAuthor.length, auc: mean(perAuthor.map((entry) => entry.auc)), tprAtFpr10: mean(perAuthor.map((entry) => entry.tprAtFpr10)), perAuthor };
}

/** A split inside a train set for tuning: each author's newest `checkPerAuthor` posts to check, the older ones to fit. */
export function splitByTime(posts: readonly AuthoredPost[], checkPerAuthor: number): { fit: AuthoredPost[]; check: AuthoredPost[] } {
  const fit: AuthoredPost[] = [];
  const check: AuthoredPost[] = [];
  for (const [author, texts] of postsByAuthor(posts)) {
    texts.forEach((text, index) => (index < checkPerAuthor ? check : fit).push({ author, text }));
  }
  return { fit, check };
}
