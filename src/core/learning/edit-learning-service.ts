import { GuidanceNotFoundError } from '../errors.js';
import type { Platform } from '../platforms/platform-id.js';
import type { Clock, EditPairRepository, ProfileRepository, SettingsRepository } from '../ports.js';
import type { Post } from '../posts/post-schema.js';
import type { Profile } from '../profiles/profile-schema.js';
import type { ProfileService, Scope } from '../profiles/profile-service.js';
import { learnGuidance, type EditGuidance, type GuidanceItem } from './edit-guidance.js';
import { ACCEPTED_STATUSES } from './own-posts.js';

/** Guidance is learnt from the most recent approvals, so that it follows the user's habits as they change. */
export const RECENT_PAIRS = 50;
/** Guidance results kept in the process (a few per profile and platform). */
const CACHE_SIZE = 200;

export interface EditLearningDeps {
  pairs: EditPairRepository;
  profiles: ProfileService;
  settings: SettingsRepository;
  workspaces: Pick<ProfileRepository, 'ensureWorkspace'>;
  clock: Clock;
}

/** `smm voice guidance list`: what the edits taught, with evidence. */
export interface GuidanceView {
  handle: string;
  /** Approved drafts the guidance was learnt from (the most recent 50 at most). */
  pairCount: number;
  guidance: GuidanceItem[];
  /** Learnt but removed by the user: left out of prompts and ranking until restored. */
  removed: GuidanceItem[];
}

/** Settings key of a profile's removed guidance ids. */
export function removedGuidanceKey(profileId: number): string {
  return `voice.removed-guidance.${profileId}`;
}

/**
 * The edit-learning loop: keeps (generated → approved) pairs as drafts are
 * approved, turns recurring edits into guidance for the prompt and the
 * ranking, and lets the user remove guidance they do not want.
 */
export class EditLearningService {
  /** Learnt guidance by the pairs and removals it came from: a server generating all day reads 50 rows, not 50 diffs. */
  private readonly cache = new Map<string, EditGuidance>();

  constructor(private readonly deps: EditLearningDeps) {}

  /**
   * Called after a post changes: a generated draft that is now approved,
   * scheduled or published has its current text kept as the approved one.
   * Learning is a side effect of approval: if it fails the approval stands.
   */
  async recordApproval(post: Post): Promise<void> {
    if (post.source !== 'generated' || !ACCEPTED_STATUSES.has(post.status)) return;
    try {
      await this.deps.pairs.recordApproved(post.id, { platform: post.platform, approvedText: post.text, at: this.deps.clock.now().toISOString() });
    } catch {
      // The next approval of the draft records it again; nothing else depends on it.
    }
  }

  /** The guidance for writing for `profile` (typical lengths from `platform`'s pairs when there are enough). */
  async guidanceFor(profile: Profile, platform?: Platform): Promise<EditGuidance> {
    const [pairs, removed] = await Promise.all([this.deps.pairs.listApproved(profile.id, RECENT_PAIRS), this.removedIds(profile)]);
    const key = `${profile.id}|${platform ?? ''}|${[...removed].sort().join(',')}|${pairs.map((pair) => `${pair.postId}@${pair.approvedAt}`).join(',')}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const guidance = learnGuidance(pairs, removed, platform);
    if (this.cache.size >= CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(key, guidance);
    return guidance;
  }

  async show(scope: Scope, handle: string): Promise<GuidanceView> {
    const profile = await this.deps.profiles.get(scope, handle);
    return this.viewOf(profile, await this.guidanceFor(profile));
  }

  /** Removes a learnt item from prompts and ranking; it stays removed however much evidence comes later. */
  async remove(scope: Scope, handle: string, id: string): Promise<GuidanceView> {
    const profile = await this.deps.profiles.get(scope, handle);
    const guidance = await this.guidanceFor(profile);
    if (guidance.removed.some((item) => item.id === id)) return this.viewOf(profile, guidance);
    if (!guidance.items.some((item) => item.id === id)) throw new GuidanceNotFoundError(profile.handle, id, guidance.items.map((item) => item.id), false);
    const removed = await this.removedIds(profile);
    removed.add(id);
    await this.saveRemoved(profile, removed);
    return this.viewOf(profile, await this.guidanceFor(profile));
  }

  /** Puts a removed item back. */
  async restore(scope: Scope, handle: string, id: string): Promise<GuidanceView> {
    const profile = await this.deps.profiles.get(scope, handle);
    const removed = await this.removedIds(profile);
    if (!removed.has(id)) throw new GuidanceNotFoundError(profile.handle, id, [...removed].sort(), true);
    removed.delete(id);
    await this.saveRemoved(profile, removed);
    return this.viewOf(profile, await this.guidanceFor(profile));
  }

  private viewOf(profile: Profile, guidance: EditGuidance): GuidanceView {
    return { handle: profile.handle, pairCount: guidance.pairCount, guidance: guidance.items, removed: guidance.removed };
  }

  private async removedIds(profile: Profile): Promise<Set<string>> {
    const workspace = await this.deps.workspaces.ensureWorkspace(profile.workspace);
    const raw = await this.deps.settings.get(workspace.id, removedGuidanceKey(profile.id));
    if (raw === undefined) return new Set();
    try {
      const parsed: unknown = JSON.parse(raw);
      return new Set(Array.isArray(parsed) ? parsed.filter((value): value is string => typeof value === 'string') : []);
    } catch {
      // An unreadable list removes nothing; the next removal rewrites it.
      return new Set();
    }
  }

  private async saveRemoved(profile: Profile, removed: ReadonlySet<string>): Promise<void> {
    const workspace = await this.deps.workspaces.ensureWorkspace(profile.workspace);
    await this.deps.settings.set(workspace.id, removedGuidanceKey(profile.id), JSON.stringify([...removed].sort()));
  }
}
