/**
 * Wraps every method of a repository so that driver errors leave it already
 * translated (see storage-errors.ts): promises are caught, async iterables
 * are caught on each step. One place instead of a try/catch in every method.
 */
export function guardRepository<T extends object>(repository: T, translate: (error: unknown) => unknown): T {
  return new Proxy(repository, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        let result: unknown;
        try {
          result = (value as (...parameters: unknown[]) => unknown).apply(target, args);
        } catch (error) {
          throw translate(error);
        }
        if (result instanceof Promise) return result.catch((error: unknown) => Promise.reject(translate(error)));
        if (isAsyncIterable(result)) return guardIterable(result, translate);
        return result;
      };
    },
  });
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

async function* guardIterable<T>(iterable: AsyncIterable<T>, translate: (error: unknown) => unknown): AsyncIterable<T> {
  try {
    yield* iterable;
  } catch (error) {
    throw translate(error);
  }
}
