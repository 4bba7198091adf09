import { afterEach, describe, expect, it, vi } from 'vitest';
import { PublishScheduler } from './publish-scheduler.js';
import type { PublishingService, PublishOutcome } from './publishing-service.js';

const outcome = (postId: number): PublishOutcome => ({ postId, outcome: 'failed', platform: 'bluesky', error: 'no' });

/** A publishing service whose passes finish when the test says so. */
function controlledPublishing() {
  const pending: { resolve: (outcomes: PublishOutcome[]) => void; reject: (error: Error) => void }[] = [];
  const service = {
    publishDue: vi.fn(() => new Promise<PublishOutcome[]>((resolve, reject) => pending.push({ resolve, reject }))),
  };
  return { service, publishing: service as unknown as PublishingService, pending };
}

describe('PublishScheduler', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reports every outcome of a pass, and never runs two passes at once', async () => {
    const { service, publishing, pending } = controlledPublishing();
    const seen: number[] = [];
    const scheduler = new PublishScheduler(publishing, { intervalMs: 1000, onOutcome: (item) => seen.push(item.postId) });
    const first = scheduler.tick();
    const second = scheduler.tick();
    expect(second).toBe(first);
    expect(service.publishDue).toHaveBeenCalledTimes(1);
    pending[0]!.resolve([outcome(1), outcome(2)]);
    expect(await first).toEqual([outcome(1), outcome(2)]);
    expect(seen).toEqual([1, 2]);
    // Once finished, the next tick starts a new pass.
    void scheduler.tick();
    expect(service.publishDue).toHaveBeenCalledTimes(2);
  });

  it('reports a failed pass and goes on', async () => {
    const { publishing, pending } = controlledPublishing();
    const errors: string[] = [];
    const scheduler = new PublishScheduler(publishing, { intervalMs: 1000, onError: (message) => errors.push(message) });
    const pass = scheduler.tick();
    pending[0]!.reject(new Error('database unreachable'));
    expect(await pass).toEqual([]);
    expect(errors).toEqual(['database unreachable']);
  });

  it('runs a pass at start and then every interval until stopped, and stop waits for the pass in progress', async () => {
    vi.useFakeTimers();
    const { service, publishing, pending } = controlledPublishing();
    const scheduler = new PublishScheduler(publishing, { intervalMs: 5000 });
    scheduler.start();
    scheduler.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(service.publishDue).toHaveBeenCalledTimes(1);
    // The next pass is counted from the end of this one.
    await vi.advanceTimersByTimeAsync(20_000);
    expect(service.publishDue).toHaveBeenCalledTimes(1);
    pending[0]!.resolve([]);
    await vi.advanceTimersByTimeAsync(4999);
    expect(service.publishDue).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(service.publishDue).toHaveBeenCalledTimes(2);

    let stopped = false;
    const stopping = scheduler.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    pending[1]!.resolve([]);
    await stopping;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(service.publishDue).toHaveBeenCalledTimes(2);
  });

  it('runs no pass after a stop between passes, and one loop however often it is started', async () => {
    vi.useFakeTimers();
    const { service, publishing, pending } = controlledPublishing();
    const scheduler = new PublishScheduler(publishing, { intervalMs: 5000 });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(0);
    scheduler.start();
    pending[0]!.resolve([]);
    await vi.advanceTimersByTimeAsync(5000);
    expect(service.publishDue).toHaveBeenCalledTimes(2);
    pending[1]!.resolve([]);
    await vi.advanceTimersByTimeAsync(1000);
    await scheduler.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(service.publishDue).toHaveBeenCalledTimes(2);
  });
});
