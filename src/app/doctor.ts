import { toAppError } from '../core/errors.js';

export interface DoctorCheck {
  name: 'database' | 'vector index' | 'chat model' | 'embedder';
  ok: boolean;
  /** What was found, in plain words. */
  detail: string;
  /** What to do when it failed (or a warning's remedy). */
  fix: string | null;
  warning?: boolean;
}

/** Runs one check with a time limit; a failure becomes a failed check, never a throw. */
export async function runCheck(
  name: DoctorCheck['name'],
  timeoutMs: number,
  check: (signal: AbortSignal) => Promise<{ detail: string; warning?: string }>,
  fixFor: (message: string) => string,
): Promise<DoctorCheck> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const timeout = new Promise<never>((_, reject) =>
      controller.signal.addEventListener('abort', () => reject(new Error(`no answer within ${Math.round(timeoutMs / 1000)} s`)), { once: true }),
    );
    const result = await Promise.race([check(controller.signal), timeout]);
    return result.warning
      ? { name, ok: true, warning: true, detail: result.detail, fix: result.warning }
      : { name, ok: true, detail: result.detail, fix: null };
  } catch (error) {
    const appError = toAppError(error);
    return { name, ok: false, detail: appError.message, fix: appError.hint ?? fixFor(appError.message) };
  } finally {
    clearTimeout(timer);
  }
}
