import { toAppError } from '../errors.js';
import type { PublishingService, PublishOutcome } from './publishing-service.js';

export interface SchedulerOptions {
  intervalMs: number;
  /** Called with every post the tick acted on. */
  onOutcome?: (outcome: PublishOutcome) => void;
  /** Called when a whole tick failed (e.g. the database was unreachable); the next tick tries again. */
  onError?: (message: string) => void;
}

/**
 * The loop inside `smm serve`: every interval, what `smm publish --due` does
 * (reconcile, then publish what is due). Ticks never overlap; `tick()` can
 * be called directly (tests drive it with their own clock).
 */
export class PublishScheduler {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<PublishOutcome[]> | undefined;
  private stopped = true;

  constructor(
    private readonly publishing: PublishingService,
    private readonly options: SchedulerOptions,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** One pass; if a pass is already running, waits for it instead of starting another. */
  tick(): Promise<PublishOutcome[]> {
    this.running ??= this.publishing
      .publishDue()
      .then((outcomes) => {
        for (const outcome of outcomes) this.options.onOutcome?.(outcome);
        return outcomes;
      })
      .catch((error: unknown) => {
        this.options.onError?.(toAppError(error).message);
        return [];
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  /** Stops the loop and waits for a pass in progress, so nothing is cut between the platform's answer and storing it. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delay: number): void {
    this.timer = setTimeout(() => {
      void this.tick().then(() => {
        if (!this.stopped) this.schedule(this.options.intervalMs);
      });
    }, delay);
    this.timer.unref?.();
  }
}
