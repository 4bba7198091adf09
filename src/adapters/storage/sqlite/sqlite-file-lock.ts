/**
 * One async mutex per SQLite file in this process. better-sqlite3 is
 * synchronous: if two connections to one file interleaved their transactions
 * on this thread, the second would sit in SQLite's busy handler, blocking the
 * very thread the first needs to commit. Taking this lock before every use of
 * a connection turns that deadlock into a queue. Other processes are kept in
 * order by SQLite's own file locks and busy timeout.
 */
export class AsyncMutex {
  private tail: Promise<void> = Promise.resolve();
  /** Holders and waiters: 0 when nobody holds the lock or waits for it. */
  private users = 0;

  /** Nobody holds the lock or waits for it: synchronous work may run now without taking it (nothing can interleave). */
  get idle(): boolean {
    return this.users === 0;
  }

  /** Resolves with the function that releases the lock, once it is this caller's turn. */
  acquire(): Promise<() => void> {
    this.users += 1;
    let released = false;
    let resolveTurn!: () => void;
    const turn = new Promise<void>((resolve) => {
      resolveTurn = resolve;
    });
    const release = () => {
      if (released) return;
      released = true;
      this.users -= 1;
      resolveTurn();
    };
    const previous = this.tail;
    this.tail = previous.then(() => turn);
    return previous.then(() => release);
  }
}

const locks = new Map<string, AsyncMutex>();

/** The process-wide lock for a database file (an in-memory database gets a lock of its own). */
export function fileLock(path: string): AsyncMutex {
  if (path === ':memory:' || path === '') return new AsyncMutex();
  let lock = locks.get(path);
  if (!lock) {
    lock = new AsyncMutex();
    locks.set(path, lock);
  }
  return lock;
}
