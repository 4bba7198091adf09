import type { ErrorCode } from '../../core/errors.js';

/** Exit codes of `smm`, documented in USAGE.md. One place maps error codes to them. */
export const EXIT = {
  ok: 0,
  internal: 1,
  usage: 2,
  notFound: 3,
  conflict: 4,
  badData: 5,
  storage: 6,
  model: 7,
  index: 8,
  config: 9,
  auth: 10,
  publish: 11,
  cancelled: 130,
} as const;

export function exitCodeFor(code: ErrorCode): number {
  switch (code) {
    case 'invalid_input':
      return EXIT.usage;
    case 'not_found':
      return EXIT.notFound;
    case 'conflict':
    case 'invalid_transition':
      return EXIT.conflict;
    case 'import_failed':
    case 'unsupported_format':
      return EXIT.badData;
    case 'storage_unavailable':
      return EXIT.storage;
    case 'model_unavailable':
    case 'model_failed':
      return EXIT.model;
    case 'index_unavailable':
      return EXIT.index;
    case 'config_invalid':
      return EXIT.config;
    case 'unauthorized':
    case 'forbidden':
    case 'rate_limited':
      return EXIT.auth;
    case 'cancelled':
      return EXIT.cancelled;
    case 'internal':
      return EXIT.internal;
    case 'publish_failed':
      return EXIT.publish;
  }
}
