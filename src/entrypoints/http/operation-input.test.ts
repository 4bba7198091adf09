import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import { findOperation } from '../operations/operation-catalogue.js';
import { defineOperation, type AnyOperation } from '../operations/operation.js';
import { operationInput } from './operation-input.js';

/** Only the three parts of a request operationInput reads. */
function request(parts: { body?: unknown; query?: Record<string, unknown>; params?: Record<string, string> }): FastifyRequest {
  return parts as unknown as FastifyRequest;
}

function operation(name: string): AnyOperation {
  const found = findOperation(name);
  if (!found) throw new Error(`no operation ${name}`);
  return found;
}

function failure(run: () => unknown): AppError {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(AppError);
  return caught as AppError;
}

/** Every kind of argument the coercion tells apart, on a GET with one path value. */
const kinds = defineOperation({
  name: 'kinds',
  summary: 'Kinds',
  description: 'An operation with one argument of each kind, to see how text values are converted.',
  tag: 'test',
  method: 'GET',
  path: '/kinds/{id}',
  readOnly: true,
  input: z.object({
    id: z.number().int(),
    count: z.number().int().optional(),
    ratio: z.number().optional(),
    flag: z.boolean().optional(),
    name: z.string().optional(),
    code: z.string().optional(),
    maybe: z.boolean().nullable().optional(),
    note: z.string().nullable().optional(),
    // Bounded and nullable: its JSON schema is an anyOf of a number and null, not a list of types.
    stars: z.number().int().min(1).max(5).nullable().optional(),
  }),
  run: async (_app, _scope, input) => input,
});

describe('operationInput: where the arguments come from', () => {
  it('merges body, then query, then path, each later one winning', () => {
    const listPosts = operation('list_posts');
    const merged = operationInput(
      listPosts,
      request({
        body: { handle: 'from-body', limit: 5, search: 'body words', cursor: 'body-cursor' },
        query: { handle: 'from-query', limit: '7', search: 'query words' },
        params: { handle: 'from-path' },
      }),
    );
    expect(merged).toEqual({ handle: 'from-path', limit: 7, search: 'query words', cursor: 'body-cursor' });
  });

  it('takes path values only for the names in the path, and ignores an absent one', () => {
    const listPosts = operation('list_posts');
    // Fastify's params may hold more (a wildcard); only {handle} is this operation's.
    expect(operationInput(listPosts, request({ body: undefined, query: { search: 'q' }, params: { handle: 'acme', search: 'from-params' } }))).toEqual({
      handle: 'acme',
      search: 'q',
      limit: 20,
    });
    expect(operationInput(listPosts, request({ body: { handle: 'acme' }, query: {}, params: {} }))).toEqual({ handle: 'acme', limit: 20 });
  });

  it('treats a missing body, a null body, missing query and missing params as empty', () => {
    const listProfiles = operation('list_profiles');
    expect(operationInput(listProfiles, request({}))).toEqual({ includeArchived: false });
    expect(operationInput(listProfiles, request({ body: null, query: { includeArchived: 'true' } }))).toEqual({ includeArchived: true });
  });

  it('lets the schema reject a body that is not an object, naming the operation', () => {
    const getProfile = operation('get_profile');
    for (const body of [[{ handle: 'acme' }], 'acme', 42, true]) {
      const error = failure(() => operationInput(getProfile, request({ body, params: { handle: 'acme' } })));
      expect(error.code, JSON.stringify(body)).toBe('invalid_input');
      expect(error.message, JSON.stringify(body)).toMatch(/^Invalid arguments of get_profile: arguments of get_profile: .*expected object/);
    }
    // Raw bytes (application/octet-stream) are not merged with the path: the routes turn them into an object first.
    const bytes = failure(() => operationInput(getProfile, request({ body: Buffer.from('{"handle":"acme"}'), params: { handle: 'acme' } })));
    expect(bytes.message).toBe('Invalid arguments of get_profile: handle: Invalid input: expected string, received undefined.');
  });

  it('drops keys the operation does not know, wherever they came from', () => {
    expect(operationInput(operation('get_post'), request({ body: { id: 3, workspace: 'other' }, query: { owner: 'mallory' } }))).toStrictEqual({ id: 3 });
  });
});

