import { describe, expect, it } from 'vitest';
import { untilAborted } from './request-deadline.js';

describe('untilAborted', () => {
  it('returns the work when it finishes first', async () => {
    const controller = new AbortController();
    await expect(untilAborted(Promise.resolve(42), controller.signal)).resolves.toBe(42);
    await expect(untilAborted(Promise.resolve('no signal'))).resolves.toBe('no signal');
  });

  it('stops waiting when the signal aborts first, with its reason, and leaves the work to fail unobserved', async () => {
    const controller = new AbortController();
    let fail: (error: Error) => void = () => undefined;
    const work = new Promise<number>((_, reject) => (fail = reject));
    const waiting = untilAborted(work, controller.signal);
    controller.abort(new Error('deadline'));
    await expect(waiting).rejects.toThrow('deadline');
    // A load that fails later must not surface as an unhandled rejection.
    fail(new Error('load failed later'));
    await new Promise((resolve) => setImmediate(resolve));
  });

  it('rejects at once when the signal has already aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('already'));
    await expect(untilAborted(new Promise(() => undefined), controller.signal)).rejects.toThrow('already');
  });
});
