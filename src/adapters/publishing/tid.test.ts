import { describe, expect, it } from 'vitest';
import { nextTid } from './tid.js';

describe('nextTid', () => {
  it('makes 13-character sortable keys that increase even within one millisecond', () => {
    const now = new Date('2026-12-01T09:00:00Z');
    const keys = Array.from({ length: 50 }, () => nextTid(now));
    for (const key of keys) expect(key).toMatch(/^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$/);
    expect([...keys].sort()).toEqual(keys);
    expect(new Set(keys).size).toBe(keys.length);
    expect(nextTid(new Date('2027-01-01T00:00:00Z')) > keys[keys.length - 1]!).toBe(true);
  });
});
