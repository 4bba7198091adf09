import { CancelledError } from '../../core/errors.js';

/** The caller's signal joined with a deadline; tells afterwards which of the two fired. */
export interface RequestDeadline {
  readonly signal: AbortSignal;
  /** True when the deadline (not the caller) aborted the request. */
  timedOut(): boolean;
  /** True when the caller aborted the request. */
  cancelled(): boolean;
  /** Throws CancelledError when the caller has already aborted. */
  throwIfCancelled(): void;
  dispose(): void;
}

/** Starts a deadline of `timeoutMs` for one request, joined with the caller's optional signal. */
export function startDeadline(timeoutMs: number, callerSignal?: AbortSignal): RequestDeadline {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException('The model request timed out.', 'TimeoutError')), timeoutMs);
  const onCallerAbort = () => controller.abort(callerSignal?.reason);
  if (callerSignal?.aborted) controller.abort(callerSignal.reason);
  else callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => controller.signal.aborted && !callerSignal?.aborted,
    cancelled: () => callerSignal?.aborted === true,
    throwIfCancelled: () => {
      if (callerSignal?.aborted) throw new CancelledError('The model request was cancelled.');
    },
    dispose: () => {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onCallerAbort);
    },
  };
}

/**
 * Waits for `work` unless the signal aborts first; then rejects with the
 * signal's reason and lets the work finish (or fail) unobserved. For steps
 * that cannot be stopped midway, such as loading a model file, so that a
 * deadline still bounds the caller's wait.
 */
export async function untilAborted<T>(work: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) {
    work.catch(() => undefined);
    throw signal.reason;
  }
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort!);
    work.catch(() => undefined);
  }
}

/**
 * Checks that an HTTP server answers at all (any status) within the timeout,
 * so that a dead or silent endpoint fails in seconds, not after a long
 * generation timeout. Resolves with the response status; rejects on no answer.
 */
export async function probeHttp(url: string, timeoutMs: number, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<number> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const response = await fetch(url, { headers, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
  await response.body?.cancel();
  return response.status;
}
