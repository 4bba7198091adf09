import { operationJsonSchema, type JsonSchema } from '../operations/operation-json-schema.js';
import { API_PREFIX } from '../operations/operation-catalogue.js';
import { hasBody, pathParameterNames, type AnyOperation } from '../operations/operation.js';

const ERROR_SCHEMA: JsonSchema = {
  type: 'object',
  description: 'Every error: what went wrong (message) and how to fix the call (hint).',
  properties: {
    error: {
      type: 'object',
      properties: {
        code: { type: 'string', description: 'Stable error code, e.g. invalid_input, not_found, conflict, unauthorized, rate_limited.' },
        message: { type: 'string', description: 'What went wrong.' },
        hint: { type: ['string', 'null'], description: 'What to do about it.' },
        details: { type: 'object', description: 'Machine-readable facts (field problems, ids).' },
      },
      required: ['code', 'message', 'hint'],
    },
  },
  required: ['error'],
};

const ERROR_RESPONSE = { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };

/**
 * The OpenAPI 3.1 document, built from the operations catalogue and shaped
 * for Open WebUI's tool-server reader (OPENWEBUI.md §1): one snake_case
 * operationId per operation, parameters inline on each operation (path and
 * query, `{type, description}` first), allowed enum values written into
 * descriptions, request bodies whose root is a plain object, no `$ref` but
 * to the shared error response.
 */
export function buildOpenApiDocument(operations: readonly AnyOperation[], info: { version: string }): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of operations) {
    const url = API_PREFIX + operation.path;
    paths[url] ??= {};
    paths[url][operation.method.toLowerCase()] = describeOperation(operation);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Social Media Manager Assistant',
      version: info.version,
      description:
        'Profiles (the voices you write for), their past posts, and new posts written in each voice and checked against each platform’s rules. ' +
        'Authenticate with `Authorization: Bearer <key>` (create one with `smm keys create`). Every argument may also be sent in the JSON body.',
    },
    security: [{ bearerAuth: [] }],
    tags: [
      { name: 'profiles', description: 'The voices you write for.' },
      { name: 'posts', description: 'Past posts, ideas, drafts and scheduled posts.' },
      { name: 'import-export', description: "Platforms' data exports in, files out." },
      { name: 'generation', description: 'New posts in a profile’s voice.' },
      { name: 'voice', description: 'How a profile sounds.' },
      { name: 'maintenance', description: 'Index and health.' },
      { name: 'publishing', description: 'Accounts, publishing to Bluesky and Mastodon, the calendar.' },
    ],
    paths,
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API key from `smm keys create`.' } },
      schemas: { Error: ERROR_SCHEMA },
    },
  };
}

function describeOperation(operation: AnyOperation): Record<string, unknown> {
  const schema = operationJsonSchema(operation);
  const properties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const inPath = pathParameterNames(operation);
  const parameters = Object.entries(properties)
    .filter(([name]) => inPath.includes(name) || !hasBody(operation))
    .map(([name, property]) => ({
      name,
      in: inPath.includes(name) ? 'path' : 'query',
      required: inPath.includes(name) || required.has(name),
      description: property.description ?? name,
      schema: parameterSchema(property),
    }));
  const result: Record<string, unknown> = {
    operationId: operation.name,
    summary: operation.summary,
    description: operation.description,
    tags: [operation.tag],
    parameters,
    responses: {
      [successStatus(operation)]: {
        description: 'Success',
        content: { 'application/json': { schema: { type: 'object', description: 'See the operation description for the fields.' } } },
      },
      '400': ERROR_RESPONSE,
      '401': ERROR_RESPONSE,
      '404': ERROR_RESPONSE,
      '429': ERROR_RESPONSE,
    },
  };
  const bodyProperties = Object.fromEntries(Object.entries(properties).filter(([name]) => !inPath.includes(name)));
  // An operation whose only arguments are in the path has no body: Open WebUI then substitutes the path and sends nothing.
  if (hasBody(operation) && Object.keys(bodyProperties).length > 0) {
    const bodyRequired = [...required].filter((name) => !inPath.includes(name));
    result.requestBody = {
      required: bodyRequired.length > 0,
      content: {
        'application/json': {
          schema: { type: 'object', properties: bodyProperties, ...(bodyRequired.length > 0 ? { required: bodyRequired } : {}) },
        },
      },
    };
  }
  return result;
}

/** A path or query parameter: scalar type first (Open WebUI keeps only type and description). */
function parameterSchema(property: JsonSchema): JsonSchema {
  const { description: _description, ...rest } = property;
  const type = Array.isArray(rest.type) ? rest.type.find((item) => item !== 'null') : rest.type;
  return { ...rest, type: type ?? 'string', description: property.description };
}

function successStatus(operation: AnyOperation): string {
  return operation.name === 'create_profile' || operation.name === 'create_post' ? '201' : '200';
}
