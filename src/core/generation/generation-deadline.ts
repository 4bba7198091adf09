import { ModelFailedError } from '../errors.js';

/** One time limit for a whole generation (model load, every model call, the repair round), joined with the caller's signal. */
export interface GenerationDeadline {
  /** Aborts when the caller cancels or the time is up; pass it to every step. */
  readonly signal: AbortSignal | undefined;
  /** A ModelFailedError naming the limit when the deadline (not the caller) stopped the run; else undefined. */
  expired(cause?: unknown): ModelFailedError | undefined;
  dispose(): void;
}

/** Starts the deadline; without a limit the caller's signal is used as is. */
export function startGenerationDeadline(timeoutMs: number | undefined, callerSignal: AbortSignal | undefined, modelId: string): GenerationDeadline {
  if (timeoutMs === undefined || timeoutMs <= 0) return { signal: callerSignal, expired: () => undefined, dispose: () => undefined };
  const controller = new AbortController();
  let fired = false;
  const timer = setTimeout(() => {
    fired = true;
    controller.abort(new DOMException('The generation timed out.', 'TimeoutError'));
  }, timeoutMs);
  const onCallerAbort = () => controller.abort(callerSignal?.reason);
  if (callerSignal?.aborted) controller.abort(callerSignal.reason);
  else callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
  return {
    signal: controller.signal,
    expired: (cause) =>
      fired && !callerSignal?.aborted
        ? new ModelFailedError(`The generation with ${modelId} did not finish within ${timeoutMs} ms; nothing was saved.`, {
            cause,
            hint: 'Raise SMM_LLM_TIMEOUT_MS (it bounds the whole generation: model load, writing and the repair round), ask for fewer or shorter variants, or use a faster model or server (SMM_LLM).',
            details: { timeoutMs },
          })
        : undefined,
    dispose: () => {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onCallerAbort);
    },
  };
}
