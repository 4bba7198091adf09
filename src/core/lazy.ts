/** A value built on first use, once, even when asked for concurrently. */
export interface Lazy<T> {
  /** The value, building it on the first call; after a failed build the next call builds again. */
  get(): Promise<T>;
  /** The value if it has been built, without building it. */
  peek(): T | undefined;
  /** The value, or the build under way, without starting one: for closing what may have been opened. */
  current(): Promise<T | undefined>;
  /** Forgets the value (or the build under way), so the next get() builds a new one. */
  reset(): void;
}

/**
 * The one "build once, retry after failure" helper: models, the vector
 * index, the managed Chroma server and the services of the composition root
 * all use it. A build that fails is forgotten, so the next call tries again
 * instead of returning the same rejection for the life of the process.
 */
export function lazy<T>(build: () => Promise<T>): Lazy<T> {
  let promise: Promise<T> | undefined;
  let value: T | undefined;
  return {
    get() {
      if (promise) return promise;
      const attempt: Promise<T> = build().then(
        (built) => {
          if (promise === attempt) value = built;
          return built;
        },
        (error: unknown) => {
          if (promise === attempt) promise = undefined;
          throw error;
        },
      );
      promise = attempt;
      return attempt;
    },
    peek: () => value,
    current: () => (promise ? promise.catch(() => undefined) : Promise.resolve(undefined)),
    reset() {
      promise = undefined;
      value = undefined;
    },
  };
}
