import { CancelledError } from '../../core/errors.js';

/** Resolves with the work's result, or rejects with CancelledError as soon as the signal aborts. */
export async function raceAbort<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) throw new CancelledError('Embedding was cancelled.');
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(new CancelledError('Embedding was cancelled.'));
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort!);
  }
}

/** Checks that every vector has the same length as the first one ever seen; returns that length. */
export function checkedDimensions(vectors: number[][], known: number, embedderId: string): number {
  const size = known || vectors[0]?.length || 0;
  for (const vector of vectors) {
    if (vector.length !== size) {
      throw new Error(`${embedderId} returned vectors of ${vector.length} and ${size} dimensions; the model behind it changed.`);
    }
  }
  return size;
}
