/**
 * One error base for the whole product. Every failure a user can meet has a
 * string `code`; each front door maps codes to its protocol in one place
 * (CLI exit code, HTTP status, MCP `isError`). Messages say what went wrong
 * and what to do about it.
 */
export type ErrorCode =
  | 'invalid_input'
  | 'not_found'
  | 'conflict'
  | 'invalid_transition'
  | 'import_failed'
  | 'unsupported_format'
  | 'storage_unavailable'
  | 'config_invalid'
  | 'model_unavailable'
  | 'model_failed'
  | 'index_unavailable'
  | 'unauthorized'
  | 'forbidden'
  | 'rate_limited'
  | 'cancelled'
  | 'internal'
  | 'publish_failed';

export class AppError extends Error {
  readonly code: ErrorCode;
  /** Extra, machine-readable facts about the failure (ids, paths, limits). */
  readonly details: Record<string, unknown>;
  /** A short instruction for the user or the calling model. */
  readonly hint: string | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { cause?: unknown; details?: Record<string, unknown>; hint?: string } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = options.details ?? {};
    this.hint = options.hint;
  }

  static isInstance(value: unknown): value is AppError {
    return value instanceof AppError;
  }
}

export class InvalidInputError extends AppError {
  constructor(message: string, options: { cause?: unknown; details?: Record<string, unknown>; hint?: string } = {}) {
    super('invalid_input', message, options);
  }
}

export class NotFoundError extends AppError {
  constructor(
    readonly entity: 'profile' | 'post' | 'workspace' | 'generation' | 'api_key' | 'file' | 'model' | 'account',
    readonly key: string,
    hint?: string,
  ) {
    super('not_found', `No ${entity.replace('_', ' ')} "${key}".`, { details: { entity, key }, hint });
  }
}

export class ProfileNotFoundError extends NotFoundError {
  constructor(handle: string, workspace: string, known: string[] = []) {
    super(
      'profile',
      handle,
      known.length > 0
        ? `Known profiles in workspace "${workspace}": ${known.slice(0, 20).join(', ')}. Create one with \`smm profile add ${handle}\`.`
        : `Workspace "${workspace}" has no profiles yet. Create one with \`smm profile add ${handle}\`.`,
    );
  }
}

export class PostNotFoundError extends NotFoundError {
  constructor(id: number | string) {
    super('post', String(id), 'List posts with `smm post list --profile <handle>` to find a valid id.');
  }
}

export class ConflictError extends AppError {
  constructor(message: string, hint?: string, details: Record<string, unknown> = {}) {
    super('conflict', message, { hint, details });
  }
}

export class InvalidTransitionError extends AppError {
  constructor(from: string, to: string, allowed: readonly string[]) {
    super('invalid_transition', `A post cannot go from "${from}" to "${to}".`, {
      details: { from, to, allowed },
      hint: allowed.length > 0 ? `From "${from}" it can go to: ${allowed.join(', ')}.` : `"${from}" is final.`,
    });
  }
}

export class UnsupportedFormatError extends AppError {
  constructor(message: string, hint?: string, details: Record<string, unknown> = {}) {
    super('unsupported_format', message, { hint, details });
  }
}

export class ImportFailedError extends AppError {
  constructor(message: string, options: { cause?: unknown; details?: Record<string, unknown>; hint?: string } = {}) {
    super('import_failed', message, options);
  }
}

export class StorageUnavailableError extends AppError {
  constructor(message: string, cause?: unknown, hint?: string) {
    super('storage_unavailable', message, { cause, hint });
  }
}

export class ConfigInvalidError extends AppError {
  constructor(message: string, hint?: string) {
    super('config_invalid', message, { hint });
  }
}

export class ModelUnavailableError extends AppError {
  constructor(message: string, options: { cause?: unknown; hint?: string; details?: Record<string, unknown> } = {}) {
    super('model_unavailable', message, options);
  }
}

export class ModelFailedError extends AppError {
  constructor(message: string, options: { cause?: unknown; hint?: string; details?: Record<string, unknown> } = {}) {
    super('model_failed', message, options);
  }
}

export class IndexUnavailableError extends AppError {
  /** True when the index could not be reached at all (a server down or restarting): trying again, or restarting a managed server, may help. */
  readonly retryable: boolean;

  constructor(message: string, cause?: unknown, hint?: string, options: { retryable?: boolean } = {}) {
    super('index_unavailable', message, { cause, hint, details: { retryable: options.retryable ?? false } });
    this.retryable = options.retryable ?? false;
  }
}

export class UnauthorizedError extends AppError {
  constructor(message: string, hint?: string) {
    super('unauthorized', message, { hint });
  }
}

export class ForbiddenError extends AppError {
  constructor(message: string, hint?: string) {
    super('forbidden', message, { hint });
  }
}

export class CancelledError extends AppError {
  constructor(message = 'Cancelled.') {
    super('cancelled', message);
  }
}

/** Wraps anything thrown into an AppError, keeping the original as `cause`. */
export function toAppError(error: unknown): AppError {
  if (AppError.isInstance(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new AppError('internal', message, { cause: error });
}

/** `smm voice guidance rm|restore` with an id the profile's edits have not taught. */
export class GuidanceNotFoundError extends AppError {
  constructor(handle: string, id: string, known: readonly string[], removed: boolean) {
    super('not_found', removed ? `@${handle} has no removed guidance "${id}".` : `@${handle} has no learnt guidance "${id}".`, {
      details: { entity: 'voice_guidance', key: id, known },
      hint:
        known.length > 0
          ? `Known ids: ${known.join(', ')}. See them with \`smm voice guidance list ${handle}\`.`
          : `Nothing ${removed ? 'was removed' : 'is learnt yet'}; \`smm voice guidance list ${handle}\` shows what the edits taught.`,
    });
  }
}

/** Approving or scheduling a post that breaks its platform's rules (or its voice's), without `force`. */
export class PostRulesViolatedError extends AppError {
  constructor(postId: number | undefined, target: string, violations: ReadonlyArray<{ rule: string; message: string }>) {
    super('conflict', `${postId === undefined ? 'The post' : `Post ${postId}`} breaks ${violations.length} rule${violations.length === 1 ? '' : 's'}, so it was not ${target}: ${violations.map((violation) => violation.message).join(' ')}`, {
      details: { postId, violations },
      hint: `Fix the text (smm post edit ${postId ?? 'ID'} --text "…") and try again, or pass force (--force) to ${target === 'scheduled' ? 'schedule' : 'approve'} it as it is.`,
    });
  }
}
