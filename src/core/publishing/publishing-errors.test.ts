import { describe, expect, it } from 'vitest';
import { PublishFailedError, SecretKeyError } from './publishing-errors.js';

describe('publishing errors', () => {
  it('say whether the platform may take the post later, with its details, hint and cause', () => {
    const cause = new Error('ETIMEDOUT');
    expect(new PublishFailedError('Bluesky did not answer.', { retryable: true, cause, hint: 'It is retried.', details: { status: 503 } })).toMatchObject({
      code: 'publish_failed',
      retryable: true,
      cause,
      hint: 'It is retried.',
      details: { status: 503, retryable: true },
    });
    expect(new PublishFailedError('Refused.', { retryable: false })).toMatchObject({ retryable: false, details: { retryable: false } });
  });

  it('point a wrong secret key at the way to fix it', () => {
    expect(new SecretKeyError('The credential cannot be opened.', 'Set SMM_SECRET_KEY to the key it was sealed with.')).toMatchObject({
      code: 'config_invalid',
      hint: 'Set SMM_SECRET_KEY to the key it was sealed with.',
    });
  });
});
