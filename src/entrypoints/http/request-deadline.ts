import type { FastifyReply } from 'fastify';
import { CancelledError } from '../../core/errors.js';

/**
 * A signal for one request's work: aborted when the request takes longer than
 * the server's timeout or when the client goes away, so long work (a
 * generation) stops instead of running for nobody.
 */
export function requestSignal(reply: FastifyReply, timeoutMs: number): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new CancelledError(`The request took longer than the server's limit of ${Math.round(timeoutMs / 1000)} s and was stopped.`)),
    timeoutMs,
  );
  const onClose = () => {
    if (!reply.raw.writableFinished) controller.abort(new CancelledError('The client closed the connection.'));
  };
  reply.raw.once('close', onClose);
  return {
    signal: controller.signal,
    dispose: () => {
      clearTimeout(timer);
      reply.raw.off('close', onClose);
    },
  };
}

/** Settles with the work, or rejects with the signal's reason as soon as it aborts. */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error as Error);
      },
    );
  });
}
