import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedEditedDrafts } from './helpers/edit-pairs-seed.js';
import { seedProfile, startHarness, type Harness } from './http-harness.js';

/**
 * The OpenAPI document against every rule of OPENWEBUI.md §1 (how Open
 * WebUI's tool-server reader converts a spec), then every operation called
 * the way Open WebUI calls it: all arguments in the JSON body.
 */

type Json = Record<string, unknown>;
const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'trace'];
const COMBINATORS = ['allOf', 'oneOf', 'anyOf'];

let h: Harness;
let spec: Json;
let postIds: number[];

function operations(): Array<{ path: string; method: string; operation: Json }> {
  const result: Array<{ path: string; method: string; operation: Json }> = [];
  for (const [path, item] of Object.entries(spec.paths as Record<string, Json>)) {
    for (const [method, operation] of Object.entries(item)) if (METHODS.includes(method)) result.push({ path, method, operation: operation as Json });
  }
  return result;
}

function resolve(ref: string): Json {
  const parts = ref.replace(/^#\//, '').split('/');
  let node: unknown = spec;
  for (const part of parts) node = (node as Json)[part];
  return node as Json;
}

/** Every schema node under `node` (following local refs), with a cycle check. */
function walk(node: unknown, visit: (schema: Json, where: string) => void, where: string, stack: string[] = []): void {
  if (!node || typeof node !== 'object') return;
  const schema = node as Json;
  if (typeof schema.$ref === 'string') {
    if (stack.includes(schema.$ref)) throw new Error(`cycle through ${schema.$ref} at ${where}`);
    walk(resolve(schema.$ref), visit, where, [...stack, schema.$ref]);
    return;
  }
  visit(schema, where);
  for (const [key, value] of Object.entries(schema.properties ?? {})) walk(value, visit, `${where}.${key}`, stack);
  if (schema.items) walk(schema.items, visit, `${where}[]`, stack);
  for (const key of COMBINATORS) for (const item of (schema[key] as unknown[] | undefined) ?? []) walk(item, visit, `${where}|${key}`, stack);
}

function enumsSpelledOut(schema: Json, where: string): void {
  const values = (schema.enum ?? (schema.items as Json | undefined)?.enum) as unknown[] | undefined;
  if (!values) return;
  const description = String(schema.description ?? '');
  for (const value of values) expect(description, `${where}: enum value "${String(value)}" missing from its description`).toContain(String(value));
}

beforeAll(async () => {
  h = await startHarness();
  postIds = await seedProfile(h.app, 'default', 'acme');
  // Learnt guidance with one item removed, so that restore_voice_guidance (a POST, run first) and remove_voice_guidance have work.
  await seedEditedDrafts(h.app, 'default', 'acme');
  await h.app.edits.remove({ workspace: 'default' }, 'acme', 'removes-emoji');
  const response = await h.server.inject({ method: 'GET', url: '/openapi.json' });
  expect(response.statusCode).toBe(200);
  spec = response.json();
});
afterAll(async () => h?.close());

describe('OpenAPI document (OPENWEBUI.md §1)', () => {
  it('is OpenAPI 3.1, served without a key', () => {
    expect(spec.openapi).toBe('3.1.0');
    expect(operations().length).toBeGreaterThanOrEqual(20);
  });

  it('rule 1: every operation has a unique snake_case operationId and a description for a language model', () => {
    const ids = operations().map(({ operation }) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { path, method, operation } of operations()) {
      expect(operation.operationId, `${method} ${path}`).toMatch(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/);
      expect(String(operation.description ?? '').length, `${operation.operationId as string} description`).toBeGreaterThan(60);
    }
  });

  it('rule 2: no path-level parameters or extension keys; parameters inline, path or query, scalar, described', () => {
    for (const [path, item] of Object.entries(spec.paths as Record<string, Json>)) {
      for (const key of Object.keys(item)) expect(METHODS, `path-level key "${key}" at ${path}`).toContain(key);
    }
    for (const { path, operation } of operations()) {
      const placeholders = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      const parameters = (operation.parameters ?? []) as Json[];
      for (const parameter of parameters) {
        const where = `${operation.operationId as string}.${String(parameter.name)}`;
        expect(parameter.$ref, where).toBeUndefined();
        expect(['path', 'query'], where).toContain(parameter.in);
        expect(String(parameter.description ?? '').length, where).toBeGreaterThan(3);
        const schema = parameter.schema as Json;
        expect(schema.$ref, where).toBeUndefined();
        expect(['string', 'integer', 'number', 'boolean'], where).toContain(schema.type);
        enumsSpelledOut({ ...schema, description: parameter.description }, where);
      }
      const declared = parameters.filter((parameter) => parameter.in === 'path').map((parameter) => parameter.name);
      expect(declared.sort(), `${operation.operationId as string} path parameters`).toEqual([...placeholders].sort());
    }
  });

  it('rule 3: JSON bodies whose root is an object with properties, no root combinators, no cycles, enums spelled out', () => {
    for (const { operation } of operations()) {
      const id = operation.operationId as string;
      const body = operation.requestBody as Json | undefined;
      if (!body) continue;
      const content = body.content as Json;
      expect(Object.keys(content), id).toEqual(['application/json']);
      let root = (content['application/json'] as Json).schema as Json;
      if (typeof root.$ref === 'string') root = resolve(root.$ref);
      expect(root.type, id).toBe('object');
      expect(Object.keys(root.properties as Json).length, id).toBeGreaterThan(0);
      for (const key of COMBINATORS) expect(root[key], `${id} root ${key}`).toBeUndefined();
      walk(root, (schema, where) => {
        enumsSpelledOut(schema, where);
        if (schema.type === 'object' || schema.properties) expect(schema.$defs, where).toBeUndefined();
      }, id);
    }
    // The whole document: any $ref anywhere must resolve without a cycle.
    walk({ properties: spec.components as Json }, () => undefined, 'components');
  });

  it('every property of every request body, at any depth, has a description (Open WebUI gives them to the model as the parameter docs)', () => {
    const missing: string[] = [];
    const described = (schema: Json): boolean => {
      if (typeof schema.description === 'string' && schema.description.trim().length > 0) return true;
      return typeof schema.$ref === 'string' && described(resolve(schema.$ref));
    };
    const check = (schema: Json, where: string): void => {
      for (const [key, value] of Object.entries((schema.properties ?? {}) as Record<string, Json>)) if (!described(value)) missing.push(`${where}.${key}`);
    };
    let bodies = 0;
    for (const { operation } of operations()) {
      const body = operation.requestBody as Json | undefined;
      if (!body) continue;
      bodies += 1;
      walk(((body.content as Json)['application/json'] as Json).schema, check, operation.operationId as string);
    }
    expect(bodies).toBeGreaterThan(5);
    expect(missing).toEqual([]);
  });

  it('rule 4: error responses are described, with a hint telling the caller how to fix the call', async () => {
    for (const { operation } of operations()) expect(Object.keys(operation.responses as Json)).toContain('400');
    const response = await h.server.inject({ method: 'POST', url: '/api/v1/profiles', headers: h.auth, payload: { handle: 'Not A Handle!' } });
    expect(response.statusCode).toBe(400);
    const error = response.json().error;
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain('handle');
    expect(error.message).toContain('displayName');
    expect(error.hint).toBeTruthy();
  });
});

/** A valid argument set per operation, path and query values included: sent all in the JSON body, as Open WebUI does. */
function samples(): Record<string, Json> {
  const [first, second, third] = postIds as [number, number, number];
  return {
    list_profiles: { includeArchived: true },
    get_profile: { handle: 'acme' },
    create_profile: { handle: 'brand', displayName: 'Brand', platforms: ['x', 'bluesky'], voice: { tone: 'calm', emojiPolicy: 'none' } },
    update_profile: { handle: 'brand', audience: 'bakers', voice: { signOff: '— B' } },
    delete_profile: { handle: 'brand' },
    list_posts: { handle: 'acme', platform: 'x', status: 'published,draft', search: 'roast', limit: 5 },
    search_posts: { search: 'grinder', limit: 5 },
    get_post: { id: first },
    create_post: { handle: 'acme', platform: 'linkedin', text: 'A note about our roastery tours.', status: 'draft', tags: ['tours'] },
    update_post: { id: second, tags: ['roast'], engagement: { likes: 99 } },
    set_post_status: { id: third, status: 'archived' },
    approve_post: { id: 'created-draft' },
    schedule_post: { id: 'created-draft', scheduledAt: '2030-12-01T09:00:00Z' },
    delete_post: { id: first },
    import_posts: {
      handle: 'acme',
      content: '{"platform":"x","text":"Imported through the API.","published_at":"2025-05-01T10:00:00Z"}\n',
      filename: 'posts.ndjson',
      format: 'ndjson',
    },
    export_posts: { handle: 'acme', format: 'csv' },
    generate_posts: { handle: 'acme', platform: 'x', topic: 'our cold brew', n: 2 },
    rewrite_post: { postId: second, to: 'linkedin' },
    show_voice: { handle: 'acme' },
    score_voice: { handle: 'acme', text: 'Cold brew is back, 18 hours steeped.' },
    reindex: { handle: 'acme' },
    doctor: {},
    list_accounts: { handle: 'acme' },
    publish_post: { id: second, confirm: false },
    publish_due: { limit: 5 },
    get_calendar: { handle: 'acme', days: 7, timeZone: 'UTC' },
    get_voice_guidance: { handle: 'acme' },
    restore_voice_guidance: { handle: 'acme', id: 'removes-emoji' },
    remove_voice_guidance: { handle: 'acme', id: 'removes-emoji' },
  };
}

describe('every operation, called as Open WebUI calls it', () => {
  it('accepts all its arguments in the JSON body (path values substituted too); GET ones take the query', async () => {
    const table = samples();
    const all = operations();
    expect(all.map(({ operation }) => operation.operationId).sort()).toEqual(Object.keys(table).sort());
    const deletes = all.filter(({ method }) => method === 'delete');
    const ordered = [...all.filter(({ method }) => method !== 'delete'), ...deletes];
    let createdDraft: number | undefined;
    const failures: string[] = [];
    for (const { path, method, operation } of ordered) {
      const id = operation.operationId as string;
      const args = { ...table[id] };
      if (args.id === 'created-draft') args.id = createdDraft;
      const url = path.replace(/\{(\w+)\}/g, (_match, name: string) => encodeURIComponent(String(args[name])));
      const response = operation.requestBody
        ? await h.server.inject({ method: method.toUpperCase() as 'POST', url, headers: { ...h.auth, 'content-type': 'application/json' }, payload: JSON.stringify(args) })
        : await h.server.inject({
            method: method.toUpperCase() as 'GET',
            url,
            // Open WebUI sends the JSON content type even without a body.
            headers: { ...h.auth, 'content-type': 'application/json' },
            query: Object.fromEntries(Object.entries(args).filter(([name]) => !path.includes(`{${name}}`)).map(([name, value]) => [name, String(value)])),
          });
      if (response.statusCode >= 300) failures.push(`${id} → ${response.statusCode} ${response.body.slice(0, 300)}`);
      if (id === 'create_post') createdDraft = response.json().id;
    }
    expect(failures).toEqual([]);
  });

  it('ignores path values repeated in the body and lets the path win', async () => {
    const response = await h.server.inject({
      method: 'POST',
      url: '/api/v1/profiles/acme/posts',
      headers: h.auth,
      payload: { handle: 'someone-else', platform: 'x', text: 'Path wins.' },
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().handle).toBe('acme');
  });
});
