import type { Profile } from '../profiles/profile-schema.js';
import type { ListedPost } from './post-service.js';

/**
 * Renderings of listed posts (e.g. each post's JSON), kept in memory with
 * everything a rendering depends on: the post's id and row version
 * (raised by the database on every update, whoever writes) and its
 * profile's tag (handle and voice guide: the rule check reads the guide).
 * The platform rules and configured limits are fixed for the life of the
 * process. `PostService.listRendered` reads the page's versions from the
 * database on every call and renders only the posts whose key is missing.
 * At most `maxEntries` renderings are kept, least recently used dropped
 * first; 0 keeps none.
 */
export class RenderedPosts<T> {
  /** By post id: one rendering per post, of the version and profile tag it was made for. */
  private readonly entries = new Map<number, { version: number; tag: number; value: T }>();

  constructor(
    readonly render: (post: ListedPost) => T,
    readonly maxEntries: number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** The rendering of this post at this row version and profile tag, if kept. */
  get(id: number, version: number, tag: number): T | undefined {
    const entry = this.entries.get(id);
    if (entry === undefined || entry.version !== version || entry.tag !== tag) return undefined;
    // Re-insert: Map order is the recency order.
    this.entries.delete(id);
    this.entries.set(id, entry);
    return entry.value;
  }

  /** Keeps a rendering, replacing the post's older one. */
  set(id: number, version: number, tag: number, value: T): void {
    if (this.maxEntries <= 0) return;
    this.entries.delete(id);
    this.entries.set(id, { version, tag, value });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as number);
  }
}

/**
 * Small numbers naming what of a profile a listed post's rendering depends
 * on (handle and voice guide): equal for equal content, new for any change.
 * Profile objects are kept by the catalogue cache while nothing changes, so
 * the tag is computed once per object.
 */
export class ProfileTags {
  private readonly byObject = new WeakMap<Profile, number>();
  private readonly byContent = new Map<string, number>();
  private next = 1;

  constructor(private readonly maxContents = 10_000) {}

  of(profile: Profile): number {
    let tag = this.byObject.get(profile);
    if (tag === undefined) {
      const content = `${profile.id}\u0000${profile.handle}\u0000${JSON.stringify(profile.voice)}`;
      tag = this.byContent.get(content);
      if (tag === undefined) {
        // Numbers are never reused, so clearing only costs renderings, never a wrong one.
        if (this.byContent.size >= this.maxContents) this.byContent.clear();
        tag = this.next++;
        this.byContent.set(content, tag);
      }
      this.byObject.set(profile, tag);
    }
    return tag;
  }
}
