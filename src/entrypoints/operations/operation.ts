import type { z } from 'zod';
import type { App } from '../../app/create-app.js';
import type { ProgressListener } from '../../core/ports.js';
import type { Scope } from '../../core/profiles/index.js';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** What an operation gets besides its input: cancellation and progress for long work. */
export interface OperationContext {
  signal: AbortSignal;
  onProgress?: ProgressListener;
}

/**
 * One thing the product can do from outside, described once: the REST route,
 * the OpenAPI operation, the MCP tool and the chat assistant's tool are all
 * built from it. `input` is the only request schema: path and query values
 * are its keys too, so every argument can also come in the JSON body (as
 * Open WebUI sends them).
 */
export interface Operation<S extends z.ZodObject = z.ZodObject> {
  /** snake_case; the OpenAPI operationId, the MCP tool name and the assistant's tool name. */
  name: string;
  /** A few words, for the docs page. */
  summary: string;
  /** Written for a language model: what it does, when to use it, what it returns; enum values spelled out. */
  description: string;
  /** Group in the docs: profiles, posts, import-export, generation, voice, maintenance. */
  tag: string;
  method: HttpMethod;
  /** Under /api/v1, with `{name}` placeholders that are keys of `input`. */
  path: string;
  input: S;
  /** True when the operation changes nothing (MCP readOnlyHint; safe for the assistant to call freely). */
  readOnly: boolean;
  /** True when its answer depends only on the database and its input: the HTTP layer may reuse it until the database changes. */
  cacheable?: boolean;
  run(app: App, scope: Scope, input: z.output<S>, context: OperationContext): Promise<unknown>;
  /** The same answer as `run`, as JSON text of the same bytes as JSON.stringify of its result, built more cheaply: REST sends it as it is. */
  runJson?(app: App, scope: Scope, input: z.output<S>, context: OperationContext): Promise<string>;
}

/** Any operation of the catalogue, whatever its input type. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the catalogue holds operations of different input types
export type AnyOperation = Operation<any>;

/** Keeps the input type of one operation while it goes into the catalogue's list. */
export function defineOperation<S extends z.ZodObject>(operation: Operation<S>): Operation<S> {
  return operation;
}

const pathNames = new Map<string, string[]>();

/** The names in `{…}` of an operation's path, in order. */
export function pathParameterNames(operation: Pick<AnyOperation, 'path'>): string[] {
  let names = pathNames.get(operation.path);
  if (!names) {
    names = [...operation.path.matchAll(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g)].map((match) => match[1]!);
    pathNames.set(operation.path, names);
  }
  return names;
}

/** Whether the operation takes a JSON body (else its non-path arguments are query parameters). */
export function hasBody(operation: Pick<AnyOperation, 'method'>): boolean {
  return operation.method === 'POST' || operation.method === 'PATCH';
}

/** A file an operation returns (an export): sent as-is over HTTP, as text over MCP. */
export class FileResult {
  constructor(
    readonly filename: string,
    readonly contentType: string,
    readonly body: string,
    /** A small JSON summary for callers that cannot take the file (a language model). */
    readonly summary: Record<string, unknown>,
  ) {}
}
