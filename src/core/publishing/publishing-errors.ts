import { AppError } from '../errors.js';

/**
 * A platform refused or could not take a post. `retryable` is true for
 * network errors and 5xx answers (the publisher retries with backoff), false
 * for 4xx answers (the post is marked failed with the platform's message).
 */
export class PublishFailedError extends AppError {
  readonly retryable: boolean;
  constructor(
    message: string,
    options: { retryable: boolean; cause?: unknown; hint?: string; details?: Record<string, unknown> },
  ) {
    super('publish_failed', message, { cause: options.cause, hint: options.hint, details: { ...options.details, retryable: options.retryable } });
    this.retryable = options.retryable;
  }
}

/** The sealed credentials cannot be opened with the key at hand. */
export class SecretKeyError extends AppError {
  constructor(message: string, hint: string) {
    super('config_invalid', message, { hint });
  }
}
