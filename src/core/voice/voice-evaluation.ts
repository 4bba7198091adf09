import { buildFingerprint, type VoiceFingerprint } from './voice-fingerprint.js';
import { buildVoiceBackground, readVoiceText, scoreVoice, type VoiceBackground } from './voice-score.js';

/** One line of an authorship set: `{"author","text","time"}`. */
export interface AuthoredPost {
  author: string;
  text: string;
  time?: string;
}

/** How often the true author ranks first / in the first five. */
export interface RankAccuracy {
  top1: number;
  top5: number;
}

export interface VoiceEvaluation {
  authors: number;
  trainPosts: number;
  /** Test posts scored (those whose author has train posts). */
  testPosts: number;
  /** Test posts left out because their author has no train posts. */
  skippedPosts: number;
  /** Scored with the IDF of all profiles (a workspace): what the last line reports. */
  workspace: RankAccuracy;
  /** Each profile scored alone (IDF from its own posts), as when a workspace has one profile. */
  alone: RankAccuracy;
  /** Calibration of the 0-100 score against each profile alone. */
  calibration: {
    ownMedian: number;
    otherMedian: number;
    /** Share of own / other authors' test posts that score at least `threshold`. */
    threshold: number;
    ownAtLeast: number;
    otherAtLeast: number;
  };
}

export interface EvaluationOptions {
  /** Called after each scored test post. */
  onProgress?: (done: number, total: number) => void;
  /** Score threshold reported in `calibration` (the generation's voice check uses 40). */
  threshold?: number;
}

function rankOf(author: string, scores: ReadonlyMap<string, number>): number {
  const own = scores.get(author) ?? -Infinity;
  let better = 0;
  for (const [other, value] of scores) if (other !== author && value >= own) better += 1;
  return better;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return 0;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** One fingerprint per author from the train posts. */
export function fingerprintsByAuthor(train: readonly AuthoredPost[]): Map<string, VoiceFingerprint> {
  const samples = new Map<string, { text: string }[]>();
  for (const post of train) {
    const list = samples.get(post.author) ?? [];
    list.push({ text: post.text });
    samples.set(post.author, list);
  }
  return new Map([...samples].map(([author, list]) => [author, buildFingerprint(list)]));
}

/**
 * Authorship attribution with the voice model: builds one fingerprint per
 * author from `train`, scores every `test` post against every profile with
 * `scoreVoice`, and counts how often the true author ranks first and in the
 * first five, with a workspace background and with each profile alone. Ties
 * count against the true author.
 */
export function evaluateVoice(train: readonly AuthoredPost[], test: readonly AuthoredPost[], options: EvaluationOptions = {}): VoiceEvaluation {
  const fingerprints = fingerprintsByAuthor(train);
  const background: VoiceBackground = buildVoiceBackground([...fingerprints.values()]);
  const threshold = options.threshold ?? 40;
  const scored = test.filter((post) => fingerprints.has(post.author));
  const counts = { workspace1: 0, workspace5: 0, alone1: 0, alone5: 0 };
  const own: number[] = [];
  const other: number[] = [];

  scored.forEach((post, index) => {
    const text = readVoiceText(post.text);
    const workspace = new Map<string, number>();
    const alone = new Map<string, number>();
    for (const [author, fingerprint] of fingerprints) {
      workspace.set(author, scoreVoice(fingerprint, text, background).similarity);
      const single = scoreVoice(fingerprint, text);
      alone.set(author, single.similarity);
      (author === post.author ? own : other).push(single.score);
    }
    const workspaceRank = rankOf(post.author, workspace);
    const aloneRank = rankOf(post.author, alone);
    if (workspaceRank === 0) counts.workspace1 += 1;
    if (workspaceRank < 5) counts.workspace5 += 1;
    if (aloneRank === 0) counts.alone1 += 1;
    if (aloneRank < 5) counts.alone5 += 1;
    options.onProgress?.(index + 1, scored.length);
  });

  const total = Math.max(1, scored.length);
  return {
    authors: fingerprints.size,
    trainPosts: train.length,
    testPosts: scored.length,
    skippedPosts: test.length - scored.length,
    workspace: { top1: counts.workspace1 / total, top5: counts.workspace5 / total },
    alone: { top1: counts.alone1 / total, top5: counts.alone5 / total },
    calibration: {
      ownMedian: median(own),
      otherMedian: median(other),
      threshold,
      ownAtLeast: own.filter((score) => score >= threshold).length / Math.max(1, own.length),
      otherAtLeast: other.filter((score) => score >= threshold).length / Math.max(1, other.length),
    },
  };
}
