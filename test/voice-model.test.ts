import { describe, expect, it } from 'vitest';
import { TEAM_BACKGROUND_POSTS } from '../src/adapters/voice/background/team-posts.js';
import { scoreAll, trainVoiceModel } from '../src/core/voice/voice-model.js';
import { voiceReasons } from '../src/core/voice/voice-reasons.js';

const TOPICS = ['the garden', 'our new app', 'the city bus', 'tax season', 'the school play', 'winter coats', 'the river trail', 'a late train', 'the bakery', 'board games', 'the library', 'rainy mornings'];

/** All lowercase, emoji, no capitals, "tbh" and "lol". */
const casual = (topic: string, index: number): string => `tbh ${topic} was kinda perfect today lol ${index % 2 ? '✨' : '🙃'} cant stop thinking about it`;
/** Title Case headline, a link, never emoji. */
const headline = (topic: string, index: number): string => `What Experts Say About ${topic.replace(/\b\p{L}/gu, (letter) => letter.toUpperCase())} This Year https://example.org/${index}`;

function posts(writer: (topic: string, index: number) => string, from: number, count: number): string[] {
  return Array.from({ length: count }, (_, index) => writer(TOPICS[(from + index) % TOPICS.length] ?? '', from + index));
}

describe('trainVoiceModel', () => {
  it('ranks each voice first on its own unseen posts, topic aside', async () => {
    const model = await trainVoiceModel({
      profiles: [
        { key: 'casual', texts: posts(casual, 0, 24) },
        { key: 'headline', texts: posts(headline, 0, 24) },
      ],
      background: TEAM_BACKGROUND_POSTS,
    });
    expect(model.classes).toEqual(['casual', 'headline']);
    // Unseen topics: only the style can tell.
    for (const text of [casual('the dentist', 99), casual('quantum computing', 98)]) {
      const { scores } = scoreAll(model, text);
      expect(scores[0]).toBeGreaterThan(scores[1] ?? 100);
      expect(scores[0]).toBeGreaterThan(50);
    }
    const { scores } = scoreAll(model, headline('the dentist', 99));
    expect(scores[1]).toBeGreaterThan(50);
    expect(scores[0]).toBeLessThan(50);
  });

  it('scores a single profile against the background and calibrates it to 0-100', async () => {
    const model = await trainVoiceModel({ profiles: [{ key: 'casual', texts: posts(casual, 0, 30) }], background: TEAM_BACKGROUND_POSTS });
    const own = scoreAll(model, casual('the dentist', 77)).scores[0] ?? 0;
    const generic = scoreAll(model, 'The Quarterly Report Shows Strong Growth Across All Regions, The Board Said.').scores[0] ?? 100;
    expect(own).toBeGreaterThan(50);
    expect(generic).toBeLessThan(50);
    for (const value of [own, generic]) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(100);
    }
  });

  it('says in plain words why a text scores low: habits that differ and wording', async () => {
    const model = await trainVoiceModel({ profiles: [{ key: 'casual', texts: posts(casual, 0, 30) }], background: TEAM_BACKGROUND_POSTS });
    const text = 'ANNOUNCEMENT: #Quarterly #Results #Growth #Team Our Board Approved The Plan! Read More At The Link.';
    const { scores, read } = scoreAll(model, text);
    const score = scores[0] ?? 100;
    expect(score).toBeLessThan(50);
    const reasons = voiceReasons(model, 0, text, read.habits, score);
    expect(reasons.join(' | ')).toMatch(/hashtags; usually none/u);
    expect(reasons.join(' | ')).toMatch(/capital letters/u);
    expect(reasons.some((reason) => reason.startsWith('wording unlike this voice') || reason.startsWith('none of the words'))).toBe(true);
    expect(reasons.length).toBeLessThanOrEqual(4);
  });

  it('lets a caller run requests between training steps', async () => {
    let pauses = 0;
    await trainVoiceModel(
      { profiles: [{ key: 'a', texts: posts(casual, 0, 10) }, { key: 'b', texts: posts(headline, 0, 10) }], background: TEAM_BACKGROUND_POSTS },
      { pause: () => { pauses += 1; return Promise.resolve(); } },
    );
    // At least one pause per profile trained, twice (calibration fit and final fit).
    expect(pauses).toBeGreaterThanOrEqual(4);
  });
});
