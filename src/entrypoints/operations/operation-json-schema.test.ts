import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { OPERATIONS } from './operation-catalogue.js';
import { inputJsonSchema, operationJsonSchema } from './operation-json-schema.js';

describe('inputJsonSchema', () => {
  it('describes what a caller sends: defaults make fields optional, transforms show their input', () => {
    const schema = inputJsonSchema(
      z.object({
        name: z.string(),
        count: z.number().int().min(1).default(3),
        at: z.string().transform((value) => new Date(value)),
      }),
    );
    expect(schema).toEqual({
      type: 'object',
      properties: { name: { type: 'string' }, count: { type: 'integer', minimum: 1, default: 3 }, at: { type: 'string' } },
      required: ['name', 'at'],
    });
  });

  it("drops the safe-integer bounds zod puts on every int, keeping real ones and zod's $schema out", () => {
    const schema = inputJsonSchema(z.object({ any: z.number().int(), bounded: z.number().int().min(-5).max(5), positive: z.number().int().positive() }));
    expect(schema.$schema).toBeUndefined();
    expect(schema.properties).toEqual({
      any: { type: 'integer' },
      bounded: { type: 'integer', minimum: -5, maximum: 5 },
      positive: { type: 'integer', exclusiveMinimum: 0 },
    });
  });

  it('writes the allowed values of an enum into its description, after the words already there', () => {
    const schema = inputJsonSchema(
      z.object({
        bare: z.enum(['red', 'green']),
        described: z.enum(['red', 'green']).describe('The colour.  '),
        named: z.enum(['red', 'green']).describe('The colour: red or green.'),
        list: z.array(z.enum(['a1', 'b2'])).describe('Letters.'),
        numbers: z.literal([1, 2]).describe('One or two'),
      }),
    );
    const properties = schema.properties!;
    expect(properties.bare!.description).toBe('Allowed values: red, green.');
    expect(properties.described!.description).toBe('The colour. Allowed values: red, green.');
    // Values the description already names are not repeated.
    expect(properties.named!.description).toBe('The colour: red or green.');
    // An array of enum values: both the array and its items say them.
    expect(properties.list!.description).toBe('Letters. Allowed values: a1, b2.');
    expect(properties.list!.items!.description).toBe('Allowed values: a1, b2.');
    expect(properties.numbers!.description).toBe('One or two Allowed values: 1, 2.');
  });

  it('counts a value as named only as a whole word: "x" inside "next" or "x-ray" does not name the platform X', () => {
    const schema = inputJsonSchema(
      z.object({
        platform: z.enum(['x', 'linkedin']).describe('The next platform, e.g. linkedin.'),
        hyphen: z.enum(['x', 'linkedin']).describe('An x-ray of linkedin.'),
        quoted: z.enum(['x', 'linkedin']).describe('One of "x" or linkedin.'),
      }),
    );
    const properties = schema.properties!;
    expect(properties.platform!.description).toBe('The next platform, e.g. linkedin. Allowed values: x, linkedin.');
    expect(properties.hyphen!.description).toBe('An x-ray of linkedin. Allowed values: x, linkedin.');
    expect(properties.quoted!.description).toBe('One of "x" or linkedin.');
  });

  it('tidies nested objects, array items and union members too', () => {
    const schema = inputJsonSchema(
      z.object({
        nested: z.object({ level: z.enum(['low', 'high']), n: z.number().int() }),
        maybe: z.union([z.object({ mode: z.enum(['fast', 'slow']) }), z.number().int()]),
      }),
    );
    expect(schema.properties!.nested).toEqual({
      type: 'object',
      properties: { level: { type: 'string', enum: ['low', 'high'], description: 'Allowed values: low, high.' }, n: { type: 'integer' } },
      required: ['level', 'n'],
    });
    expect(schema.properties!.maybe!.anyOf).toEqual([
      { type: 'object', properties: { mode: { type: 'string', enum: ['fast', 'slow'], description: 'Allowed values: fast, slow.' } }, required: ['mode'] },
      { type: 'integer' },
    ]);
  });

  it('inlines a schema used twice instead of pointing at it', () => {
    const shared = z.object({ tone: z.string() });
    const schema = inputJsonSchema(z.object({ first: shared, second: shared }));
    expect(JSON.stringify(schema)).not.toContain('$ref');
    expect(schema.$defs).toBeUndefined();
    expect(schema.properties!.first).toEqual(schema.properties!.second);
    expect(schema.properties!.second).toEqual({ type: 'object', properties: { tone: { type: 'string' } }, required: ['tone'] });
  });

  it('converts each schema once and gives back the same object', () => {
    const source = z.object({ a: z.string() });
    expect(inputJsonSchema(source)).toBe(inputJsonSchema(source));
    expect(inputJsonSchema(z.object({ a: z.string() }))).not.toBe(inputJsonSchema(source));
  });
});

describe('operationJsonSchema', () => {
  it("is the input schema of the operation's input", () => {
    for (const operation of OPERATIONS) expect(operationJsonSchema(operation), operation.name).toBe(inputJsonSchema(operation.input));
  });

  it('gives every operation an object schema whose enums are all spelled out in words', () => {
    const unspelled: string[] = [];
    const visit = (node: Record<string, unknown>, where: string): void => {
      const values = (node.enum ?? (node.items as Record<string, unknown> | undefined)?.enum) as unknown[] | undefined;
      for (const value of values ?? []) if (!String(node.description ?? '').includes(String(value))) unspelled.push(`${where}: ${String(value)}`);
      for (const [key, child] of Object.entries((node.properties ?? {}) as Record<string, Record<string, unknown>>)) visit(child, `${where}.${key}`);
      if (node.items) visit(node.items as Record<string, unknown>, `${where}[]`);
      for (const key of ['anyOf', 'oneOf', 'allOf']) for (const child of (node[key] as Array<Record<string, unknown>> | undefined) ?? []) visit(child, `${where}|${key}`);
    };
    for (const operation of OPERATIONS) {
      const schema = operationJsonSchema(operation);
      expect(schema.type, operation.name).toBe('object');
      visit(schema, operation.name);
    }
    expect(unspelled).toEqual([]);
  });
});
