import type { FastifyRequest } from 'fastify';
import { parseInput } from '../../core/validation.js';
import { operationJsonSchema, type JsonSchema } from '../operations/operation-json-schema.js';
import { pathParameterNames, type AnyOperation } from '../operations/operation.js';

/**
 * An operation's arguments from a request: the JSON body (which may also
 * carry the path and query values, as Open WebUI sends them), then the query
 * string, then the path, later ones winning. Text values of number and
 * boolean arguments are converted, since query strings and some models send
 * "42" for 42. Then the operation's zod schema decides.
 */
export function operationInput(operation: AnyOperation, request: FastifyRequest): unknown {
  const body = request.body;
  if (body !== undefined && body !== null && (typeof body !== 'object' || Array.isArray(body) || Buffer.isBuffer(body))) {
    // A non-object JSON body: let the schema say what it expected.
    return parseInput(operation.input, body, `arguments of ${operation.name}`);
  }
  const merged: Record<string, unknown> = {
    ...((body as Record<string, unknown> | undefined) ?? {}),
    ...((request.query as Record<string, unknown> | undefined) ?? {}),
  };
  const params = (request.params as Record<string, string> | undefined) ?? {};
  for (const name of pathParameterNames(operation)) if (params[name] !== undefined) merged[name] = params[name];
  return parseInput(operation.input, coerce(operationJsonSchema(operation), merged), `arguments of ${operation.name}`);
}

function coerce(schema: JsonSchema, values: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    const property = schema.properties?.[key];
    result[key] = property && typeof value === 'string' ? coerceText(value, property) : value;
  }
  return result;
}

/** The kinds of value an argument takes: its `type` (one or a list), or its `anyOf`/`oneOf` members' (a bounded number that may be null). */
function typesOf(property: JsonSchema): unknown[] {
  const own = Array.isArray(property.type) ? property.type : [property.type];
  const members = [property.anyOf, property.oneOf].flatMap((list) => (Array.isArray(list) ? (list as JsonSchema[]) : []));
  return [...own, ...members.flatMap(typesOf)];
}

function coerceText(value: string, property: JsonSchema): unknown {
  const types = typesOf(property);
  if (types.includes('string')) return value;
  const text = value.trim();
  if ((types.includes('integer') || types.includes('number')) && /^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (types.includes('boolean')) {
    if (/^(true|1|yes)$/i.test(text)) return true;
    if (/^(false|0|no)$/i.test(text)) return false;
  }
  if (types.includes('null') && text === 'null') return null;
  return value;
}
