import { InvalidInputError } from '../../core/errors.js';
import type { VectorCollection } from '../../core/ports.js';

/** Throws InvalidInputError when an embedding's size differs from the collection's (the embedder changed). */
export function checkDimensions(collection: VectorCollection, length: number, what: string): void {
  if (length !== collection.dimensions) {
    throw new InvalidInputError(
      `The embedding of ${what} has ${length} dimensions; the index of embedder "${collection.embedderId}" expects ${collection.dimensions}.`,
      { hint: 'The embedder changed since the index was built: run `smm reindex`.', details: { expected: collection.dimensions, got: length } },
    );
  }
}
