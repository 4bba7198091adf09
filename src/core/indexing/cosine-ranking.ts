import type { Platform } from '../platforms/platform-id.js';
import type { VectorHit } from '../ports.js';

/** Cosine distance (1 − cosine similarity); 1 when either vector is zero. */
export function cosineDistance(left: ArrayLike<number>, right: ArrayLike<number>, leftNorm?: number, rightNorm?: number): number {
  let dot = 0;
  let leftSquares = 0;
  let rightSquares = 0;
  for (let index = 0; index < left.length; index += 1) {
    const a = left[index]!;
    const b = right[index]!;
    dot += a * b;
    if (leftNorm === undefined) leftSquares += a * a;
    if (rightNorm === undefined) rightSquares += b * b;
  }
  const denominator = (leftNorm ?? Math.sqrt(leftSquares)) * (rightNorm ?? Math.sqrt(rightSquares));
  return denominator === 0 ? 1 : 1 - dot / denominator;
}

/** A stored vector with what a hit reports about it. */
export interface RankCandidate {
  postId: number;
  profileId: number;
  platform: Platform;
  embedding: ArrayLike<number>;
}

/** The k candidates nearest to the query by cosine distance, nearest first (ties by post id): an exact search. */
export function rankByCosine(query: readonly number[], candidates: Iterable<RankCandidate>, k: number): VectorHit[] {
  let squares = 0;
  for (const value of query) squares += value * value;
  const queryNorm = Math.sqrt(squares);
  const hits: VectorHit[] = [];
  for (const candidate of candidates) {
    hits.push({ postId: candidate.postId, profileId: candidate.profileId, platform: candidate.platform, distance: cosineDistance(query, candidate.embedding, queryNorm) });
  }
  hits.sort((left, right) => left.distance - right.distance || left.postId - right.postId);
  return hits.slice(0, k);
}
