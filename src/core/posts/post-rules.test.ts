import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { dedupeKeyFor } from './dedupe-key.js';
import { checkPost, threadPartViolations } from './post-check.js';
import { assertSchedulable, resplitThread, threadText } from './post-lifecycle.js';
import { MAX_THREAD_PARTS, POST_STATUSES, type PostStatus } from './post-schema.js';
import { ALLOWED_TRANSITIONS, assertTransition, CHECKED_STATUSES, defaultStatusFor } from './post-status.js';

function thrown(action: () => void): AppError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected an error');
}

describe('post status', () => {
  it('allows exactly the documented transitions, and staying where it is', () => {
    const allowed = new Set(Object.entries(ALLOWED_TRANSITIONS).flatMap(([from, tos]) => tos.map((to) => `${from}>${to}`)));
    expect([...allowed].sort()).toEqual(
      [
        'idea>draft', 'idea>archived',
        'draft>idea', 'draft>approved', 'draft>archived',
        'approved>draft', 'approved>scheduled', 'approved>published', 'approved>archived', 'approved>publishing',
        'scheduled>approved', 'scheduled>draft', 'scheduled>published', 'scheduled>archived', 'scheduled>publishing',
        'published>archived',
        'archived>idea', 'archived>draft',
        // The publisher's own: a claimed post on its way out, and one the platform refused.
        'publishing>published', 'publishing>failed', 'publishing>scheduled', 'publishing>approved',
        'failed>draft', 'failed>approved', 'failed>scheduled', 'failed>archived', 'failed>publishing',
      ].sort(),
    );
    for (const from of POST_STATUSES) {
      for (const to of POST_STATUSES) {
        if (from === to || allowed.has(`${from}>${to}`)) expect(() => assertTransition(from, to)).not.toThrow();
        else expect(thrown(() => assertTransition(from, to)).code, `${from}>${to}`).toBe('invalid_transition');
      }
    }
  });

  it('says where a post can go instead', () => {
    const error = thrown(() => assertTransition('published', 'draft'));
    expect(error.details).toEqual({ from: 'published', to: 'draft', allowed: ['archived'] });
  });

  it('defaults to published for a date or an import, scheduled for a time alone, else draft', () => {
    const cases: Array<[Parameters<typeof defaultStatusFor>[0], PostStatus]> = [
      [{}, 'draft'],
      [{ publishedAt: null, scheduledAt: null, source: null }, 'draft'],
      [{ source: 'manual' }, 'draft'],
      [{ source: 'generated' }, 'draft'],
      [{ source: 'imported' }, 'published'],
      [{ publishedAt: '2024-02-29T08:00:00Z' }, 'published'],
      [{ publishedAt: '2024-02-29T08:00:00Z', scheduledAt: '2030-01-01T00:00:00Z' }, 'published'],
      [{ scheduledAt: '2030-01-01T00:00:00Z' }, 'scheduled'],
      [{ scheduledAt: '2030-01-01T00:00:00Z', source: 'imported' }, 'scheduled'],
    ];
    for (const [post, status] of cases) expect(defaultStatusFor(post), JSON.stringify(post)).toBe(status);
  });

  it('checks the rules before approval and scheduling only', () => {
    expect([...CHECKED_STATUSES].sort()).toEqual(['approved', 'scheduled']);
  });
});

describe('post lifecycle helpers', () => {
  it('joins thread parts with a blank line', () => {
    expect(threadText(['1/2 first', '2/2 second'])).toBe('1/2 first\n\n2/2 second');
    expect(threadText(['alone'])).toBe('alone');
  });

  it('splits a long text again, and gives null when it fits one post or cannot be split', () => {
    const long = 'Grind coarse, pour slow, wait twelve hours. '.repeat(12).trim();
    const parts = resplitThread({ platform: 'x', text: long });
    expect(parts).not.toBeNull();
    expect(parts!.length).toBeGreaterThan(1);
    expect(resplitThread({ platform: 'x', text: 'Short enough.' })).toBeNull();
    expect(resplitThread({ platform: 'x', text: '' })).toBeNull();
    expect(resplitThread({ platform: 'mastodon', text: long }, { limit: 2000 })).toBeNull();
  });

  it('needs a schedule time strictly in the future', () => {
    const now = new Date('2026-06-01T12:00:00.000Z');
    expect(thrown(() => assertSchedulable(null, now)).message).toBe('A scheduled post needs a time.');
    const past = thrown(() => assertSchedulable('2026-06-01T12:00:00.000Z', now));
    expect(past.code).toBe('invalid_input');
    expect(past.details).toEqual({ scheduledAt: '2026-06-01T12:00:00.000Z', now: '2026-06-01T12:00:00.000Z' });
    expect(() => assertSchedulable('2026-06-01T12:00:00.001Z', now)).not.toThrow();
    expect(() => assertSchedulable('2026-06-01T14:30:00+02:00', now)).not.toThrow();
    expect(() => assertSchedulable('2026-06-01T13:30:00+02:00', now)).toThrow(/in the past/);
  });
});

