import { InvalidInputError } from '../errors.js';
import type { VoiceContext, VoiceContextSource } from '../generation/voice-context.js';
import { isOwnPost } from '../learning/own-posts.js';
import type { PostRepository, ProfileRepository, SettingsRepository } from '../ports.js';
import type { Post } from '../posts/post-schema.js';
import type { Profile, VoiceGuide } from '../profiles/profile-schema.js';
import type { ProfileService, Scope } from '../profiles/profile-service.js';
import { FINGERPRINT_VERSION, buildFingerprint, describeFingerprint, type VoiceFingerprint } from './voice-fingerprint.js';
import { scoreVoice } from './voice-score.js';
import type { VoiceSample } from './voice-types.js';

/** A fingerprint from fewer posts says more about chance than about the voice. */
export const MIN_VOICE_SAMPLES = 5;
const DEFAULT_MAX_SAMPLES = 2_000;
const PAGE = 500;
/** Profiles whose fingerprints stay cached in the process. */
const CACHE_SIZE = 200;

export interface VoiceServiceDeps {
  posts: PostRepository;
  profiles: ProfileService;
  /** The most recent posts a fingerprint is built from (default 2,000). */
  maxSamples?: number;
  /**
   * Where fingerprints are kept between processes (per workspace settings):
   * building one from 2,000 posts takes seconds, reading it back milliseconds.
   */
  store?: { settings: SettingsRepository; workspaces: Pick<ProfileRepository, 'ensureWorkspace'> };
}

/** Settings key of a profile's stored fingerprint. */
export function fingerprintSettingKey(profileId: number): string {
  return `voice.fingerprint.${profileId}`;
}

/** `smm voice show`: the written guide next to what the past posts show. */
export interface VoiceView {
  handle: string;
  displayName: string;
  voiceGuide: VoiceGuide;
  /** Past posts the fingerprint was built from. */
  sampleCount: number;
  /** The fingerprint in sentences a person understands. */
  summary: string[];
  /** The fingerprint's figures (without its n-gram profile), or null when there are too few posts. */
  figures: VoiceFigures | null;
}

/** The readable part of a fingerprint: what `voice show --json` prints. */
export type VoiceFigures = Omit<VoiceFingerprint, 'ngrams' | 'style'>;

/** `smm voice score`: how much a text sounds like the profile. */
export interface VoiceScoreResult {
  handle: string;
  /** 0-100. */
  score: number;
  notes: string[];
  sampleCount: number;
}

interface Entry {
  key: string;
  /** Which posts the fingerprint was built from: it is rebuilt only when they change. */
  signature: string;
  sampleCount: number;
  fingerprint: VoiceFingerprint | null;
  habits: string[];
}

/**
 * A profile's derived voice: the fingerprint of its most recent past posts
 * (cached per profile until a post is added, removed or edited), described
 * in words, and a score of any text against it.
 */
export class VoiceService implements VoiceContextSource {
  private readonly cache = new Map<number, Entry>();

  constructor(private readonly deps: VoiceServiceDeps) {}

  /** The fingerprint of a profile; InvalidInputError when it has too few past posts. */
  async fingerprint(scope: Scope, handle: string): Promise<VoiceFingerprint> {
    const profile = await this.deps.profiles.get(scope, handle);
    const entry = await this.entryFor(profile);
    if (!entry.fingerprint) throw tooFewPosts(profile, entry.sampleCount);
    return entry.fingerprint;
  }

  async show(scope: Scope, handle: string): Promise<VoiceView> {
    const profile = await this.deps.profiles.get(scope, handle);
    const entry = await this.entryFor(profile);
    return {
      handle: profile.handle,
      displayName: profile.displayName,
      voiceGuide: profile.voice,
      sampleCount: entry.sampleCount,
      summary: entry.fingerprint
        ? entry.habits
        : [`Only ${entry.sampleCount} past post${entry.sampleCount === 1 ? '' : 's'}: import its history (smm import) to derive its habits.`],
      figures: entry.fingerprint ? figuresOf(entry.fingerprint) : null,
    };
  }

  async score(scope: Scope, handle: string, text: string): Promise<VoiceScoreResult> {
    const profile = await this.deps.profiles.get(scope, handle);
    if (!text.trim()) throw new InvalidInputError('Nothing to score: the text is empty.', { hint: 'Pass the text to score.' });
    const entry = await this.entryFor(profile);
    if (!entry.fingerprint) throw tooFewPosts(profile, entry.sampleCount);
    const result = scoreVoice(entry.fingerprint, text);
    return { handle: profile.handle, score: Math.round(result.score), notes: result.notes, sampleCount: entry.sampleCount };
  }

  /** What generation needs: the habits in words and a scorer (none when there are too few posts). */
  async contextFor(profile: Profile): Promise<VoiceContext> {
    const entry = await this.entryFor(profile);
    const fingerprint = entry.fingerprint;
    return {
      sampleCount: entry.sampleCount,
      habits: fingerprint ? entry.habits : [],
      ...(fingerprint ? { scoreVoice: (text: string) => scoreVoice(fingerprint, text) } : {}),
    };
  }

