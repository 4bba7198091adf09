/** A sparse vector over hashed character n-grams. */
export type SparseVector = Map<number, number>;

/**
 * A profile's character n-gram profile, bounded in size: the strongest
 * `ids.length` n-grams (30-bit FNV-1a hashes of the n-gram's characters), each
 * with its weight in the profile's centroid and the number of the profile's
 * posts that contain it (its document frequency, from which IDF is derived).
 * Parallel arrays keep the JSON small.
 */
export interface NgramProfile {
  /** Shortest and longest n-gram, in code points. */
  minN: number;
  maxN: number;
  ids: number[];
  /** Mean of the posts' L2-normalised sublinear term frequencies. */
  weights: number[];
  /** How many posts contain the n-gram. */
  postCounts: number[];
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a over UTF-16 code units, continuing from `hash`. */
function fnvExtend(hash: number, text: string, from: number, to: number): number {
  let result = hash;
  for (let index = from; index < to; index += 1) {
    result ^= text.charCodeAt(index);
    result = Math.imul(result, FNV_PRIME) >>> 0;
  }
  return result;
}

// Ids are kept to 30 bits so that they are small integers for the engine (fast Map keys).
const ID_MASK = 0x3fffffff;

/** The id of an n-gram: its FNV-1a hash, 30 bits (same as the counting below). */
export function ngramId(gram: string): number {
  return fnvExtend(FNV_OFFSET, gram, 0, gram.length) & ID_MASK;
}

/** Counts of every character n-gram of `text` with minN ≤ n ≤ maxN code points. */
export function countNgrams(text: string, minN: number, maxN: number): Map<number, number> {
  const counts = new Map<number, number>();
  // Code-point boundaries in UTF-16 offsets, so a surrogate pair is one character.
  const bounds: number[] = [];
  for (let index = 0; index < text.length; index += 1) {
    bounds.push(index);
    const code = text.charCodeAt(index);
    if (code >= 0xd800 && code <= 0xdbff && index + 1 < text.length) index += 1;
  }
  bounds.push(text.length);
  const characters = bounds.length - 1;
  for (let start = 0; start < characters; start += 1) {
    let hash = FNV_OFFSET;
    for (let n = 1; n <= maxN && start + n <= characters; n += 1) {
      hash = fnvExtend(hash, text, bounds[start + n - 1] ?? 0, bounds[start + n] ?? 0);
      if (n >= minN) {
        const id = hash & ID_MASK;
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
    }
  }
  return counts;
}

/** Sublinear term frequency (1 + ln count), L2-normalised. */
export function sublinearVector(counts: ReadonlyMap<number, number>): SparseVector {
  const vector: SparseVector = new Map();
  let squares = 0;
  for (const [id, count] of counts) {
    const value = 1 + Math.log(count);
    vector.set(id, value);
    squares += value * value;
  }
  const norm = Math.sqrt(squares) || 1;
  for (const [id, value] of vector) vector.set(id, value / norm);
  return vector;
}

/** Averages post vectors into a profile and keeps its `maxFeatures` strongest n-grams. */
export function buildNgramProfile(posts: readonly SparseVector[], minN: number, maxN: number, maxFeatures: number): NgramProfile {
  const sums = new Map<number, number>();
  const postCounts = new Map<number, number>();
  for (const post of posts) {
    for (const [id, value] of post) {
      sums.set(id, (sums.get(id) ?? 0) + value);
      postCounts.set(id, (postCounts.get(id) ?? 0) + 1);
    }
  }
  const strongest = [...sums.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, maxFeatures);
  return {
    minN,
    maxN,
    ids: strongest.map(([id]) => id),
    weights: strongest.map(([, sum]) => Number((sum / Math.max(1, posts.length)).toPrecision(4))),
    postCounts: strongest.map(([id]) => postCounts.get(id) ?? 0),
  };
}

/** Document frequencies over a set of posts: where IDF comes from. */
export interface DocumentFrequencies {
  documents: number;
  counts: ReadonlyMap<number, number>;
}

/** The profile's own document frequencies (its posts as the only background). */
export function ownFrequencies(profile: NgramProfile, documents: number): DocumentFrequencies {
  return { documents, counts: new Map(profile.ids.map((id, index) => [id, profile.postCounts[index] ?? 0])) };
}

/** IDF per n-gram id, computed once; `unseen` for n-grams the background never saw. */
export interface IdfTable {
  weights: ReadonlyMap<number, number>;
  unseen: number;
}

/**
 * Smoothed IDF, raised to `power`: (log((1 + N) / (1 + df)) + 1)^power. A
 * power above 1 sharpens it (rare n-grams count more), below 1 softens it.
 */
export function idfTable(frequencies: DocumentFrequencies, power: number): IdfTable {
  const { documents, counts } = frequencies;
  const weights = new Map<number, number>();
  for (const [id, count] of counts) weights.set(id, (Math.log((1 + documents) / (1 + count)) + 1) ** power);
  return { weights, unseen: (Math.log(1 + documents) + 1) ** power };
}

/** A vector with IDF applied, L2-normalised. */
export function weightVector(vector: ReadonlyMap<number, number>, idf: IdfTable): SparseVector {
  const weighted: SparseVector = new Map();
  let squares = 0;
  for (const [id, value] of vector) {
    const product = value * (idf.weights.get(id) ?? idf.unseen);
    weighted.set(id, product);
    squares += product * product;
  }
  const norm = Math.sqrt(squares) || 1;
  for (const [id, value] of weighted) weighted.set(id, value / norm);
  return weighted;
}

/** A profile's centroid with IDF applied and L2-normalised, ready for cosines. */
export function weightedCentroid(profile: NgramProfile, idf: IdfTable): SparseVector {
  return weightVector(new Map(profile.ids.map((id, index) => [id, profile.weights[index] ?? 0])), idf);
}

/** Dot product of two sparse vectors (a cosine when both are normalised). */
export function dot(a: ReadonlyMap<number, number>, b: ReadonlyMap<number, number>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let sum = 0;
  for (const [id, value] of small) {
    const other = large.get(id);
    if (other !== undefined) sum += value * other;
  }
  return sum;
}

/** Cosine between a text vector (IDF applied on the fly) and a weighted, normalised centroid, without allocating. */
export function weightedCosine(text: ReadonlyMap<number, number>, idf: IdfTable, centroid: ReadonlyMap<number, number>): number {
  let sum = 0;
  let squares = 0;
  for (const [id, value] of text) {
    const weighted = value * (idf.weights.get(id) ?? idf.unseen);
    squares += weighted * weighted;
    const other = centroid.get(id);
    if (other !== undefined) sum += weighted * other;
  }
  return squares === 0 ? 0 : sum / Math.sqrt(squares);
}
