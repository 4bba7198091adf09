import type { Post, PostStatus } from '../posts/post-schema.js';

export interface CalendarEntry {
  postId: number;
  profile: string;
  platform: string;
  status: PostStatus;
  /** The post's time (scheduled, else published) in the calendar's time zone, HH:MM. */
  time: string;
  at: string;
  text: string;
  url: string | null;
  error: string | null;
}

export interface CalendarDay {
  /** YYYY-MM-DD in the calendar's time zone. */
  date: string;
  weekday: string;
  /** Every profile of the calendar, with its entries that day (empty: a gap). */
  profiles: Record<string, CalendarEntry[]>;
  /** Profiles with nothing that day. */
  gaps: string[];
}

export interface Calendar {
  timeZone: string;
  from: string;
  to: string;
  days: CalendarDay[];
}

/** Statuses a calendar shows: what will go out, is going, went, or failed. */
export const CALENDAR_STATUSES: readonly PostStatus[] = ['scheduled', 'publishing', 'published', 'failed'];

function dayParts(date: Date, timeZone: string): { date: string; time: string; weekday: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', weekday: 'short', hourCycle: 'h23' })
      .formatToParts(date)
      .map((part) => [part.type, part.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}`, weekday: String(parts.weekday) };
}

/**
 * Lays posts out per day (in `timeZone`) and per profile, over `days` days
 * from `start`; a profile with nothing on a day is listed as a gap.
 */
export function buildCalendar(
  posts: readonly Post[],
  options: { start: Date; days: number; timeZone: string; profiles: ReadonlyMap<number, string>; errors?: ReadonlyMap<number, string> },
): Calendar {
  const handles = [...new Set(options.profiles.values())].sort();
  const days: CalendarDay[] = [];
  const index = new Map<string, CalendarDay>();
  // Step by 24 h from noon of the first day: never skips or repeats a day across a DST change.
  const first = dayParts(options.start, options.timeZone);
  const noon = new Date(`${first.date}T12:00:00Z`);
  for (let offset = 0; offset < options.days; offset += 1) {
    const parts = dayParts(new Date(noon.getTime() + offset * 86_400_000), 'UTC');
    const day: CalendarDay = { date: parts.date, weekday: parts.weekday, profiles: Object.fromEntries(handles.map((handle) => [handle, []])), gaps: [] };
    days.push(day);
    index.set(day.date, day);
  }
  for (const post of posts) {
    const at = post.status === 'published' ? (post.publishedAt ?? post.scheduledAt) : (post.scheduledAt ?? post.publishedAt);
    if (!at) continue;
    const parts = dayParts(new Date(at), options.timeZone);
    const day = index.get(parts.date);
    const profile = options.profiles.get(post.profileId);
    if (!day || !profile) continue;
    (day.profiles[profile] ??= []).push({
      postId: post.id,
      profile,
      platform: post.platform,
      status: post.status,
      time: parts.time,
      at,
      text: post.text,
      url: post.url,
      error: options.errors?.get(post.id) ?? null,
    });
  }
  for (const day of days) {
    for (const entries of Object.values(day.profiles)) entries.sort((a, b) => a.at.localeCompare(b.at) || a.postId - b.postId);
    day.gaps = Object.entries(day.profiles)
      .filter(([, entries]) => entries.length === 0)
      .map(([handle]) => handle);
  }
  const last = days[days.length - 1];
  return { timeZone: options.timeZone, from: days[0]?.date ?? first.date, to: last?.date ?? first.date, days };
}