  private async entryFor(profile: Profile): Promise<Entry> {
    const key = await this.cacheKey(profile);
    const cached = this.cache.get(profile.id);
    if (cached && cached.key === key) return this.remember(profile.id, cached);
    // Something changed, often only new generated drafts: rebuild only when the samples did.
    const samples = await this.samplesOf(profile);
    const signature = signatureOf(samples);
    if (cached && cached.signature === signature) return this.remember(profile.id, { ...cached, key });
    const fingerprint =
      samples.length < MIN_VOICE_SAMPLES ? null : ((await this.loadStored(profile, signature)) ?? (await this.buildAndStore(profile, samples, signature)));
    const entry: Entry = { key, signature, sampleCount: samples.length, fingerprint, habits: fingerprint ? describeFingerprint(fingerprint) : [] };
    return this.remember(profile.id, entry);
  }

  private remember(profileId: number, entry: Entry): Entry {
    // The map's order is the eviction order: the latest used goes last.
    this.cache.delete(profileId);
    this.cache.set(profileId, entry);
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as number);
    return entry;
  }

  private async loadStored(profile: Profile, signature: string): Promise<VoiceFingerprint | undefined> {
    const store = this.deps.store;
    if (!store) return undefined;
    try {
      const workspace = await store.workspaces.ensureWorkspace(profile.workspace);
      const raw = await store.settings.get(workspace.id, fingerprintSettingKey(profile.id));
      if (raw === undefined) return undefined;
      const stored = JSON.parse(raw) as { signature?: string; fingerprint?: VoiceFingerprint };
      return stored.signature === signature && stored.fingerprint?.version === FINGERPRINT_VERSION ? stored.fingerprint : undefined;
    } catch {
      // A stored fingerprint is a cache: unreadable means rebuild.
      return undefined;
    }
  }

  private async buildAndStore(profile: Profile, samples: VoiceSample[], signature: string): Promise<VoiceFingerprint> {
    const fingerprint = buildFingerprint(samples);
    const store = this.deps.store;
    if (store) {
      try {
        const workspace = await store.workspaces.ensureWorkspace(profile.workspace);
        await store.settings.set(workspace.id, fingerprintSettingKey(profile.id), JSON.stringify({ signature, fingerprint }));
      } catch {
        // Keeping it is an optimisation; the fingerprint itself is good.
      }
    }
    return fingerprint;
  }

  /** Post count and the newest post's identity: any insert or delete, or an edit of the newest, changes it. */
  private async cacheKey(profile: Profile): Promise<string> {
    const [count, newest] = await Promise.all([
      this.deps.posts.countByProfile(profile.id),
      this.deps.posts.list({ workspace: profile.workspace, profileId: profile.id, limit: 1 }),
    ]);
    const post = newest.posts[0];
    return `${count}:${post?.id ?? 0}:${post?.updatedAt ?? ''}`;
  }

  /** The most recent past posts, newest first: what the voice published, not drafts the model wrote. */
  private async samplesOf(profile: Profile): Promise<Sample[]> {
    const max = this.deps.maxSamples ?? DEFAULT_MAX_SAMPLES;
    const samples: Sample[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.deps.posts.list({ workspace: profile.workspace, profileId: profile.id, limit: PAGE, cursor });
      for (const post of page.posts) if (isSample(post)) samples.push({ text: post.text, publishedAt: post.publishedAt, id: post.id, updatedAt: post.updatedAt });
      cursor = page.nextCursor ?? undefined;
    } while (cursor && samples.length < max);
    return samples.slice(0, max);
  }
}

/** A sample with what identifies its version. */
interface Sample extends VoiceSample {
  id: number;
  updatedAt: string;
}

/** FNV-1a over the samples' ids and update times: equal when the same posts, unchanged, would be read. */
function signatureOf(samples: readonly Sample[]): string {
  let hash = 0x811c9dc5;
  for (const sample of samples) {
    const part = `${sample.id}@${sample.updatedAt};`;
    for (let index = 0; index < part.length; index += 1) hash = Math.imul(hash ^ part.charCodeAt(index), 0x01000193);
  }
  return `${samples.length}:${(hash >>> 0).toString(16)}`;
}

function figuresOf(fingerprint: VoiceFingerprint): VoiceFigures {
  const { ngrams: _ngrams, style: _style, ...figures } = fingerprint;
  return figures;
}

function isSample(post: Post): boolean {
  return isOwnPost(post);
}

function tooFewPosts(profile: Profile, count: number): InvalidInputError {
  return new InvalidInputError(
    `@${profile.handle} has ${count} past post${count === 1 ? '' : 's'}; a voice needs at least ${MIN_VOICE_SAMPLES} to be measured.`,
    { hint: `Import its history with \`smm import <export> --profile ${profile.handle}\`, or add posts with \`smm post add\`.`, details: { count, minimum: MIN_VOICE_SAMPLES } },
  );
}
