import { describe, expect, it } from 'vitest';
import type { Post } from '../posts/post-schema.js';
import { buildCalendar } from './calendar.js';

function post(id: number, profileId: number, scheduledAt: string, status: Post['status'] = 'scheduled'): Post {
  return {
    id,
    profileId,
    platform: 'bluesky',
    text: `post ${id}`,
    status,
    scheduledAt,
    publishedAt: status === 'published' ? scheduledAt : null,
    engagement: { likes: null, reposts: null, replies: null, impressions: null },
    tags: [],
    source: 'written',
    externalId: null,
    url: null,
    isReply: false,
    replyToExternalId: null,
    lang: null,
    mediaCount: 0,
    contentWarning: null,
    generationId: null,
    sharedUrl: null,
    threadParts: null,
    dedupeKey: String(id),
    createdAt: scheduledAt,
    updatedAt: scheduledAt,
  };
}

const profiles = new Map([
  [1, 'acme'],
  [2, 'jane'],
]);

describe('buildCalendar', () => {
  it('places posts on the local day of the time zone and lists gaps per profile', () => {
    // 23:30 UTC on 1 December is already 2 December in Berlin and still 1 December in New York.
    const posts = [post(1, 1, '2026-12-01T23:30:00Z'), post(2, 2, '2026-12-02T08:00:00Z')];
    const berlin = buildCalendar(posts, { start: new Date('2026-12-01T10:00:00Z'), days: 3, timeZone: 'Europe/Berlin', profiles });
    expect(berlin.days.map((day) => day.date)).toEqual(['2026-12-01', '2026-12-02', '2026-12-03']);
    expect(berlin.days[0]!.gaps).toEqual(['acme', 'jane']);
    expect(berlin.days[1]!.profiles.acme!.map((entry) => entry.time)).toEqual(['00:30']);
    expect(berlin.days[1]!.gaps).toEqual([]);
    const newYork = buildCalendar(posts, { start: new Date('2026-12-01T10:00:00Z'), days: 3, timeZone: 'America/New_York', profiles });
    expect(newYork.days[0]!.profiles.acme!.map((entry) => entry.time)).toEqual(['18:30']);
    expect(newYork.days[1]!.profiles.jane!.map((entry) => entry.time)).toEqual(['03:00']);
  });

  it('counts each calendar day once across a daylight-saving change', () => {
    const calendar = buildCalendar([], { start: new Date('2026-10-24T22:30:00Z'), days: 3, timeZone: 'Europe/Berlin', profiles });
    expect(calendar.days.map((day) => day.date)).toEqual(['2026-10-25', '2026-10-26', '2026-10-27']);
  });
});
