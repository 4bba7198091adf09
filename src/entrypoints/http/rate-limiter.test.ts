import { afterEach, describe, expect, it, vi } from 'vitest';
import { RateLimiter } from './rate-limiter.js';

afterEach(() => {
  vi.useRealTimers();
});

/** Takes `count` tokens and says how many were allowed. */
function takeMany(limiter: RateLimiter, key: string, count: number): number {
  let allowed = 0;
  for (let index = 0; index < count; index += 1) if (limiter.take(key).allowed) allowed += 1;
  return allowed;
}

describe('RateLimiter', () => {
  it('allows a burst of perMinute, then refuses with the seconds until the next token', () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const limiter = new RateLimiter(3);
    expect(takeMany(limiter, 'key:1', 3)).toBe(3);
    // 3 a minute: one token every 20 s.
    expect(limiter.take('key:1')).toEqual({ allowed: false, retryAfterSeconds: 20 });
  });

  it('refills at perMinute a minute, and a refused call costs nothing', () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const limiter = new RateLimiter(3);
    takeMany(limiter, 'key:1', 3);
    vi.advanceTimersByTime(10_000);
    expect(limiter.take('key:1')).toEqual({ allowed: false, retryAfterSeconds: 10 });
    expect(limiter.take('key:1')).toEqual({ allowed: false, retryAfterSeconds: 10 });
    vi.advanceTimersByTime(9_999);
    expect(limiter.take('key:1')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    vi.advanceTimersByTime(1);
    expect(limiter.take('key:1')).toEqual({ allowed: true });
    expect(limiter.take('key:1').allowed).toBe(false);
  });

  it('never holds more than perMinute tokens, however long the caller was idle', () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const limiter = new RateLimiter(5);
    limiter.take('key:1');
    vi.advanceTimersByTime(60 * 60_000);
    expect(takeMany(limiter, 'key:1', 10)).toBe(5);
  });

  it('keeps one bucket per key', () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const limiter = new RateLimiter(2);
    expect(takeMany(limiter, 'key:1', 3)).toBe(2);
    expect(takeMany(limiter, 'key:2', 3)).toBe(2);
    expect(limiter.take('key:1').allowed).toBe(false);
  });

  it('asks for at least one second, even when the next token is milliseconds away', () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const limiter = new RateLimiter(6_000); // one token every 10 ms
    expect(takeMany(limiter, 'key:1', 6_000)).toBe(6_000);
    expect(limiter.take('key:1')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    vi.advanceTimersByTime(10);
    expect(limiter.take('key:1')).toEqual({ allowed: true });
  });

  it('rounds the wait up to whole seconds', () => {
    let now = 0;
    const limiter = new RateLimiter(7, () => now); // one token every 8 571.4 ms
    takeMany(limiter, 'key:1', 7);
    expect(limiter.take('key:1')).toEqual({ allowed: false, retryAfterSeconds: 9 });
    now = 8_000;
    expect(limiter.take('key:1')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    now = 8_572;
    expect(limiter.take('key:1')).toEqual({ allowed: true });
  });
});
