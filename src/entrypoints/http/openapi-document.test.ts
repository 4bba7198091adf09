import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { API_PREFIX, OPERATIONS } from '../operations/operation-catalogue.js';
import { operationJsonSchema } from '../operations/operation-json-schema.js';
import { defineOperation, pathParameterNames, type AnyOperation } from '../operations/operation.js';
import { buildOpenApiDocument } from './openapi-document.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- reading a JSON document

const document = buildOpenApiDocument(OPERATIONS, { version: '9.8.7' }) as Json;

function described(operation: AnyOperation): Json {
  return document.paths[API_PREFIX + operation.path][operation.method.toLowerCase()] as Json;
}

const JSON_SCHEMA_TYPES = ['string', 'number', 'integer', 'boolean', 'object', 'array', 'null'];

/** Checks a node is a JSON Schema shape: known types, properties of schemas, required naming properties, items a schema, no $ref. */
function expectSchemaShape(node: Json, where: string): void {
  expect(node.$ref, where).toBeUndefined();
  expect(node.$defs, where).toBeUndefined();
  expect(node.$schema, where).toBeUndefined();
  const types = node.type === undefined ? [] : Array.isArray(node.type) ? node.type : [node.type];
  for (const type of types) expect(JSON_SCHEMA_TYPES, where).toContain(type);
  if (node.type === undefined) expect(node.anyOf ?? node.oneOf ?? node.allOf ?? node.enum, `${where} has neither type nor combinator`).toBeDefined();
  if (node.description !== undefined) expect(typeof node.description, where).toBe('string');
  if (node.enum !== undefined) expect(Array.isArray(node.enum) && node.enum.length > 0, where).toBe(true);
  if (node.properties !== undefined) {
    expect(typeof node.properties, where).toBe('object');
    for (const [key, child] of Object.entries(node.properties as Json)) expectSchemaShape(child as Json, `${where}.${key}`);
  }
  if (node.required !== undefined) {
    expect(Array.isArray(node.required), where).toBe(true);
    for (const name of node.required as string[]) expect(Object.keys(node.properties ?? {}), `${where} requires ${name}`).toContain(name);
  }
  if (node.items !== undefined) expectSchemaShape(node.items as Json, `${where}[]`);
  for (const key of ['anyOf', 'oneOf', 'allOf']) for (const [index, child] of ((node[key] as Json[] | undefined) ?? []).entries()) expectSchemaShape(child, `${where}|${key}${index}`);
}

