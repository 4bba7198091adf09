import { describe, expect, it } from 'vitest';
import type { Platform } from '../platforms/platform-id.js';
import { learnGuidance } from './edit-guidance.js';
import type { EditPair } from './edit-pair.js';

let nextId = 1;
function pair(generatedText: string, approvedText: string, platform: Platform = 'x'): EditPair {
  const postId = nextId++;
  return { postId, profileId: 1, platform, generationId: 1, generatedText, approvedText, generatedAt: '2026-01-01T00:00:00.000Z', approvedAt: '2026-01-02T00:00:00.000Z' };
}
const none = new Set<string>();
const ids = (pairs: EditPair[], removed = none) => learnGuidance(pairs, removed).items.map((item) => item.id);

describe('learnGuidance', () => {
  it('names emoji removed and drafts shortened, with evidence counts', () => {
    const pairs = [
      pair('🎉 Big news today! Our new roaster is finally here and it is a beauty, come and see it this week 🚀', 'Our new roaster is here. Come see it this week.'),
      pair('☕ Cold brew is back for the summer, eighteen hours of slow steeping for a smooth cup ☀️', 'Cold brew is back: eighteen hours of steeping.'),
      pair('Fresh pastries every morning from seven, baked right here in our own kitchen with love 🥐', 'Fresh pastries every morning from seven.'),
      pair('Closed on Monday for a private event.', 'Closed on Monday for a private event.'),
    ];
    const guidance = learnGuidance(pairs, none);
    expect(guidance.pairCount).toBe(4);
    const emoji = guidance.items.find((item) => item.id === 'removes-emoji');
    expect(emoji).toMatchObject({ description: 'removes emoji', count: 3, of: 3, evidence: '3 of 3 drafts that had emoji' });
    const shorter = guidance.items.find((item) => item.id === 'shortens');
    // The unchanged approval counts against: 3 of 4.
    expect(shorter).toMatchObject({ count: 3, of: 4, evidence: '3 of 4 approved drafts' });
    expect(shorter?.description).toMatch(/^shortens drafts by about \d+%$/);
    expect(shorter?.typicalLength).toBeGreaterThan(30);
    expect(shorter?.typicalLength).toBeLessThan(50);
    expect(ids(pairs)).not.toContain('lengthens');
  });

  it('needs at least two pairs and a majority', () => {
    expect(ids([pair('Great day 🎉', 'Great day')])).toEqual([]);
    const minority = [
      pair('Great day 🎉', 'Great day'),
      pair('Lovely day 🌞', 'Lovely day 🌞'),
      pair('Good morning ☕', 'Good morning ☕'),
      pair('New beans 🫘', 'New beans 🫘'),
    ];
    expect(ids(minority)).not.toContain('removes-emoji');
    expect(learnGuidance([], none)).toEqual({ pairCount: 0, items: [], removed: [] });
  });

  it('finds a replaced phrase and what replaces it, not its single words', () => {
    const pairs = [
      pair("We're excited to announce our spring menu, with three new drinks.", "We shipped our spring menu, with three new drinks."),
      pair('Excited to announce a second shop in Lyon, opening in May.', 'We shipped a second shop in Lyon, opening in May.'),
      pair('So excited to announce that oat milk is now free.', 'We shipped it: oat milk is now free.'),
    ];
    const phrase = learnGuidance(pairs, none).items.find((item) => item.kind === 'phrase');
    expect(phrase).toMatchObject({
      id: 'phrase-excited-to-announce',
      phrase: 'excited to announce',
      replacement: 'we shipped',
      description: 'replaces "excited to announce" with "we shipped"',
      count: 3,
      of: 3,
    });
    expect(ids(pairs).filter((id) => id.startsWith('phrase-'))).toEqual(['phrase-excited-to-announce']);
  });

  it('learns phrases in other languages, and keeps common words out', () => {
    const french = [
      pair("Nous sommes ravis d'annoncer notre nouvelle carte de printemps.", 'Voici notre nouvelle carte de printemps.'),
      pair("Ravis d'annoncer l'ouverture de la boutique de Lyon en mai.", "Voici l'ouverture de la boutique de Lyon en mai."),
      pair("Ravis d'annoncer que le lait d'avoine est offert.", "Voici : le lait d'avoine est offert."),
    ];
    const phrases = learnGuidance(french, none).items.filter((item) => item.kind === 'phrase');
    expect(phrases.map((item) => item.phrase)).toContain("ravis d'annoncer");
    // "de", "la" and "le" were never taken out of most drafts that had them.
    expect(phrases.map((item) => item.phrase)).not.toContain('de');

    const german = [
      pair('Wir freuen uns sehr, euch heute unsere neue Röstung vorzustellen! Probiert sie aus!', 'Neue Röstung: probiert sie aus.'),
      pair('Wir freuen uns sehr über den Frühling! Kalter Kaffee ist zurück!', 'Kalter Kaffee ist zurück.'),
    ];
    const learnt = learnGuidance(german, none).items;
    expect(learnt.map((item) => item.id)).toEqual(expect.arrayContaining(['removes-exclamations', 'shortens', 'phrase-wir-freuen-uns-sehr']));
  });

  it('counts emoji in any script and lengths in user-perceived characters', () => {
    const japanese = [
      pair('新しいコーヒー豆が入荷しました🎉☕ ぜひお試しください！', '新しいコーヒー豆が入荷しました。'),
      pair('春の新メニューが始まります🌸 お楽しみに！', '春の新メニューが始まります。'),
    ];
    const learnt = learnGuidance(japanese, none).items.map((item) => item.id);
    expect(learnt).toEqual(expect.arrayContaining(['removes-emoji', 'removes-exclamations', 'shortens']));
    // A flag and a family are one character each: no length habit from swapping them.
    const flags = [pair('Hello 🇫🇷', 'Hello 👨‍👩‍👧'), pair('Bye 🇩🇪', 'Bye 👨‍👩‍👦')];
    expect(ids(flags)).not.toContain('lengthens');
  });

  it('learns hashtags added and drafts lengthened', () => {
    const pairs = [
      pair('New beans.', 'New beans from Huila, washed, with a red apple finish. #coffee'),
      pair('Open late.', 'Open late tonight until ten, with live jazz from eight. #jazz'),
    ];
    expect(ids(pairs)).toEqual(expect.arrayContaining(['adds-hashtags', 'lengthens']));
  });

  it('keeps removed items out of the guidance but lists them', () => {
    const pairs = [pair('Great news 🎉', 'Great news'), pair('New roast ☕', 'New roast')];
    const guidance = learnGuidance(pairs, new Set(['removes-emoji']));
    expect(guidance.items.map((item) => item.id)).not.toContain('removes-emoji');
    expect(guidance.removed.map((item) => item.id)).toEqual(['removes-emoji']);
  });

  it('takes typical lengths from the platform asked for when it has two pairs or more', () => {
    const long = 'A long LinkedIn post about our roasting process and the people behind it, with a story and a lesson. '.repeat(3);
    const pairs = [
      pair(long + long, long, 'linkedin'),
      pair(long + long, long, 'linkedin'),
      pair('Short post on X about a new roast today, do come by and try it.', 'New roast today.', 'x'),
      pair('Short post on X about cold brew being back today, come and try it.', 'Cold brew is back.', 'x'),
    ];
    const onX = learnGuidance(pairs, none, 'x').items.find((item) => item.id === 'shortens');
    const onLinkedIn = learnGuidance(pairs, none, 'linkedin').items.find((item) => item.id === 'shortens');
    expect(onX?.typicalLength).toBeLessThan(20);
    expect(onLinkedIn?.typicalLength).toBeGreaterThan(250);
    // Bluesky has no pairs, and the pairs span two platforms: the habit stays, without a length.
    const onBluesky = learnGuidance(pairs, none, 'bluesky').items.find((item) => item.id === 'shortens');
    expect(onBluesky).toBeDefined();
    expect(onBluesky).not.toHaveProperty('typicalLength');
    expect(learnGuidance(pairs, none).items.find((item) => item.id === 'shortens')).not.toHaveProperty('typicalLength');
  });
});

