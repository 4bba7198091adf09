import { InvalidInputError } from '../errors.js';

const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{1,2}):(\d{2})(?::(\d{2}))?$/;
const WITH_OFFSET = /(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;
const HOUR = 3_600_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** A formatter giving the wall-clock fields of an instant in `timeZone`; throws InvalidInputError for an unknown zone. */
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
    } catch (error) {
      throw new InvalidInputError(`Unknown time zone "${timeZone}".`, {
        cause: error,
        hint: 'Use an IANA zone name such as Europe/Berlin, America/New_York or UTC.',
        details: { timeZone },
      });
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall-clock time of an instant in a zone, as if that wall clock were UTC (ms). */
function wallClockOf(instant: number, timeZone: string): number {
  const parts = formatterFor(timeZone).formatToParts(new Date(instant));
  const field = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((part) => part.type === type)?.value);
  return Date.UTC(field('year'), field('month') - 1, field('day'), field('hour'), field('minute'), field('second'));
}

/**
 * The instant at which the wall clock of `timeZone` shows `wall` (ms, fields
 * read as UTC). In the hour clocks go back, the first of the two; in the hour
 * they skip, none (undefined).
 */
function instantOfWallClock(wall: number, timeZone: string): number | undefined {
  const offsets = new Set([-36, -12, 0, 12, 36].map((hours) => wallClockOf(wall + hours * HOUR, timeZone) - (wall + hours * HOUR)));
  const matches = [...offsets].map((offset) => wall - offset).filter((instant) => wallClockOf(instant, timeZone) === wall);
  return matches.length === 0 ? undefined : Math.min(...matches);
}

/** Whether `timeZone` is an IANA zone this runtime knows. */
export function assertTimeZone(timeZone: string): void {
  formatterFor(timeZone);
}

/**
 * Reads a publication time: ISO-8601 with an offset or Z ("2026-12-01T09:00:00+01:00"),
 * or a local date and time ("2026-12-01 09:00") in `timeZone` (an IANA name).
 * Returns the instant as an ISO-8601 UTC string.
 *
 * @throws InvalidInputError for any other form, an impossible date, a local
 *   time without a zone, a time the zone skips (clocks going forward), or an
 *   unknown zone.
 */
export function parseScheduleTime(text: string, timeZone?: string): string {
  const value = text.trim();
  const example = 'e.g. "2026-12-01 09:00" (with a time zone) or 2026-12-01T09:00:00+01:00';
  if (timeZone !== undefined) assertTimeZone(timeZone);
  if (WITH_OFFSET.test(value) && /\d{2}:\d{2}/.test(value)) {
    const time = Date.parse(value);
    if (Number.isNaN(time)) throw new InvalidInputError(`"${value}" is not a date and time.`, { hint: `Write it as ${example}.`, details: { value } });
    return new Date(time).toISOString();
  }
  const match = LOCAL_TIME.exec(value);
  if (!match) {
    throw new InvalidInputError(`"${value}" is not a date and time to schedule at.`, {
      hint: `Write the date and the time, ${example}.`,
      details: { value },
    });
  }
  const [year, month, day, hour, minute, second] = match.slice(1).map((field) => Number(field ?? 0)) as [number, number, number, number, number, number];
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(wall);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
    throw new InvalidInputError(`"${value}" is not a real date and time.`, { hint: `Check the month, day and hour; ${example}.`, details: { value } });
  }
  if (timeZone === undefined) {
    throw new InvalidInputError(`"${value}" has no time zone.`, {
      hint: 'Add an offset (2026-12-01T09:00:00+01:00) or give the zone (timeZone "Europe/Berlin", or --tz in the CLI).',
      details: { value },
    });
  }
  const instant = instantOfWallClock(wall, timeZone);
  if (instant === undefined) {
    throw new InvalidInputError(`${value} does not exist in ${timeZone}: the clocks skip that hour.`, {
      hint: 'Pick a time an hour later or earlier.',
      details: { value, timeZone },
    });
  }
  return new Date(instant).toISOString();
}