describe('buildOpenApiDocument', () => {
  it('is an OpenAPI 3.1 document with the given version, bearer security and the shared error schema', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.info.version).toBe('9.8.7');
    expect(document.security).toEqual([{ bearerAuth: [] }]);
    expect(document.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(document.components.schemas.Error.required).toEqual(['error']);
    expect(document.components.schemas.Error.properties.error.required).toEqual(['code', 'message', 'hint']);
  });

  it('lists every operation once, under /api/v1 + its path and its method, and nothing else', () => {
    const listed: string[] = [];
    for (const [path, item] of Object.entries(document.paths as Json)) {
      for (const [method, operation] of Object.entries(item as Json)) listed.push(`${method.toUpperCase()} ${path} ${(operation as Json).operationId as string}`);
    }
    expect(listed.sort()).toEqual(OPERATIONS.map((operation) => `${operation.method} ${API_PREFIX}${operation.path} ${operation.name}`).sort());
    for (const operation of OPERATIONS) {
      expect(described(operation), operation.name).toMatchObject({
        operationId: operation.name,
        summary: operation.summary,
        description: operation.description,
        tags: [operation.tag],
      });
    }
  });

  it('declares a tag for every tag an operation uses', () => {
    const declared = (document.tags as Json[]).map((tag) => tag.name as string);
    for (const operation of OPERATIONS) expect(declared, operation.name).toContain(operation.tag);
  });

  it('puts path values in the path (always required), the rest in the query for GET and DELETE and in the body for POST and PATCH', () => {
    for (const operation of OPERATIONS) {
      const schema = operationJsonSchema(operation);
      const names = Object.keys(schema.properties ?? {});
      const inPath = pathParameterNames(operation);
      const others = names.filter((name) => !inPath.includes(name));
      const withBody = operation.method === 'POST' || operation.method === 'PATCH';
      const parameters = described(operation).parameters as Json[];
      expect(parameters.filter((parameter) => parameter.in === 'path').map((parameter) => parameter.name), operation.name).toEqual(inPath);
      for (const parameter of parameters.filter((item) => item.in === 'path')) expect(parameter.required, `${operation.name}.${parameter.name as string}`).toBe(true);
      expect(parameters.filter((parameter) => parameter.in === 'query').map((parameter) => parameter.name), operation.name).toEqual(withBody ? [] : others);
      const body = described(operation).requestBody as Json | undefined;
      if (withBody && others.length > 0) {
        const bodySchema = body!.content['application/json'].schema as Json;
        expect(Object.keys(bodySchema.properties), operation.name).toEqual(others);
        const required = (schema.required ?? []).filter((name) => !inPath.includes(name));
        expect(bodySchema.required ?? [], operation.name).toEqual(required);
        expect(body!.required, operation.name).toBe(required.length > 0);
      } else {
        expect(body, operation.name).toBeUndefined();
      }
    }
  });

  it('marks a query parameter required exactly when its schema requires it (a default makes it optional)', () => {
    const listPosts = described(OPERATIONS.find((operation) => operation.name === 'list_posts')!);
    const byName = Object.fromEntries((listPosts.parameters as Json[]).map((parameter) => [parameter.name, parameter]));
    expect(byName.handle).toMatchObject({ in: 'path', required: true });
    expect(byName.limit).toMatchObject({ in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 500, default: 20 } });
    expect(byName.status.description).toContain('idea, draft, approved, scheduled, published, archived');
    expect(byName.platform.schema.enum).toEqual(['x', 'linkedin', 'instagram', 'threads', 'bluesky', 'mastodon', 'facebook']);
  });

  it('gives a body with only optional fields as not required, and none to a POST whose only arguments are in its path', () => {
    const byName = (name: string) => described(OPERATIONS.find((operation) => operation.name === name)!);
    expect(byName('approve_post').requestBody).toMatchObject({ required: false });
    expect(byName('approve_post').requestBody.content['application/json'].schema.required).toBeUndefined();
    expect(byName('restore_voice_guidance').requestBody).toBeUndefined();
    expect(byName('create_post').requestBody.required).toBe(true);
    expect(byName('create_post').requestBody.content['application/json'].schema.required).toEqual(['platform', 'text']);
  });

  it('answers 201 for the two create operations and 200 for the others, with the shared error responses', () => {
    for (const operation of OPERATIONS) {
      const responses = described(operation).responses as Json;
      const success = operation.name === 'create_profile' || operation.name === 'create_post' ? '201' : '200';
      expect(Object.keys(responses).sort(), operation.name).toEqual([success, '400', '401', '404', '429'].sort());
      for (const status of ['400', '401', '404', '429']) expect(responses[status].content['application/json'].schema, operation.name).toEqual({ $ref: '#/components/schemas/Error' });
    }
  });

  it('writes every parameter and body as a valid JSON Schema shape, without refs', () => {
    for (const operation of OPERATIONS) {
      for (const parameter of described(operation).parameters as Json[]) {
        const where = `${operation.name}.${parameter.name as string}`;
        expect(typeof parameter.description, where).toBe('string');
        expect(parameter.schema.description, where).toBe(parameter.description);
        expectSchemaShape(parameter.schema as Json, where);
        expect(['string', 'number', 'integer', 'boolean'], where).toContain(parameter.schema.type);
      }
      const body = described(operation).requestBody as Json | undefined;
      if (body) {
        const schema = body.content['application/json'].schema as Json;
        expect(schema.type, operation.name).toBe('object');
        expectSchemaShape(schema, operation.name);
      }
    }
  });

  it('gives a parameter one scalar type: the first non-null one of a type list, else string', () => {
    const nullable = defineOperation({
      name: 'nullable_things',
      summary: 'Nullable things',
      description: 'A GET whose query arguments may be null, to see the types the document gives them.',
      tag: 'test',
      method: 'GET',
      path: '/things/{id}',
      readOnly: true,
      input: z.object({
        id: z.string().describe('The thing.'),
        flag: z.boolean().nullable().optional(),
        nullFirst: z.union([z.null(), z.number()]).optional(),
        either: z.union([z.number(), z.boolean()]).optional().describe('A number or a flag.'),
        bounded: z.string().max(5).nullable().optional().describe('Short text or null.'),
      }),
      run: async () => ({}),
    });
    const properties = operationJsonSchema(nullable).properties!;
    expect(properties.flag!.type).toEqual(['boolean', 'null']);
    expect(properties.nullFirst!.type).toEqual(['null', 'number']);
    expect(properties.either!.type).toEqual(['number', 'boolean']);
    expect(properties.bounded!.type).toBeUndefined();
    const built = buildOpenApiDocument([nullable], { version: '1' }) as Json;
    const parameters = built.paths[`${API_PREFIX}/things/{id}`].get.parameters as Json[];
    expect(parameters.map((parameter) => [parameter.name, parameter.in, parameter.required, parameter.schema.type])).toEqual([
      ['id', 'path', true, 'string'],
      ['flag', 'query', false, 'boolean'],
      ['nullFirst', 'query', false, 'number'],
      ['either', 'query', false, 'number'],
      ['bounded', 'query', false, 'string'],
    ]);
    // The rest of the schema stays (the anyOf of a bounded nullable text), and a parameter without a description is described by its name.
    expect(parameters[4]!.schema.anyOf).toEqual([{ type: 'string', maxLength: 5 }, { type: 'null' }]);
    expect(parameters[1]!.description).toBe('flag');
    expect(parameters[0]!.description).toBe('The thing.');
  });
});
