import type { FastifyReply } from 'fastify';
import { CancelledError } from '../../core/errors.js';

/**
 * One request's deadline: it passes when the request takes longer than the
 * server's timeout or when the client goes away, so long work (a
 * generation) stops instead of running for nobody, and the request answers
 * at once. The AbortSignal is made only when the work asks for it (most
 * routes never do: making one and listening to it cost a fast route a few
 * microseconds per request).
 */
export class RequestDeadline {
  private controller: AbortController | undefined;
  private reason: Error | undefined;
  private readonly waiting = new Set<(reason: Error) => void>();
  private readonly timer: NodeJS.Timeout;
  private readonly onClose: () => void;

  constructor(
    private readonly reply: FastifyReply,
    timeoutMs: number,
  ) {
    this.timer = setTimeout(
      () => this.pass(new CancelledError(`The request took longer than the server's limit of ${Math.round(timeoutMs / 1000)} s and was stopped.`)),
      timeoutMs,
    );
    this.onClose = () => {
      if (!reply.raw.writableFinished) this.pass(new CancelledError('The client closed the connection.'));
    };
    reply.raw.once('close', this.onClose);
  }

  /** Aborted when the deadline passes (made on first use). */
  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.reason) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }

  /** Settles with the work, or rejects with the deadline's reason as soon as it passes. */
  race<T>(work: Promise<T>): Promise<T> {
    if (this.reason) return Promise.reject(this.reason);
    return new Promise<T>((resolve, reject) => {
      this.waiting.add(reject);
      work.then(
        (value) => {
          this.waiting.delete(reject);
          resolve(value);
        },
        (error: unknown) => {
          this.waiting.delete(reject);
          reject(error as Error);
        },
      );
    });
  }

  /** The request is answered: no timer, no listener left behind. */
  dispose(): void {
    clearTimeout(this.timer);
    this.reply.raw.off('close', this.onClose);
  }

  private pass(reason: Error): void {
    if (this.reason) return;
    this.reason = reason;
    this.controller?.abort(reason);
    for (const reject of this.waiting) reject(reason);
    this.waiting.clear();
  }
}

/** The deadline of one request (see RequestDeadline). */
export function requestSignal(reply: FastifyReply, timeoutMs: number): RequestDeadline {
  return new RequestDeadline(reply, timeoutMs);
}
