import { EventEmitter } from 'node:events';
import type { FastifyReply } from 'fastify';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CancelledError } from '../../core/errors.js';
import { requestSignal } from './request-deadline.js';

function fakeReply(): { reply: FastifyReply; raw: EventEmitter & { writableFinished: boolean } } {
  const raw = Object.assign(new EventEmitter(), { writableFinished: false });
  return { reply: { raw } as unknown as FastifyReply, raw };
}

describe('RequestDeadline', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('passes the work through while the deadline holds', async () => {
    const { reply } = fakeReply();
    const deadline = requestSignal(reply, 1000);
    await expect(deadline.race(Promise.resolve(42))).resolves.toBe(42);
    await expect(deadline.race(Promise.reject(new Error('its own failure')))).rejects.toThrow('its own failure');
    expect(deadline.signal.aborted).toBe(false);
    deadline.dispose();
  });

  it('rejects the waiting work and aborts the signal when the time is up', async () => {
    const { reply } = fakeReply();
    const deadline = requestSignal(reply, 2000);
    const early = deadline.signal;
    const waiting = deadline.race(new Promise(() => undefined));
    vi.advanceTimersByTime(1999);
    expect(early.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    await expect(waiting).rejects.toThrow(CancelledError);
    await expect(waiting).rejects.toThrow("longer than the server's limit of 2 s");
    expect(early.aborted).toBe(true);
    // A signal asked for afterwards is aborted already, and new work is refused at once.
    expect(deadline.signal.aborted).toBe(true);
    expect(deadline.signal.reason).toBeInstanceOf(CancelledError);
    await expect(deadline.race(Promise.resolve(1))).rejects.toThrow(CancelledError);
  });

  it('stops the work when the client goes away before the answer', async () => {
    const { reply, raw } = fakeReply();
    const deadline = requestSignal(reply, 60_000);
    const waiting = deadline.race(new Promise(() => undefined));
    raw.emit('close');
    await expect(waiting).rejects.toThrow('The client closed the connection.');
    expect(deadline.signal.aborted).toBe(true);
  });

  it('does nothing once the answer is sent or the deadline disposed', async () => {
    const { reply, raw } = fakeReply();
    const answered = requestSignal(reply, 60_000);
    raw.writableFinished = true;
    raw.emit('close');
    expect(answered.signal.aborted).toBe(false);

    const other = fakeReply();
    const disposed = requestSignal(other.reply, 1000);
    disposed.dispose();
    expect(other.raw.listenerCount('close')).toBe(0);
    vi.advanceTimersByTime(5000);
    other.raw.emit('close');
    expect(disposed.signal.aborted).toBe(false);
    await expect(disposed.race(Promise.resolve('late'))).resolves.toBe('late');
  });
});
