/** A value built on first use, once, even when asked for concurrently. */
export function lazy<T>(build: () => Promise<T>): { get(): Promise<T>; peek(): T | undefined } {
  let promise: Promise<T> | undefined;
  let value: T | undefined;
  return {
    get() {
      promise ??= build().then(
        (built) => (value = built),
        (error: unknown) => {
          promise = undefined;
          throw error;
        },
      );
      return promise;
    },
    peek: () => value,
  };
}
