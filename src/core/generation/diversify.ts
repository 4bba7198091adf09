import { dot, unit } from './vector-math.js';

/** A retrieval candidate: how relevant it is, its embedding if known, and its prompt cost in tokens. */
export interface RankedCandidate<T> {
  item: T;
  relevance: number;
  embedding: readonly number[] | undefined;
  cost: number;
}

export interface DiversifyOptions {
  /** At most this many picks. */
  k: number;
  /** Relevance versus novelty: 1 = relevance only. */
  lambda?: number;
  /** Candidates this similar to an already picked one are dropped as near-copies. */
  maxSimilarity?: number;
  /** Sum of the picks' costs stays within this. */
  budget?: number;
}

/**
 * Maximal marginal relevance: greedily picks the candidate with the best
 * `lambda·relevance − (1−lambda)·similarity to what is already picked`,
 * drops near-copies of a pick, and stops at `k` picks or when nothing left
 * fits the budget. Examples that all say the same thing teach the model
 * less than varied ones, and near-copies invite it to copy.
 */
export function selectDiverse<T>(candidates: ReadonlyArray<RankedCandidate<T>>, options: DiversifyOptions): RankedCandidate<T>[] {
  const lambda = options.lambda ?? 0.7;
  const maxSimilarity = options.maxSimilarity ?? 0.92;
  let remaining = options.budget ?? Infinity;
  const picked: RankedCandidate<T>[] = [];
  // The highest similarity of each open candidate to any pick so far.
  const open = candidates.map((candidate) => ({ candidate, redundancy: 0, direction: candidate.embedding ? unit(candidate.embedding) : undefined }));
  while (picked.length < options.k && open.length > 0) {
    let bestIndex = -1;
    let bestScore = -Infinity;
    open.forEach((entry, index) => {
      if (entry.candidate.cost > remaining) return;
      const score = lambda * entry.candidate.relevance - (1 - lambda) * entry.redundancy;
      if (score > bestScore) {
        bestScore = score;
        bestIndex = index;
      }
    });
    if (bestIndex < 0) break;
    const [chosen] = open.splice(bestIndex, 1);
    if (!chosen) break;
    picked.push(chosen.candidate);
    remaining -= chosen.candidate.cost;
    for (let index = open.length - 1; index >= 0; index -= 1) {
      const entry = open[index];
      if (!entry) continue;
      const similarity = entry.direction && chosen.direction ? dot(entry.direction, chosen.direction) : 0;
      if (similarity > maxSimilarity) open.splice(index, 1);
      else entry.redundancy = Math.max(entry.redundancy, similarity);
    }
  }
  return picked;
}
