import { describe, expect, it } from 'vitest';
import { AppError, ConflictError, InvalidInputError, NotFoundError } from '../../core/errors.js';
import { errorReply } from './http-errors.js';

describe('the HTTP error shape', () => {
  it('maps each error code to its status, keeping message, hint and details', () => {
    expect(errorReply(new InvalidInputError('Bad limit.', { hint: 'Ask for 1 to 500.', details: { field: 'limit' } }))).toEqual({
      status: 400,
      body: { error: { code: 'invalid_input', message: 'Bad limit.', hint: 'Ask for 1 to 500.', details: { field: 'limit' } } },
    });
    expect(errorReply(new NotFoundError('profile', 'acme')).status).toBe(404);
    expect(errorReply(new ConflictError('Taken.')).body.error).toEqual({ code: 'conflict', message: 'Taken.', hint: null });
    expect(errorReply(new AppError('rate_limited', 'Slow down.')).status).toBe(429);
  });

  it('never shows the internals of an unexpected failure', () => {
    const reply = errorReply(new Error('connect ECONNREFUSED /var/secret/path'));
    expect(reply.status).toBe(500);
    expect(JSON.stringify(reply.body)).not.toContain('secret');
    expect(reply.body.error.hint).toContain('SMM_DEBUG=1');
  });

  it("puts Fastify's own client errors in the same shape", () => {
    const tooLarge = Object.assign(new Error('Request body is too large'), { code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 });
    expect(errorReply(tooLarge)).toMatchObject({ status: 413, body: { error: { code: 'payload_too_large', hint: expect.stringContaining('SMM_BODY_LIMIT_BYTES') } } });
    const badJson = Object.assign(new Error('Unexpected token } in JSON'), { code: 'FST_ERR_CTP_INVALID_JSON', statusCode: 400 });
    expect(errorReply(badJson)).toMatchObject({ status: 400, body: { error: { code: 'invalid_input' } } });
  });
});
