import { beforeEach, describe, expect, it } from 'vitest';
import type { NewPost, PostRepository } from '../ports.js';
import { PostInputSchema, type PostInput } from '../posts/post-schema.js';
import { ProfileService } from '../profiles/profile-service.js';
import type { Profile } from '../profiles/profile-schema.js';
import { MemoryStorage } from '../../../test/fakes/memory-storage.js';
import { fingerprintSettingKey, VoiceService } from './voice-service.js';

const CALM = [
  'A quiet morning on the trail. The fog lifts slowly over the valley.',
  'We planted forty oaks this spring. They will outlive all of us.',
  'Rain again. The moss is delighted, and so are we.',
  'The river is high this week. Please keep to the marked paths.',
  'Owls at dusk, frogs at night. The marsh never really sleeps.',
  'Trail crews rebuilt the old stone steps by hand. Thank you, all of you.',
  'First frost on the meadow. Bring a warm layer if you come early.',
  'A heron stood still for an hour by the pond. We learned something.',
];

function post(text: string, fields: Partial<PostInput> = {}): NewPost {
  return { ...PostInputSchema.parse({ platform: 'x', status: 'published', source: 'imported', text, ...fields }), dedupeKey: `k:${text}` };
}

/** Counts list calls: a cached fingerprint is not read again. */
function counting(posts: PostRepository): { posts: PostRepository; lists: () => number } {
  let lists = 0;
  return {
    posts: {
      ...posts,
      list: (query) => {
        lists += query.limit > 1 ? 1 : 0;
        return posts.list(query);
      },
    },
    lists: () => lists,
  };
}

describe('VoiceService', () => {
  const scope = { workspace: 'default' };
  let storage: MemoryStorage;
  let profiles: ProfileService;
  let profile: Profile;

  beforeEach(async () => {
    storage = new MemoryStorage();
    profiles = new ProfileService(storage.profiles);
    profile = await profiles.create(scope, { handle: 'marsh', displayName: 'Marsh Reserve', voice: { tone: 'calm, observant' } });
    await storage.posts.insertMany(profile.id, CALM.map((text) => post(text)));
  });

  it('shows the written guide next to the habits derived from past posts', async () => {
    const view = await new VoiceService({ posts: storage.posts, profiles }).show(scope, 'marsh');
    expect(view).toMatchObject({ handle: 'marsh', displayName: 'Marsh Reserve', sampleCount: CALM.length });
    expect(view.voiceGuide.tone).toBe('calm, observant');
    expect(view.summary.length).toBeGreaterThan(2);
    expect(view.figures?.sampleCount).toBe(CALM.length);
    expect(view.figures).not.toHaveProperty('ngrams');
  });

  it('scores a text in the voice above one that is not', async () => {
    const voice = new VoiceService({ posts: storage.posts, profiles });
    const calm = await voice.score(scope, 'marsh', 'Mist over the reeds this morning. The geese are back, loud as ever.');
    const loud = await voice.score(scope, 'marsh', '🚀🚀 HUGE DEAL!!! 50% OFF ALL TICKETS TODAY ONLY #sale #deal #promo @everyone https://bit.ly/x');
    expect(calm.score).toBeGreaterThan(loud.score);
    expect(calm).toMatchObject({ handle: 'marsh', sampleCount: CALM.length });
    expect(loud.notes.length).toBeGreaterThan(0);
    expect(Number.isInteger(calm.score)).toBe(true);
  });

  it('says what to do when a profile has too few posts', async () => {
    await profiles.create(scope, { handle: 'new', displayName: 'New' });
    const voice = new VoiceService({ posts: storage.posts, profiles });
    expect((await voice.show(scope, 'new')).summary[0]).toContain('smm import');
    await expect(voice.score(scope, 'new', 'hello there')).rejects.toMatchObject({ code: 'invalid_input', hint: expect.stringContaining('smm import') });
    const context = await voice.contextFor((await profiles.get(scope, 'new')));
    expect(context).toEqual({ sampleCount: 0, habits: [] });
  });

  it('builds from the most recent past posts only, never from generated drafts', async () => {
    await storage.posts.insertMany(profile.id, [post('GENERATED DRAFT SHOUTING', { status: 'draft', source: 'generated' }), post('an idea', { status: 'idea' })]);
    const voice = new VoiceService({ posts: storage.posts, profiles, maxSamples: 5 });
    expect((await voice.show(scope, 'marsh')).sampleCount).toBe(5);
    const context = await voice.contextFor(profile);
    expect(context.sampleCount).toBe(5);
    expect(context.habits.length).toBeGreaterThan(0);
    expect(context.scoreVoice?.('The fog is back.').score).toBeGreaterThan(0);
  });

  it('never learns from posts without words (photo-only, separators)', async () => {
    await storage.posts.insertMany(profile.id, [post('📸', { mediaCount: 2 }), post('————'), post('https://example.com/photo', { mediaCount: 1 })]);
    expect((await new VoiceService({ posts: storage.posts, profiles }).show(scope, 'marsh')).sampleCount).toBe(CALM.length);
  });

  it('caches per profile: generated drafts reuse the fingerprint, a new past post rebuilds it', async () => {
    const counted = counting(storage.posts);
    const voice = new VoiceService({ posts: counted.posts, profiles });
    const first = await voice.contextFor(profile);
    const reads = counted.lists();
    await voice.contextFor(profile);
    expect(counted.lists()).toBe(reads);

    await storage.posts.insert(profile.id, post('A generated draft', { status: 'draft', source: 'generated' }));
    const afterDraft = await voice.contextFor(profile);
    expect(afterDraft.sampleCount).toBe(first.sampleCount);
    expect(afterDraft.habits).toEqual(first.habits);

    await storage.posts.insert(profile.id, post('Snow on the boardwalk. Step carefully, and look up at the alders.'));
    expect((await voice.contextFor(profile)).sampleCount).toBe(first.sampleCount + 1);
  });

  it('keeps fingerprints in settings so that the next process reads instead of rebuilding', async () => {
    const store = { settings: storage.settings, workspaces: storage.profiles };
    await new VoiceService({ posts: storage.posts, profiles, store }).contextFor(profile);
    const raw = await storage.settings.get(1, fingerprintSettingKey(profile.id));
    expect(JSON.parse(raw ?? '{}').fingerprint.sampleCount).toBe(CALM.length);

    // A tampered stored copy with the right signature is what the next process uses: proof that it read it.
    const stored = JSON.parse(raw!);
    stored.fingerprint.sampleCount = 999;
    await storage.settings.set(1, fingerprintSettingKey(profile.id), JSON.stringify(stored));
    const view = await new VoiceService({ posts: storage.posts, profiles, store }).show(scope, 'marsh');
    expect(view.figures?.sampleCount).toBe(999);

    // A change to the posts invalidates the stored copy.
    await storage.posts.insert(profile.id, post('Dragonflies everywhere today. Summer has arrived at the pond.'));
    const rebuilt = await new VoiceService({ posts: storage.posts, profiles, store }).show(scope, 'marsh');
    expect(rebuilt.figures?.sampleCount).toBe(CALM.length + 1);
  });
});
