import type { ApiKeyRepository, ChangeToken, ProfileRepository } from '../../core/ports.js';

/**
 * Rows of the catalogue (profiles, API keys) kept in memory while nobody has
 * changed the catalogue: every authenticated request looks up its key, and
 * most look up a profile by handle, so on PostgreSQL these were two round
 * trips per request before the one that does the work. The `token` changes
 * when any process commits a change to workspaces, profiles or API keys
 * (migration 0009: a counter raised by triggers on SQLite, NOTIFY on
 * PostgreSQL); this process's own writes through the wrapped repositories
 * drop everything at once, before the notification arrives. While the token
 * is unknown (e.g. the PostgreSQL listener is reconnecting) nothing is kept.
 */
export class CatalogueCache {
  private readonly entries = new Map<string, { token: number; value: unknown }>();
  private local = 0;

  constructor(
    private readonly token: ChangeToken,
    private readonly maxEntries = 10_000,
  ) {}

  /** The value for `key`, loaded when missing or stale; undefined answers are not kept. */
  async get<T>(key: string, load: () => Promise<T | undefined>): Promise<T | undefined> {
    const base = this.token.current();
    if (base === undefined) return load();
    // Read before loading: a change committed meanwhile leaves the entry under the older token.
    const token = base + this.local;
    const hit = this.entries.get(key);
    if (hit && hit.token === token) return hit.value as T;
    const value = await load();
    if (value !== undefined) {
      if (this.entries.size >= this.maxEntries) this.entries.clear();
      this.entries.set(key, { token, value });
    }
    return value;
  }

  /** This process changed the catalogue: nothing kept so far is reused. */
  changed(): void {
    this.local += 1;
    this.entries.clear();
  }

  close(): void {
    this.token.close();
  }
}

/** Runs a write, then drops the cache (also when the write fails half-way). */
async function writing<T>(cache: CatalogueCache, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } finally {
    cache.changed();
  }
}

/** Profiles by handle and by id from the cache; writes drop it. */
export function cachedProfiles(profiles: ProfileRepository, cache: CatalogueCache): ProfileRepository {
  return {
    ensureWorkspace: (name) => profiles.ensureWorkspace(name),
    create: (workspace, fields, owner) => writing(cache, () => profiles.create(workspace, fields, owner)),
    findByHandle: (workspace, handle) => cache.get(`handle\u0000${workspace}\u0000${handle}`, () => profiles.findByHandle(workspace, handle)),
    findById: (id) => cache.get(`id\u0000${id}`, () => profiles.findById(id)),
    list: (workspace, options) => profiles.list(workspace, options),
    update: (id, fields) => writing(cache, () => profiles.update(id, fields)),
    delete: (id) => writing(cache, () => profiles.delete(id)),
  };
}

/** API keys by prefix from the cache (the caller still compares the secret's hash); writes drop it. */
export function cachedApiKeys(keys: ApiKeyRepository, cache: CatalogueCache): ApiKeyRepository {
  return {
    create: (key) => writing(cache, () => keys.create(key)),
    findByPrefix: (prefix) => cache.get(`key\u0000${prefix}`, () => keys.findByPrefix(prefix)),
    list: (workspace) => keys.list(workspace),
    revoke: (id) => writing(cache, () => keys.revoke(id)),
    touch: (id, at) => keys.touch(id, at),
    countActive: () => keys.countActive(),
  };
}
