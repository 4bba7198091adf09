import { BACKGROUND_TEXTS } from '../../../test/helpers/voice-samples.js';
import { beforeEach, describe, expect, it } from 'vitest';
import type { NewPost, PostRepository } from '../ports.js';
import { PostInputSchema, type PostInput } from '../posts/post-schema.js';
import { ProfileService } from '../profiles/profile-service.js';
import type { Profile } from '../profiles/profile-schema.js';
import { MemoryStorage } from '../../../test/fakes/memory-storage.js';
import { fingerprintSettingKey, VoiceService } from './voice-service.js';
import { scoreVoice } from './voice-score.js';

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

describe('VoiceService: messages, fallbacks and the workspace model', () => {
  const scope = { workspace: 'default' };
  const BACKGROUND = BACKGROUND_TEXTS.slice(0, 6);
  const LOUD = [
    'HUGE news today!!! our app just hit 1M downloads 🚀🚀 #startup #growth',
    'who else is SO ready for the weekend?!? 🎉🎉 #fridayfeeling',
    'NEW DROP: dark mode is LIVE 🔥🔥 go update now!!! #product',
    'GIVEAWAY time 🎁🎁 tag 3 friends and follow us to win!!! #contest',
    'monday motivation: just SHIP IT 🚀 #hustle #startup',
  ];
  let storage: MemoryStorage;
  let profiles: ProfileService;
  let profile: Profile;

  beforeEach(async () => {
    storage = new MemoryStorage();
    profiles = new ProfileService(storage.profiles);
    profile = await profiles.create(scope, { handle: 'marsh', displayName: 'Marsh Reserve' });
    await storage.posts.insertMany(profile.id, CALM.map((text) => post(text)));
  });

  it('keys a stored fingerprint by profile id', () => {
    expect(fingerprintSettingKey(7)).toBe('voice.fingerprint.7');
  });

  it('says how many past posts a profile has when they are too few, in the singular and the plural', async () => {
    await profiles.create(scope, { handle: 'none', displayName: 'None' });
    const one = await profiles.create(scope, { handle: 'one', displayName: 'One' });
    await storage.posts.insert(one.id, post('Just the one post here.'));
    const voice = new VoiceService({ posts: storage.posts, profiles });
    expect((await voice.show(scope, 'none')).summary).toEqual(['Only 0 past posts: import its history (smm import) to derive its habits.']);
    expect((await voice.show(scope, 'one')).summary).toEqual(['Only 1 past post: import its history (smm import) to derive its habits.']);
    expect((await voice.show(scope, 'one')).figures).toBeNull();
    await expect(voice.fingerprint(scope, 'one')).rejects.toMatchObject({
      code: 'invalid_input',
      message: '@one has 1 past post; a voice needs at least 5 to be measured.',
      hint: 'Import its history with {{`smm import <export> --profile one`|import_posts}}, or add posts with {{`smm post add`|create_post}}.',
      details: { count: 1, minimum: 5 },
    });
    await expect(voice.score(scope, 'none', 'hello there')).rejects.toMatchObject({ message: '@none has 0 past posts; a voice needs at least 5 to be measured.', details: { count: 0, minimum: 5 } });
  });

  it('refuses to score an empty or blank text, with a hint', async () => {
    const voice = new VoiceService({ posts: storage.posts, profiles });
    for (const text of ['', '  \n ']) {
      await expect(voice.score(scope, 'marsh', text)).rejects.toMatchObject({ code: 'invalid_input', message: 'Nothing to score: the text is empty.', hint: 'Pass the text to score.' });
    }
  });

  it('scores by the fingerprint alone when the profile is alone and there is no background', async () => {
    const voice = new VoiceService({ posts: storage.posts, profiles });
    const text = 'Mist over the reeds this morning. The geese are back, loud as ever.';
    const expected = scoreVoice(await voice.fingerprint(scope, 'marsh'), text);
    expect((await voice.contextFor(profile)).scoreVoice?.(text)).toEqual(expected);
    expect(await voice.score(scope, 'marsh', text)).toEqual({ handle: 'marsh', score: Math.round(expected.score), notes: expected.notes, sampleCount: CALM.length });
  });

  it('scores with the workspace model when two profiles can be told apart, even without a background', async () => {
    const startup = await profiles.create(scope, { handle: 'startup', displayName: 'Startup' });
    await storage.posts.insertMany(startup.id, LOUD.map((text) => post(text)));
    const voice = new VoiceService({ posts: storage.posts, profiles, pause: () => Promise.resolve() });
    const text = 'Mist over the reeds this morning. The geese are back, loud as ever.';
    const byFingerprint = scoreVoice(await voice.fingerprint(scope, 'marsh'), text);
    const scorer = (await voice.contextFor(profile)).scoreVoice;
    const byModel = scorer?.(text);
    expect(byModel).not.toEqual(byFingerprint);
    // The model's score has one decimal; the fingerprint's is not rounded.
    expect(byModel?.score).toBe(Math.round((byModel?.score ?? 0) * 10) / 10);
    expect(scorer?.('   ')).toEqual({ score: 0, notes: ['The text is empty.'] });
  });

  it('leaves profiles with too few posts out of the workspace model', async () => {
    const text = 'Mist over the reeds this morning. The geese are back, loud as ever.';
    const startup = await profiles.create(scope, { handle: 'startup', displayName: 'Startup' });
    await storage.posts.insertMany(startup.id, LOUD.map((one) => post(one)));
    const before = (await new VoiceService({ posts: storage.posts, profiles, background: () => BACKGROUND, pause: () => Promise.resolve() }).contextFor(profile)).scoreVoice?.(text);
    const fresh = await profiles.create(scope, { handle: 'fresh', displayName: 'Fresh' });
    await storage.posts.insertMany(fresh.id, [post('Mist over the reeds this morning, again.'), post('The geese are back, loud as ever today.')]);
    const after = (await new VoiceService({ posts: storage.posts, profiles, background: () => BACKGROUND, pause: () => Promise.resolve() }).contextFor(profile)).scoreVoice?.(text);
    expect(after).toEqual(before);
  });

  it('notices an edit of the newest post (same count, same newest id)', async () => {
    const voice = new VoiceService({ posts: storage.posts, profiles });
    const before = await voice.fingerprint(scope, 'marsh');
    const newest = (await storage.posts.list({ workspace: 'default', profileId: profile.id, limit: 1 })).posts[0];
    await storage.posts.update(newest?.id ?? 0, post('EDITED!!! #one #two #three 🚀🚀 @someone'));
    const after = await voice.fingerprint(scope, 'marsh');
    expect(after).not.toEqual(before);
    expect(after.sampleCount).toBe(CALM.length);
  });

  it('reads pages of 500 posts until it has enough samples', async () => {
    const many = Array.from({ length: 501 }, (_, index) => post(`Note ${index}.`));
    const big = await profiles.create(scope, { handle: 'big', displayName: 'Big' });
    await storage.posts.insertMany(big.id, many);
    const all = counting(storage.posts);
    expect((await new VoiceService({ posts: all.posts, profiles }).show(scope, 'big')).sampleCount).toBe(501);
    expect(all.lists()).toBe(2);
    const few = counting(storage.posts);
    expect((await new VoiceService({ posts: few.posts, profiles, maxSamples: 500 }).show(scope, 'big')).sampleCount).toBe(500);
    expect(few.lists()).toBe(1);
  });

  it('does not read a stored fingerprint back once the posts it came from changed, even at the same count', async () => {
    const store = { settings: storage.settings, workspaces: storage.profiles };
    await new VoiceService({ posts: storage.posts, profiles, store }).contextFor(profile);
    const raw = await storage.settings.get(1, fingerprintSettingKey(profile.id));
    const stored = JSON.parse(raw ?? '{}');
    stored.fingerprint.sampleCount = 999;
    await storage.settings.set(1, fingerprintSettingKey(profile.id), JSON.stringify(stored));
    const oldest = (await storage.posts.list({ workspace: 'default', profileId: profile.id, limit: 100 })).posts.at(-1);
    await storage.posts.delete(oldest?.id ?? 0);
    await storage.posts.insert(profile.id, post('Dragonflies everywhere today. Summer has arrived at the pond.'));
    const view = await new VoiceService({ posts: storage.posts, profiles, store }).show(scope, 'marsh');
    expect(view.sampleCount).toBe(CALM.length);
    expect(view.figures?.sampleCount).toBe(CALM.length);
  });
});
