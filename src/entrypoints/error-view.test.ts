import { describe, expect, it } from 'vitest';
import { AppError, InvalidInputError, NotFoundError } from '../core/errors.js';
import { errorView, INTERNAL_ERROR_VIEW, reportInternal } from './error-view.js';

describe('errorView', () => {
  it('shows an unexpected failure as the general sentence only, marked internal, whatever was thrown', () => {
    const leaks = [
      new Error('SQLITE_CORRUPT: database disk image is malformed at /home/ana/.smm/smm.sqlite'),
      new TypeError("Cannot read properties of undefined (reading 'hash')"),
      new AppError('internal', 'select * from api_keys where secret = $1'),
      'a thrown string with /etc/passwd',
      { password: 'hunter2' },
    ];
    for (const thrown of leaks) {
      const { view, internal } = errorView(thrown);
      expect(internal).toBe(true);
      expect(view).toEqual({
        code: 'internal',
        message: 'The server failed while handling this request.',
        hint: expect.stringContaining('SMM_DEBUG=1'),
      });
      for (const secret of ['smm.sqlite', 'hash', 'api_keys', 'passwd', 'hunter2']) expect(JSON.stringify(view)).not.toContain(secret);
    }
  });

  it('hands out a copy, so one reply cannot change what the next caller sees', () => {
    const first = errorView(new Error('boom')).view;
    first.message = 'changed';
    expect(errorView(new Error('boom')).view.message).toBe(INTERNAL_ERROR_VIEW.message);
    expect(INTERNAL_ERROR_VIEW.message).toBe('The server failed while handling this request.');
  });

  it("shows an AppError's own code, message, hint (in the API's phrasing) and details, not marked internal", () => {
    const error = new InvalidInputError('Unknown platform "myspace".', {
      hint: 'Pass {{--platform x|"platform": "x"}} or another known platform.',
      details: { field: 'platform' },
    });
    expect(errorView(error)).toEqual({
      view: { code: 'invalid_input', message: 'Unknown platform "myspace".', hint: 'Pass "platform": "x" or another known platform.', details: { field: 'platform' } },
      internal: false,
    });
  });

  it('leaves out empty details and gives a null hint when there is none', () => {
    const { view, internal } = errorView(new AppError('conflict', 'Taken.'));
    expect(internal).toBe(false);
    expect(view).toEqual({ code: 'conflict', message: 'Taken.', hint: null });
    expect('details' in view).toBe(false);
    expect(errorView(new NotFoundError('profile', 'acme')).view.details).toEqual({ entity: 'profile', key: 'acme' });
  });
});

describe('reportInternal', () => {
  function stderrDuring(action: () => void): string {
    const written: string[] = [];
    const original = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    }) as typeof process.stderr.write;
    try {
      action();
    } finally {
      process.stderr.write = original;
    }
    return written.join('');
  }

  it('writes the stack only when SMM_DEBUG is set', () => {
    const error = new Error('disk full at /var/lib/smm');
    expect(stderrDuring(() => reportInternal(error, {}))).toBe('');
    expect(stderrDuring(() => reportInternal(error, { SMM_DEBUG: '1' }))).toBe(`${error.stack}\n`);
  });

  it('falls back to the message without a stack, and to the text of something that is not an Error', () => {
    const bare = new Error('no stack here');
    bare.stack = undefined;
    expect(stderrDuring(() => reportInternal(bare, { SMM_DEBUG: '1' }))).toBe('no stack here\n');
    expect(stderrDuring(() => reportInternal('plain words', { SMM_DEBUG: '1' }))).toBe('plain words\n');
  });
});
