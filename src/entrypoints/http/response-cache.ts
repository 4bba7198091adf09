import type { ChangeToken } from '../../core/ports.js';

/**
 * Serialized answers of read-only operations, valid while the database has
 * not changed since they were computed (see ChangeToken). Least recently
 * used entries go first; large answers are not kept.
 */
export class ResponseCache {
  private readonly entries = new Map<string, { token: number; body: string }>();

  constructor(
    private readonly changes: ChangeToken,
    private readonly maxEntries = 1_000,
    private readonly maxBodyBytes = 256 * 1024,
  ) {}

  /** The database's token now; pass it to `set` so an answer computed during a change is never reused. */
  token(): number | undefined {
    return this.changes.current();
  }

  get(key: string, token: number | undefined): string | undefined {
    if (token === undefined) return undefined;
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.token !== token) {
      this.entries.delete(key);
      return undefined;
    }
    // Re-insert: Map order is the recency order.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.body;
  }

  set(key: string, token: number | undefined, body: string): void {
    if (token === undefined || body.length > this.maxBodyBytes) return;
    this.entries.set(key, { token, body });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
  }
}
