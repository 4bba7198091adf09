import { BACKGROUND_TEXTS } from '../../../test/helpers/voice-samples.js';
import { beforeEach, describe, expect, it } from 'vitest';
import type { NewPost } from '../ports.js';
import { PostInputSchema } from '../posts/post-schema.js';
import { ProfileService } from '../profiles/profile-service.js';
import { MemoryStorage } from '../../../test/fakes/memory-storage.js';
import { VoiceService } from './voice-service.js';

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

const LOUD = [
  'HUGE news today!!! our app just hit 1M downloads 🚀🚀 #startup #growth',
  'who else is SO ready for the weekend?!? 🎉🎉 #fridayfeeling',
  'NEW DROP: dark mode is LIVE 🔥🔥 go update now!!! #product',
  'can’t believe this team!!! shipped 3 features in 1 week 💪💪 #buildinpublic',
  'GIVEAWAY time 🎁🎁 tag 3 friends and follow us to win!!! #contest',
  'monday motivation: just SHIP IT 🚀 #hustle #startup',
];

const BACKGROUND = [...BACKGROUND_TEXTS];

function post(text: string, fields: Record<string, unknown> = {}): NewPost {
  return { ...PostInputSchema.parse({ platform: 'x', status: 'published', source: 'imported', text, ...fields }), dedupeKey: `k:${text}` };
}

describe('VoiceService with a workspace voice model', () => {
  const scope = { workspace: 'default' };
  let storage: MemoryStorage;
  let profiles: ProfileService;

  beforeEach(async () => {
    storage = new MemoryStorage();
    profiles = new ProfileService(storage.profiles);
    const marsh = await profiles.create(scope, { handle: 'marsh', displayName: 'Marsh Reserve' });
    await storage.posts.insertMany(marsh.id, CALM.map((text) => post(text)));
  });

  it('scores a single profile against the background, with reasons in words', async () => {
    const voice = new VoiceService({ posts: storage.posts, profiles, background: () => BACKGROUND });
    const calm = await voice.score(scope, 'marsh', 'Mist over the reeds this morning. The geese are back, loud as ever.');
    const loud = await voice.score(scope, 'marsh', '🚀🚀 HUGE DEAL!!! 50% OFF ALL TICKETS TODAY ONLY #sale #deal #promo @everyone');
    expect(calm.score).toBeGreaterThan(50);
    expect(loud.score).toBeLessThan(50);
    expect(loud.notes.join(' | ')).toMatch(/hashtags|capital letters|emoji/u);
  });

  it('gives generation a scorer that tells two profiles of one workspace apart', async () => {
    const startup = await profiles.create(scope, { handle: 'startup', displayName: 'Startup' });
    await storage.posts.insertMany(startup.id, LOUD.map((text) => post(text)));
    const voice = new VoiceService({ posts: storage.posts, profiles, background: () => BACKGROUND });
    const forMarsh = await voice.contextFor(await profiles.get(scope, 'marsh'));
    const forStartup = await voice.contextFor(startup);
    const text = 'BIG launch today!!! try the new beta 🚀🚀 #startup';
    expect(forStartup.scoreVoice?.(text).score).toBeGreaterThan(forMarsh.scoreVoice?.(text).score ?? 100);
  });

  it('keeps answering with the last model while a change retrains in the background', async () => {
    let releasePause: (() => void) | undefined;
    let blocking = false;
    const pause = (): Promise<void> => (blocking ? new Promise((resolve) => (releasePause = resolve)) : Promise.resolve());
    const voice = new VoiceService({ posts: storage.posts, profiles, background: () => BACKGROUND, pause });
    const marsh = await profiles.get(scope, 'marsh');
    const before = (await voice.contextFor(marsh)).scoreVoice?.('Geese over the marsh at dawn.').score;

    blocking = true;
    await storage.posts.insert(marsh.id, post('Dragonflies everywhere today. Summer has arrived at the pond.'));
    // The retrain is held at its first pause: the request is still answered, by the previous model.
    const during = (await voice.contextFor(marsh)).scoreVoice?.('Geese over the marsh at dawn.').score;
    expect(during).toBe(before);
    // The retrain reaches its first pause soon after (reading the new post, then the first profile).
    for (let turn = 0; turn < 100 && !releasePause; turn += 1) await new Promise((resolve) => setTimeout(resolve, 0));
    expect(releasePause).toBeDefined();
    expect((await voice.contextFor(marsh)).scoreVoice?.('Geese over the marsh at dawn.').score).toBe(before);
    blocking = false;
    releasePause?.();
  });

  it('learns from generated posts a person approved, not from drafts', async () => {
    const voice = new VoiceService({ posts: storage.posts, profiles, background: () => BACKGROUND });
    const marsh = await profiles.get(scope, 'marsh');
    await storage.posts.insert(marsh.id, post('A generated draft nobody looked at', { status: 'draft', source: 'generated' }));
    expect((await voice.contextFor(marsh)).sampleCount).toBe(CALM.length);
    await storage.posts.insert(marsh.id, post('Cranes over the reeds tonight. Bring binoculars.', { status: 'approved', source: 'generated' }));
    expect((await voice.contextFor(marsh)).sampleCount).toBe(CALM.length + 1);
  });

  it('falls back to the fingerprint score when there is nothing to compare with', async () => {
    const voice = new VoiceService({ posts: storage.posts, profiles });
    const result = await voice.score(scope, 'marsh', 'Mist over the reeds this morning.');
    expect(result.score).toBeGreaterThanOrEqual(0);
    expect(result.score).toBeLessThanOrEqual(100);
  });
});
