import { describe, expect, it } from 'vitest';
import { parseScheduleTime } from './schedule-time.js';

describe('parseScheduleTime at the edges', () => {
  it('accepts the last minute and second of an hour, and refuses 60 of either', () => {
    expect(parseScheduleTime('2026-12-01 09:59:59', 'UTC')).toBe('2026-12-01T09:59:59.000Z');
    expect(() => parseScheduleTime('2026-12-01 09:60', 'UTC')).toThrow(/not a real date/);
    expect(() => parseScheduleTime('2026-12-01 09:59:60', 'UTC')).toThrow(/not a real date/);
    expect(() => parseScheduleTime('2026-13-01 09:00', 'UTC')).toThrow(/not a real date/);
  });

  it('reads offsets written +0100 as well as +01:00, and a time with spaces around it', () => {
    expect(parseScheduleTime('2026-12-01T09:00:00+0100')).toBe('2026-12-01T08:00:00.000Z');
    expect(parseScheduleTime(' 2026-12-01 09:00 ', 'UTC')).toBe('2026-12-01T09:00:00.000Z');
  });

  it('refuses text before or after the local time', () => {
    expect(() => parseScheduleTime('on 2026-12-01 09:00', 'UTC')).toThrow(/not a date and time to schedule at/);
    expect(() => parseScheduleTime('2026-12-01 09:00 sharp', 'UTC')).toThrow(/not a date and time to schedule at/);
  });

  it('says what was wrong and what to write, with the value in the details', () => {
    const refusal = (text: string, zone?: string) => {
      try {
        parseScheduleTime(text, zone);
      } catch (error) {
        return error as { message: string; hint?: string; details: Record<string, unknown> };
      }
      throw new Error(`accepted ${text}`);
    };
    expect(refusal('soon', 'UTC')).toMatchObject({
      hint: 'Write the date and the time, e.g. "2026-12-01 09:00" (with a time zone) or 2026-12-01T09:00:00+01:00.',
      details: { value: 'soon' },
    });
    expect(refusal('2026-02-30 09:00', 'UTC')).toMatchObject({ details: { value: '2026-02-30 09:00' }, hint: expect.stringContaining('Check the month, day and hour') });
    expect(refusal('2026-12-01 09:00')).toMatchObject({ details: { value: '2026-12-01 09:00' }, hint: expect.stringContaining('--tz') });
    expect(refusal('2026-12-01 09:00', 'Mars/Olympus')).toMatchObject({ details: { timeZone: 'Mars/Olympus' }, hint: expect.stringContaining('IANA') });
    expect(refusal('2026-03-29 02:30', 'Europe/Berlin')).toMatchObject({
      hint: 'Pick a time an hour later or earlier.',
      details: { value: '2026-03-29 02:30', timeZone: 'Europe/Berlin' },
    });
    expect(refusal('2026-99-99T09:00:00Z')).toMatchObject({ message: '"2026-99-99T09:00:00Z" is not a date and time.', details: { value: '2026-99-99T09:00:00Z' } });
  });
});
