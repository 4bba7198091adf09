import { AppError, toAppError, type ErrorCode } from '../../core/errors.js';
import { errorView } from '../error-view.js';

/** The one error shape of the HTTP API: what went wrong and how to fix the call. */
export interface ErrorBody {
  error: { code: string; message: string; hint: string | null; details?: Record<string, unknown> };
}

/**
 * HTTP status per error code, in one place. Another workspace's profile or
 * post is a 404 like one that does not exist (never 403): a key cannot even
 * learn that the resource exists.
 */
const STATUS: Record<ErrorCode, number> = {
  invalid_input: 400,
  not_found: 404,
  conflict: 409,
  invalid_transition: 409,
  import_failed: 422,
  unsupported_format: 422,
  storage_unavailable: 503,
  config_invalid: 503,
  model_unavailable: 503,
  model_failed: 502,
  index_unavailable: 503,
  unauthorized: 401,
  forbidden: 403,
  rate_limited: 429,
  cancelled: 504,
  internal: 500,
  publish_failed: 502,
};

export function statusFor(code: ErrorCode): number {
  return STATUS[code];
}

/** Maps anything thrown by a handler (AppError, Fastify's own errors, anything else) to a status and the error body. */
export function errorReply(error: unknown, request?: { contentType?: string }): { status: number; body: ErrorBody } {
  const fastify = fastifyError(error, request?.contentType);
  if (fastify) return fastify;
  const appError = toAppError(error);
  // The same view as MCP and the assistant: an unexpected failure's text is never shown.
  return { status: statusFor(appError.code), body: { error: errorView(appError).view } };
}

export function errorBody(code: string, message: string, hint: string | null): ErrorBody {
  return { error: { code, message, hint } };
}

/** Fastify's own 4xx errors (bad JSON, body too large, wrong content type) in our shape. */
function fastifyError(error: unknown, contentType: string | undefined): { status: number; body: ErrorBody } | undefined {
  if (AppError.isInstance(error) || !(error instanceof Error)) return undefined;
  const { code, statusCode } = error as Error & { code?: string; statusCode?: number };
  if (typeof code !== 'string' || !code.startsWith('FST_') || !statusCode || statusCode >= 500) return undefined;
  switch (code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return {
        status: 413,
        body: errorBody('payload_too_large', 'The request body is larger than this server accepts.', 'Send a smaller body (split the import into several files), or raise SMM_BODY_LIMIT_BYTES on the server.'),
      };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        status: 415,
        body: errorBody(
          'unsupported_media_type',
          contentType ? `This server does not read ${contentType.split(';', 1)[0]!.trim().slice(0, 100)} bodies.` : 'This request has a body but no Content-Type.',
          'Send JSON with Content-Type: application/json.',
        ),
      };
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return { status: 414, body: errorBody('invalid_input', 'A value in the URL path is too long.', 'Path values are handles (at most 64 characters) or post ids (whole numbers).') };
    case 'FST_ERR_BAD_URL':
      return { status: 400, body: errorBody('invalid_input', 'The URL is not valid (a "%" that does not start an escape like %20).', 'Percent-encode the path and query values (e.g. "%" as %25).') };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { status: 400, body: errorBody('invalid_input', 'The Content-Length header does not match the body.', 'Send the body with a correct Content-Length.') };
    default:
      return {
        status: statusCode,
        body: errorBody(statusCode === 400 ? 'invalid_input' : 'http_error', error.message, 'Send a JSON object body with the arguments described in /openapi.json.'),
      };
  }
}
