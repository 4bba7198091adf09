import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { clientErrorReply, handleClientError } from './client-errors.js';

function parserError(code: string | undefined): Error & { code?: string } {
  return Object.assign(new Error(`parser: ${code ?? 'none'}`), code === undefined ? {} : { code });
}

/** The parts of a socket handleClientError touches, recording what it does. */
function fakeSocket(state: { destroyed?: boolean; writable?: boolean } = {}) {
  const socket = {
    destroyed: state.destroyed ?? false,
    writable: state.writable ?? true,
    written: [] as string[],
    destroyedWith: [] as unknown[],
    write(chunk: string) {
      socket.written.push(chunk);
      return true;
    },
    destroy(error?: unknown) {
      socket.destroyedWith.push(error);
      socket.destroyed = true;
    },
  };
  return socket;
}

describe('clientErrorReply', () => {
  it('answers 431 to headers over the limit, with a hint', () => {
    expect(clientErrorReply(parserError('HPE_HEADER_OVERFLOW'))).toEqual({
      status: 431,
      body: {
        error: {
          code: 'headers_too_large',
          message: 'The request headers are larger than this server accepts (16 KB in all).',
          hint: 'Send smaller headers: a shorter cookie or custom header; the arguments belong in the JSON body.',
        },
      },
    });
  });

  it('answers 408 to a request that did not arrive in time', () => {
    const { status, body } = clientErrorReply(parserError('ERR_HTTP_REQUEST_TIMEOUT'));
    expect(status).toBe(408);
    expect(body.error.code).toBe('request_timeout');
    expect(body.error.hint).toContain('Content-Length');
  });

  it('answers 400 invalid_input to every other parser error, saying what the code means', () => {
    const cases: Array<[string | undefined, string]> = [
      ['HPE_INVALID_EOF_STATE', 'the connection ended before the body was complete: the Content-Length is larger than the body'],
      ['HPE_INVALID_METHOD', 'bytes after the body: the Content-Length may be smaller than the body'],
      ['HPE_INVALID_CONSTANT', 'bytes after the body: the Content-Length may be smaller than the body'],
      ['HPE_CLOSED_CONNECTION', 'bytes after the body: the Content-Length may be smaller than the body'],
      ['HPE_UNEXPECTED_CONTENT_LENGTH', 'an invalid or conflicting Content-Length header'],
      ['HPE_INVALID_CONTENT_LENGTH', 'an invalid or conflicting Content-Length header'],
      ['HPE_INVALID_HEADER_TOKEN', 'a malformed header'],
      ['HPE_SOMETHING_NEW', 'HPE_SOMETHING_NEW'],
      [undefined, 'malformed request'],
    ];
    for (const [code, meaning] of cases) {
      const { status, body } = clientErrorReply(parserError(code));
      expect(status, code).toBe(400);
      expect(body.error.code, code).toBe('invalid_input');
      expect(body.error.message, code).toBe(`The request could not be read as HTTP (${meaning}).`);
      expect(body.error.hint, code).toContain('Content-Length matches the body length in bytes');
    }
  });
});

describe('handleClientError', () => {
  it('writes a complete HTTP response in the error shape, then closes the connection', () => {
    const socket = fakeSocket();
    const error = parserError('HPE_HEADER_OVERFLOW');
    handleClientError(error, socket as unknown as Socket);
    expect(socket.written).toHaveLength(1);
    const [head = '', body = ''] = socket.written[0]!.split('\r\n\r\n');
    const [statusLine, ...headers] = head.split('\r\n');
    expect(statusLine).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    expect(headers).toEqual([
      `Content-Length: ${Buffer.byteLength(body)}`,
      'Content-Type: application/json; charset=utf-8',
      'Connection: close',
    ]);
    expect(JSON.parse(body)).toEqual(clientErrorReply(error).body);
    expect(socket.destroyedWith).toEqual([error]);
  });

  it('uses the standard reason phrase of each status', () => {
    for (const [code, statusLine] of [
      ['ERR_HTTP_REQUEST_TIMEOUT', 'HTTP/1.1 408 Request Timeout'],
      ['HPE_INVALID_METHOD', 'HTTP/1.1 400 Bad Request'],
    ] as const) {
      const socket = fakeSocket();
      handleClientError(parserError(code), socket as unknown as Socket);
      expect(socket.written[0]!.split('\r\n', 1)[0], code).toBe(statusLine);
    }
  });

  it('writes nothing to a reset or already destroyed connection', () => {
    const reset = fakeSocket();
    handleClientError(parserError('ECONNRESET'), reset as unknown as Socket);
    expect(reset.written).toEqual([]);
    expect(reset.destroyedWith).toEqual([]);
    const gone = fakeSocket({ destroyed: true });
    handleClientError(parserError('HPE_INVALID_METHOD'), gone as unknown as Socket);
    expect(gone.written).toEqual([]);
    expect(gone.destroyedWith).toEqual([]);
  });

  it('still closes a connection it can no longer write to', () => {
    const socket = fakeSocket({ writable: false });
    const error = parserError('HPE_INVALID_EOF_STATE');
    handleClientError(error, socket as unknown as Socket);
    expect(socket.written).toEqual([]);
    expect(socket.destroyedWith).toEqual([error]);
  });
});
