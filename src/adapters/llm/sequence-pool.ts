import { CancelledError } from '../../core/errors.js';

/** One slot of the pool: a context sequence and the prompt it last evaluated. */
export interface PoolSlot<S> {
  readonly item: S;
  /** The text of the last prompt this slot evaluated ('' when fresh or cleared). */
  key: string;
  busy: boolean;
  lastUsed: number;
}

/**
 * A fixed set of context sequences, handed out one request at a time. A
 * request gets the free sequence whose last prompt shares the longest
 * beginning with its own, when that is at least half of its prompt (so that
 * llama.cpp evaluates only what changed); else the least recently used one,
 * so that a different prompt does not evict a well-used prefix: the pool is
 * a small LRU of prompt prefixes whose memory is fixed when the context is
 * made. When every sequence is busy, requests wait in order.
 */
export class SequencePool<S> {
  private readonly slots: Array<PoolSlot<S>>;
  private readonly waiting: Array<() => void> = [];
  private clock = 0;

  constructor(items: readonly S[]) {
    this.slots = items.map((item) => ({ item, key: '', busy: false, lastUsed: 0 }));
  }

  get size(): number {
    return this.slots.length;
  }

  /** Waits for a free slot (or the signal), then reserves the best one for `key`. */
  async acquire(key: string, signal?: AbortSignal): Promise<PoolSlot<S>> {
    for (;;) {
      if (signal?.aborted) throw new CancelledError('The model request was cancelled.');
      const slot = this.best(key);
      if (slot) {
        slot.busy = true;
        slot.lastUsed = ++this.clock;
        return slot;
      }
      await new Promise<void>((resolve) => {
        const wake = () => {
          signal?.removeEventListener('abort', wake);
          const index = this.waiting.indexOf(wake);
          if (index >= 0) this.waiting.splice(index, 1);
          resolve();
        };
        this.waiting.push(wake);
        signal?.addEventListener('abort', wake, { once: true });
      });
    }
  }

  /** Frees a slot, remembering what it now holds ('' when its state was discarded). */
  release(slot: PoolSlot<S>, key: string): void {
    slot.key = key;
    slot.busy = false;
    this.waiting.shift()?.();
  }

  private best(key: string): PoolSlot<S> | undefined {
    let longest: PoolSlot<S> | undefined;
    let longestShared = -1;
    let oldest: PoolSlot<S> | undefined;
    for (const slot of this.slots) {
      if (slot.busy) continue;
      const shared = sharedPrefixLength(slot.key, key);
      if (shared > longestShared || (shared === longestShared && longest && slot.lastUsed < longest.lastUsed)) {
        longest = slot;
        longestShared = shared;
      }
      if (!oldest || slot.lastUsed < oldest.lastUsed) oldest = slot;
    }
    return longestShared * 2 >= key.length ? longest : oldest;
  }
}

/** Characters two strings share from their start. */
export function sharedPrefixLength(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  let index = 0;
  while (index < length && a.charCodeAt(index) === b.charCodeAt(index)) index += 1;
  return index;
}
