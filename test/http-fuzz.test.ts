import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedProfile, startHarness, type Harness } from './http-harness.js';

/**
 * Property: whatever arrives — wrong types, missing fields, junk JSON, odd
 * path values, huge numbers, unicode — an operation answers 2xx or 4xx in the
 * one error shape, never 5xx, and the server keeps answering.
 */

type Operation = { path: string; method: string; id: string; properties: string[]; hasBody: boolean };

let h: Harness;
let operations: Operation[];

beforeAll(async () => {
  h = await startHarness({ server: { rateLimitPerMinute: 10_000_000 } });
  await seedProfile(h.app, 'default', 'acme');
  const spec = (await h.server.inject({ method: 'GET', url: '/openapi.json' })).json() as {
    paths: Record<string, Record<string, { operationId: string; parameters?: Array<{ name: string }>; requestBody?: { content: Record<string, { schema: { properties: Record<string, unknown> } }> } }>>;
  };
  operations = Object.entries(spec.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({
      path,
      method: method.toUpperCase(),
      id: operation.operationId,
      properties: [
        ...(operation.parameters ?? []).map((parameter) => parameter.name),
        ...Object.keys(operation.requestBody?.content['application/json']?.schema.properties ?? {}),
      ],
      hasBody: operation.requestBody !== undefined,
    })),
  );
});
afterAll(async () => h?.close());

const junkValue = fc.oneof(
  fc.anything({ maxDepth: 2 }),
  fc.string({ maxLength: 50 }),
  fc.constantFrom('', ' ', 'null', '-1', '0', '1e309', '9007199254740993', 'NaN', 'x,y', '../..', '%00', '\u0000', '🙂', 'acme', 'draft'),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);

function arbitraryRequest(operation: Operation) {
  const knownKeys = operation.properties.length > 0 ? fc.constantFrom(...operation.properties) : fc.string({ maxLength: 8 });
  const args = fc.dictionary(fc.oneof(knownKeys, fc.string({ maxLength: 8 })), junkValue, { maxKeys: 6 });
  const body = fc.oneof(
    args.map((value) => ({ raw: JSON.stringify(value) })),
    junkValue.map((value) => ({ raw: JSON.stringify(value) ?? 'undefined' })),
    fc.string({ maxLength: 80 }).map((raw) => ({ raw })),
    fc.constant({ raw: '{"handle": "acme", ' }),
  );
  const pathValue = fc.oneof(junkValue.map((value) => String(value)), fc.constantFrom('acme', '1', '2', '999999'));
  return fc.record({ body, pathValue, query: args });
}

// Thousands of requests in one test: on a loaded 2-core machine (a fresh clone's `npm test` runs every file
// at once) they take several times the default 30 s. The limit only guards against a hang; speed is a benchmark's job.
describe('malformed input never breaks the server', { timeout: 180_000 }, () => {
  it('answers every operation with 2xx/4xx in the error shape, for 200 generated requests each', async () => {
    const failures: string[] = [];
    for (const operation of operations) {
      await fc.assert(
        fc.asyncProperty(arbitraryRequest(operation), async ({ body, pathValue, query }) => {
          const url = operation.path.replace(/\{\w+\}/g, () => encodeURIComponent(pathValue));
          const response = await h.server.inject({
            method: operation.method as 'GET',
            url,
            headers: { ...h.auth, 'content-type': 'application/json' },
            query: operation.hasBody ? undefined : Object.fromEntries(Object.entries(query).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value) ?? ''])),
            payload: operation.hasBody ? body.raw : undefined,
          });
          if (response.statusCode >= 500) failures.push(`${operation.id} ${url} ${body.raw.slice(0, 120)} → ${response.statusCode} ${response.body.slice(0, 200)}`);
          if (response.statusCode >= 400 && response.statusCode < 500) {
            const parsed = response.json() as { error?: { code?: unknown; message?: unknown } };
            expect(typeof parsed.error?.code, `${operation.id}: ${response.body}`).toBe('string');
            expect(typeof parsed.error?.message).toBe('string');
          }
        }),
        { numRuns: 200, seed: 4242 },
      );
    }
    expect([...new Set(failures.map((failure) => failure.split(" ")[0]))], failures.slice(0, 5).join("\n")).toEqual([]);
    expect((await h.server.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect((await h.server.inject({ method: 'GET', url: '/api/v1/profiles', headers: h.auth })).statusCode).toBe(200);
  });
});
