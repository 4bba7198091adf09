/** Cosine similarity of two vectors (0 when either is all zeros or their sizes differ). */
export function cosine(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length || a.length === 0) return 0;
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let index = 0; index < a.length; index += 1) {
    const x = a[index] ?? 0;
    const y = b[index] ?? 0;
    dot += x * y;
    normA += x * x;
    normB += y * y;
  }
  if (normA === 0 || normB === 0) return 0;
  return dot / Math.sqrt(normA * normB);
}

/** The highest cosine similarity of `vector` to any of `others`, and which one (or -1 when there is none). */
export function nearest(vector: readonly number[], others: ReadonlyArray<readonly number[]>): { index: number; similarity: number } {
  let best = { index: -1, similarity: -Infinity };
  others.forEach((other, index) => {
    const similarity = cosine(vector, other);
    if (similarity > best.similarity) best = { index, similarity };
  });
  return best;
}

/** The vector scaled to length 1 (all zeros stays all zeros), so that cosines become dot products. */
export function unit(vector: readonly number[]): Float64Array {
  let norm = 0;
  for (const value of vector) norm += value * value;
  const result = new Float64Array(vector.length);
  if (norm === 0) return result;
  const scale = 1 / Math.sqrt(norm);
  for (let index = 0; index < vector.length; index += 1) result[index] = (vector[index] ?? 0) * scale;
  return result;
}

/** Dot product of two vectors of the same length (the cosine, for unit vectors). */
export function dot(a: Float64Array, b: Float64Array): number {
  if (a.length !== b.length) return 0;
  let sum = 0;
  for (let index = 0; index < a.length; index += 1) sum += a[index]! * b[index]!;
  return sum;
}