describe('characterLength', () => {
  it('counts what Intl.Segmenter counts as graphemes, in many scripts', async () => {
    const { characterLength } = await import('./edit-text.js');
    const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
    const samples = [
      'Plain ASCII, with punctuation!',
      'Café crème, naïve façade — “quoted” … ok',
      'e\u0301 combining accent',
      'Flags 🇫🇷🇩🇪🇯🇵 and a lone 🇫',
      'Family 👨‍👩‍👧 and a thumbs up 👍🏽 and ❤️ and 🏴󠁧󠁢󠁳󠁣󠁴󠁿',
      '新しいコーヒー豆が入荷しました🎉',
      'Привет, мир! Γειά σου κόσμε',
      'مرحبا بالعالم',
      'नमस्ते दुनिया',
      'क्ष and क् then a space',
      'বাংলা ভাষা',
    ];
    for (const sample of samples) expect(characterLength(sample), sample).toBe([...segmenter.segment(sample)].length);
  });
});

describe('phrases leave hashtags and links to their own habits', () => {
  it('learns "removes hashtags" but no phrase from a removed hashtag or link', () => {
    const pairs = [
      pair('New roast today #coffee https://acme.example/roast', 'New roast today'),
      pair('Cold brew is back #coffee https://acme.example/brew', 'Cold brew is back'),
    ];
    const learnt = learnGuidance(pairs, none).items.map((item) => item.id);
    expect(learnt).toContain('removes-hashtags');
    expect(learnt.filter((id) => id.startsWith('phrase-'))).toEqual([]);
  });
});
