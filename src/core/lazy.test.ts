import { describe, expect, it } from 'vitest';
import { lazy } from './lazy.js';

describe('lazy', () => {
  it('builds once, even when asked for concurrently', async () => {
    let builds = 0;
    const value = lazy(async () => ++builds);
    expect(value.peek()).toBeUndefined();
    expect(await Promise.all([value.get(), value.get(), value.get()])).toEqual([1, 1, 1]);
    expect(await value.get()).toBe(1);
    expect(value.peek()).toBe(1);
    expect(builds).toBe(1);
  });

  it('builds again after a failed build instead of keeping the rejection', async () => {
    let attempts = 0;
    const value = lazy(async () => {
      attempts += 1;
      if (attempts === 1) throw new Error('first start failed');
      return 'up';
    });
    await expect(value.get()).rejects.toThrow('first start failed');
    expect(value.peek()).toBeUndefined();
    expect(await value.get()).toBe('up');
    expect(attempts).toBe(2);
  });

  it('reset() makes the next get() build a new value; a build under way when reset does not come back', async () => {
    let builds = 0;
    let release: () => void = () => {};
    const value = lazy(async () => {
      builds += 1;
      if (builds === 2) await new Promise<void>((resolve) => (release = resolve));
      return builds;
    });
    expect(await value.get()).toBe(1);
    value.reset();
    const second = value.get();
    value.reset();
    release();
    expect(await second).toBe(2);
    expect(value.peek()).toBeUndefined();
    expect(await value.get()).toBe(3);
  });

  it('current() never starts a build and never rejects', async () => {
    let builds = 0;
    const value = lazy(async () => {
      builds += 1;
      throw new Error('down');
    });
    expect(await value.current()).toBeUndefined();
    expect(builds).toBe(0);
    const failing = value.get().catch(() => 'failed');
    expect(await value.current()).toBeUndefined();
    expect(await failing).toBe('failed');
  });

  it('a build that fails after reset() does not throw away the newer build', async () => {
    let builds = 0;
    let failFirst: (error: Error) => void = () => {};
    const value = lazy(async () => {
      builds += 1;
      if (builds === 1) await new Promise<never>((_resolve, reject) => (failFirst = reject));
      return builds;
    });
    const first = value.get().catch((error: Error) => error.message);
    value.reset();
    const second = value.get();
    failFirst(new Error('old build failed late'));
    expect(await first).toBe('old build failed late');
    expect(await second).toBe(2);
    expect(await value.get()).toBe(2);
    expect(value.peek()).toBe(2);
    expect(builds).toBe(2);
  });
});
