import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { errorBody, type ErrorBody } from './http-errors.js';

/**
 * Requests that Node's HTTP parser rejects before any route runs: headers
 * too large (431), a Content-Length that does not match the body (the rest
 * is read as a broken next request, or the body ends early), a malformed
 * request line or header (400), a request that took too long to arrive
 * (408). Fastify answers these with its own JSON; this answers them in the
 * API's one error shape, saying what to fix.
 */
export function clientErrorReply(error: Error & { code?: string }): { status: number; body: ErrorBody } {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return {
        status: 431,
        body: errorBody(
          'headers_too_large',
          'The request headers are larger than this server accepts (16 KB in all).',
          'Send smaller headers: a shorter cookie or custom header; the arguments belong in the JSON body.',
        ),
      };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return {
        status: 408,
        body: errorBody('request_timeout', 'The request did not arrive in full in time.', 'Send the whole body at once, with a Content-Length that matches it.'),
      };
    default:
      return {
        status: 400,
        body: errorBody(
          'invalid_input',
          `The request could not be read as HTTP (${describeParserError(error.code)}).`,
          'Check that Content-Length matches the body length in bytes (or let the HTTP client set it) and that the request line and headers are well formed.',
        ),
      };
  }
}

function describeParserError(code: string | undefined): string {
  switch (code) {
    case 'HPE_INVALID_EOF_STATE':
      return 'the connection ended before the body was complete: the Content-Length is larger than the body';
    case 'HPE_INVALID_METHOD':
    case 'HPE_INVALID_CONSTANT':
    case 'HPE_CLOSED_CONNECTION':
      return 'bytes after the body: the Content-Length may be smaller than the body';
    case 'HPE_UNEXPECTED_CONTENT_LENGTH':
    case 'HPE_INVALID_CONTENT_LENGTH':
      return 'an invalid or conflicting Content-Length header';
    case 'HPE_INVALID_HEADER_TOKEN':
      return 'a malformed header';
    default:
      return code ?? 'malformed request';
  }
}

/** Fastify's `clientErrorHandler`: writes the reply straight to the socket, as Node's default does, then closes it. */
export function handleClientError(error: Error & { code?: string }, socket: Socket): void {
  // A reset connection has nobody left to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const { status, body } = clientErrorReply(error);
  const text = JSON.stringify(body);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nContent-Length: ${Buffer.byteLength(text)}\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${text}`,
    );
  }
  socket.destroy(error);
}
