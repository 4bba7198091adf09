import { afterEach, describe, expect, it, vi } from 'vitest';
import { startGenerationDeadline } from './generation-deadline.js';

describe('startGenerationDeadline', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("uses the caller's signal as it is when there is no limit", () => {
    const caller = new AbortController();
    for (const limit of [undefined, 0, -5]) {
      const deadline = startGenerationDeadline(limit, caller.signal, 'model');
      expect(deadline.signal).toBe(caller.signal);
      expect(deadline.expired()).toBeUndefined();
      deadline.dispose();
    }
  });

  it('aborts when the time is up and names the limit, the model and the setting to raise', () => {
    vi.useFakeTimers();
    const deadline = startGenerationDeadline(5000, undefined, 'qwen-0.5b');
    vi.advanceTimersByTime(4999);
    expect(deadline.signal!.aborted).toBe(false);
    expect(deadline.expired()).toBeUndefined();
    vi.advanceTimersByTime(1);
    expect(deadline.signal!.aborted).toBe(true);
    expect((deadline.signal!.reason as DOMException).name).toBe('TimeoutError');
    const cause = new Error('aborted');
    const error = deadline.expired(cause)!;
    expect(error).toMatchObject({ code: 'model_failed', message: 'The generation with qwen-0.5b did not finish within 5000 ms; nothing was saved.', cause, details: { timeoutMs: 5000 } });
    expect(error.hint).toContain('SMM_LLM_TIMEOUT_MS');
  });

  it('follows a caller who cancels, before or during the run, without calling it a timeout', () => {
    vi.useFakeTimers();
    const early = new AbortController();
    early.abort('stop');
    const before = startGenerationDeadline(5000, early.signal, 'm');
    expect(before.signal!.aborted).toBe(true);
    expect(before.signal!.reason).toBe('stop');

    const caller = new AbortController();
    const during = startGenerationDeadline(5000, caller.signal, 'm');
    expect(during.signal!.aborted).toBe(false);
    caller.abort('user');
    expect(during.signal!.aborted).toBe(true);
    expect(during.signal!.reason).toBe('user');
    vi.advanceTimersByTime(5000);
    expect(during.expired()).toBeUndefined();
  });

  it('stops the clock and stops following the caller once disposed', () => {
    vi.useFakeTimers();
    const caller = new AbortController();
    const deadline = startGenerationDeadline(5000, caller.signal, 'm');
    deadline.dispose();
    caller.abort('late');
    vi.advanceTimersByTime(10_000);
    expect(deadline.signal!.aborted).toBe(false);
    expect(deadline.expired()).toBeUndefined();
  });
});
