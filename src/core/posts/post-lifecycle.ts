import { InvalidInputError } from '../errors.js';
import { splitThread } from '../platforms/platform-check.js';
import type { RuleOverrides } from '../platforms/rule-types.js';
import type { PostFields } from './post-schema.js';

/** Joins a thread's parts into the post's whole text (the parts stay as they are). */
export function threadText(parts: readonly string[]): string {
  return parts.join('\n\n');
}

/**
 * A thread's parts after its text or platform changed without new parts:
 * split again as generation splits (numbered, each fitting), or null when the
 * text now fits one post or cannot be split (the check then reports its length).
 */
export function resplitThread(fields: Pick<PostFields, 'platform' | 'text'>, overrides?: RuleOverrides): string[] | null {
  try {
    const parts = splitThread(fields.platform, fields.text, overrides);
    return parts.length > 1 ? parts : null;
  } catch {
    return null;
  }
}

/** A scheduled post needs a time, and that time still to come. */
export function assertSchedulable(scheduledAt: string | null, now: Date): void {
  if (scheduledAt === null) {
    throw new InvalidInputError('A scheduled post needs a time.', {
      hint: 'Give the time: `smm post schedule ID --at "2026-12-01 09:00" [--tz Europe/Berlin]`, or scheduledAt (ISO-8601 with an offset) in the API.',
    });
  }
  if (Date.parse(scheduledAt) <= now.getTime()) {
    throw new InvalidInputError(`${scheduledAt} is in the past (it is now ${now.toISOString()}).`, {
      hint: 'Pick a time still to come; a local time is read in the machine’s zone unless --tz (or timeZone) names another.',
      details: { scheduledAt, now: now.toISOString() },
    });
  }
}