describe('operationInput: text values of number and boolean arguments', () => {
  const parse = (query: Record<string, unknown>) => operationInput(kinds, request({ query, params: { id: '1' } })) as Record<string, unknown>;

  it('reads whole and decimal numbers, with surrounding spaces and leading zeros, in path, query and body alike', () => {
    expect(parse({ count: '12', ratio: '-0.25' })).toEqual({ id: 1, count: 12, ratio: -0.25 });
    expect(parse({ count: ' 12 ', ratio: '\t3.5\n' })).toEqual({ id: 1, count: 12, ratio: 3.5 });
    expect(parse({ count: '007' })).toEqual({ id: 1, count: 7 });
    expect(operationInput(kinds, request({ body: { count: '42' }, params: { id: '9' } }))).toEqual({ id: 9, count: 42 });
  });

  it('leaves other number spellings as text, so the schema rejects them instead of guessing', () => {
    for (const text of ['1e3', '0x10', '+5', '12.', '.5', '1,000', 'Infinity', 'NaN', '', ' ', '12abc', '1 2']) {
      const error = failure(() => parse({ count: text }));
      expect(error.message, JSON.stringify(text)).toContain('count:');
      expect(error.message, JSON.stringify(text)).toContain('expected number, received string');
    }
  });

  it('turns a decimal into a number that an integer argument then refuses', () => {
    expect(failure(() => parse({ count: '12.5' })).message).toContain('count: Invalid input: expected int, received number');
    // A whole number written with decimals is still that whole number.
    expect(parse({ count: '12.0' })).toEqual({ id: 1, count: 12 });
  });

  it('reads true/1/yes and false/0/no in any case and with spaces, and nothing else', () => {
    for (const text of ['true', 'TRUE', ' True ', '1', 'yes', 'YES']) expect(parse({ flag: text }).flag, text).toBe(true);
    for (const text of ['false', 'False', ' 0 ', 'no', 'No']) expect(parse({ flag: text }).flag, text).toBe(false);
    for (const text of ['on', 'off', 'y', 'n', '2', '', 'truee', 'null']) {
      expect(failure(() => parse({ flag: text })).message, JSON.stringify(text)).toContain('flag: Invalid input: expected boolean, received string');
    }
  });

  it('keeps string arguments exactly as sent, even when they look like numbers, booleans or null', () => {
    expect(parse({ name: ' 007 ', code: 'true' })).toEqual({ id: 1, name: ' 007 ', code: 'true' });
    expect(parse({ note: 'null' })).toEqual({ id: 1, note: 'null' });
  });

  it('reads "null" as null only for an argument that may be null and is not text', () => {
    expect(parse({ maybe: 'null' })).toEqual({ id: 1, maybe: null });
    expect(parse({ maybe: ' null ' })).toEqual({ id: 1, maybe: null });
    expect(parse({ maybe: 'yes' })).toEqual({ id: 1, maybe: true });
    expect(failure(() => parse({ maybe: 'NULL' })).message).toContain('maybe:');
    expect(failure(() => parse({ flag: 'null' })).message).toContain('flag:');
  });

  it('converts a bounded argument that may be null, whose schema lists its kinds as anyOf', () => {
    expect(parse({ stars: '4' })).toEqual({ id: 1, stars: 4 });
    expect(parse({ stars: 'null' })).toEqual({ id: 1, stars: null });
    expect(failure(() => parse({ stars: '9' })).message).toContain('stars:');
  });

  it('converts only text: JSON numbers and booleans pass as they are, and arrays are left to the schema', () => {
    expect(operationInput(kinds, request({ body: { id: 2, count: 3, flag: false } }))).toEqual({ id: 2, count: 3, flag: false });
    expect(failure(() => parse({ count: ['1', '2'] })).message).toContain('count: Invalid input: expected number, received array');
  });

  it('converts the path value of a real operation: /posts/0042 is post 42, /posts/abc is refused', () => {
    expect(operationInput(operation('get_post'), request({ params: { id: '0042' } }))).toEqual({ id: 42 });
    expect(failure(() => operationInput(operation('get_post'), request({ params: { id: 'abc' } }))).message).toContain('id: A post id is a whole number, e.g. 42');
    expect(failure(() => operationInput(operation('get_post'), request({ params: { id: '-3' } }))).message).toContain('id: A post id is a positive whole number');
    expect(failure(() => operationInput(operation('get_post'), request({ params: { id: '9007199254740993' } }))).message).toContain('id:');
  });

  it('converts booleans of a PATCH body too (some models send "true")', () => {
    expect(operationInput(operation('update_profile'), request({ body: { archived: 'yes' }, params: { handle: 'acme' } }))).toStrictEqual({ handle: 'acme', archived: true });
  });
});
