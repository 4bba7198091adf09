import { describe, expect, it } from 'vitest';
import { parseScheduleTime } from './schedule-time.js';

describe('parseScheduleTime', () => {
  it('reads a local time in the given zone, winter and summer', () => {
    expect(parseScheduleTime('2026-12-01 09:00', 'Europe/Berlin')).toBe('2026-12-01T08:00:00.000Z');
    expect(parseScheduleTime('2026-07-01 09:00', 'Europe/Berlin')).toBe('2026-07-01T07:00:00.000Z');
    expect(parseScheduleTime('2026-07-01T09:30:15', 'America/New_York')).toBe('2026-07-01T13:30:15.000Z');
  });

  it('reads zones east and west of UTC, with half hours and across the date line', () => {
    expect(parseScheduleTime('2026-03-10 08:00', 'Asia/Kolkata')).toBe('2026-03-10T02:30:00.000Z');
    expect(parseScheduleTime('2026-01-01 00:30', 'Pacific/Auckland')).toBe('2025-12-31T11:30:00.000Z');
    expect(parseScheduleTime('2026-06-15 23:00', 'America/Los_Angeles')).toBe('2026-06-16T06:00:00.000Z');
    expect(parseScheduleTime('2026-06-15 12:00', 'UTC')).toBe('2026-06-15T12:00:00.000Z');
  });

  it('takes ISO-8601 with an offset or Z as it is, whatever the zone', () => {
    expect(parseScheduleTime('2026-12-01T09:00:00+01:00')).toBe('2026-12-01T08:00:00.000Z');
    expect(parseScheduleTime('2026-12-01T09:00:00Z', 'Asia/Tokyo')).toBe('2026-12-01T09:00:00.000Z');
    expect(parseScheduleTime('2026-12-01T09:00-05:00')).toBe('2026-12-01T14:00:00.000Z');
  });

  it('picks the first of the two 02:30s when the clocks go back, and refuses the hour they skip', () => {
    expect(parseScheduleTime('2026-10-25 02:30', 'Europe/Berlin')).toBe('2026-10-25T00:30:00.000Z');
    expect(() => parseScheduleTime('2026-03-29 02:30', 'Europe/Berlin')).toThrow(/does not exist in Europe\/Berlin/);
  });

  it('refuses what it cannot read, with the form to use', () => {
    expect(() => parseScheduleTime('tomorrow 9am', 'UTC')).toThrow(/not a date and time/);
    expect(() => parseScheduleTime('2026-12-01', 'UTC')).toThrow(/not a date and time/);
    expect(() => parseScheduleTime('2026-02-30 09:00', 'UTC')).toThrow(/not a real date/);
    expect(() => parseScheduleTime('2026-12-01 24:00', 'UTC')).toThrow(/not a real date/);
    expect(() => parseScheduleTime('2026-12-01 09:00')).toThrow(/no time zone/);
    expect(() => parseScheduleTime('2026-12-01 09:00', 'Mars/Olympus')).toThrow(/Unknown time zone/);
  });
});