describe('dedupeKeyFor', () => {
  const hash = (text: string) => `[${text}]`;

  it("uses the platform's id when there is one", () => {
    expect(dedupeKeyFor({ externalId: '1790012345', text: 'anything', publishedAt: null }, hash)).toBe('id:1790012345');
  });

  it('otherwise hashes the text with spacing and Unicode form normalised, plus the publication time', () => {
    const key = dedupeKeyFor({ externalId: null, text: '  Caf\u0065\u0301\n\n au   lait\t', publishedAt: '2025-01-01T00:00:00Z' }, hash);
    expect(key).toBe('sha256:[Café au lait\u00002025-01-01T00:00:00Z]');
    expect(dedupeKeyFor({ externalId: '', text: 'Café au lait', publishedAt: null }, hash)).toBe('sha256:[Café au lait\u0000]');
  });
});

describe('checkPost and thread parts', () => {
  it('measures a single post as the platform counts it', () => {
    expect(checkPost({ platform: 'x', text: 'Hello there', threadParts: null })).toEqual({ violations: [], length: 11, limit: 280 });
    const long = checkPost({ platform: 'x', text: 'a'.repeat(300), threadParts: [] });
    expect(long.violations.map((violation) => violation.rule)).toEqual(['length']);
    expect(long.length).toBe(300);
  });

  it("checks a thread part by part: the whole text may be long, the longest part is the length", () => {
    const parts = ['1/2 ' + 'a'.repeat(200), '2/2 ' + 'b'.repeat(100)];
    const checked = checkPost({ platform: 'x', text: parts.join('\n\n'), threadParts: parts });
    expect(checked).toEqual({ violations: [], length: 204, limit: 280 });
    const tooLong = checkPost({ platform: 'x', text: 'x', threadParts: ['short', 'c'.repeat(290)] });
    expect(tooLong.violations).toEqual([
      { rule: 'thread-part', message: 'Part 2 of the thread is 290/280 characters: shorten it by 10.', details: { part: 2, length: 290, limit: 280 } },
    ]);
  });

  it('keeps the whole-text rules other than length for a thread', () => {
    const checked = checkPost({ platform: 'x', text: 'synergy and more', threadParts: ['synergy', 'and more'] }, { voice: { bannedWords: ['synergy'], hashtagPolicy: 'free', emojiPolicy: 'free' } });
    expect(checked.violations.map((violation) => violation.rule)).toEqual(['banned-word']);
  });

  it('refuses threads where the platform has none, too many parts, and empty parts', () => {
    expect(threadPartViolations('linkedin', ['one', 'two'])).toEqual([
      expect.objectContaining({ rule: 'thread-part', message: expect.stringContaining('LinkedIn has no threads'), details: { parts: 2 } }),
    ]);
    expect(threadPartViolations('x', Array.from({ length: MAX_THREAD_PARTS }, (_, index) => `part ${index}`))).toEqual([]);
    const many = Array.from({ length: MAX_THREAD_PARTS + 1 }, (_, index) => `part ${index}`);
    expect(threadPartViolations('x', many)).toEqual([expect.objectContaining({ details: { parts: MAX_THREAD_PARTS + 1, limit: MAX_THREAD_PARTS } })]);
    expect(threadPartViolations('bluesky', ['fine', '   '])).toEqual([
      { rule: 'thread-part', message: 'Part 2 of the thread is empty: write it or remove it.', details: { part: 2 } },
    ]);
  });

  it("counts Bluesky's bytes as well as its graphemes, and honours a raised limit", () => {
    const family = '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}\u200D\u{1F466}';
    const heavy = family.repeat(150);
    expect(threadPartViolations('bluesky', ['light', heavy])).toEqual([
      expect.objectContaining({ rule: 'thread-part', details: { part: 2, bytes: 150 * 25, limit: 3000 } }),
    ]);
    expect(threadPartViolations('bluesky', [family.repeat(100)])).toEqual([]);
    expect(threadPartViolations('mastodon', ['d'.repeat(600)])).toHaveLength(1);
    expect(threadPartViolations('mastodon', ['d'.repeat(600)], { limit: 1000 })).toEqual([]);
    expect(threadPartViolations('mastodon', ['d'.repeat(500)])).toEqual([]);
  });
});
