import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJsonBody, withoutPrototypeKeys } from '../src/entrypoints/http/json-body.js';
import { startHarness, type Harness } from './http-harness.js';

/**
 * Every error the server sends, whoever raises it (a route, Fastify, Node's
 * HTTP parser), comes in the one documented shape
 * {"error": {"code", "message", "hint"}}: a raw socket plays the clients
 * that real HTTP libraries never are.
 */

interface RawReply {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

let harness: Harness;
let port: number;

beforeAll(async () => {
  harness = await startHarness();
  await harness.server.listen({ host: '127.0.0.1', port: 0 });
  port = (harness.server.server.address() as { port: number }).port;
});
afterAll(async () => harness?.close());

/** Writes `text` as is, optionally half-closes, and reads the first reply until the server closes. */
function raw(text: string, options: { end?: boolean } = {}): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(text);
      if (options.end) socket.end();
    });
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      const reply = Buffer.concat(chunks).toString('utf8');
      const [head = '', ...rest] = reply.split('\r\n\r\n');
      const [statusLine = '', ...headerLines] = head.split('\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(statusLine)?.[1]);
      if (!status) return reject(new Error(`no HTTP reply: ${JSON.stringify(reply.slice(0, 200))}`));
      const headers = Object.fromEntries(headerLines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
      resolve({ status, headers, body: JSON.parse(rest.join('\r\n\r\n')) as unknown });
    });
  });
}

function request(method: string, path: string, options: { headers?: Record<string, string>; body?: string } = {}): string {
  const headers: Record<string, string> = { host: 'localhost', connection: 'close', ...harness.auth, ...options.headers };
  if (options.body !== undefined && !('content-length' in headers)) headers['content-length'] = String(Buffer.byteLength(options.body));
  return `${method} ${path} HTTP/1.1\r\n${Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('')}\r\n${options.body ?? ''}`;
}

function expectShape(reply: RawReply, status: number, code: string): { code: string; message: string; hint: string } {
  expect(reply.status).toBe(status);
  expect(reply.headers['content-type']).toMatch(/^application\/json/);
  const error = (reply.body as { error: { code: string; message: string; hint: string } }).error;
  expect(Object.keys(reply.body as object)).toEqual(['error']);
  expect(error.code).toBe(code);
  expect(error.message.length).toBeGreaterThan(10);
  expect(typeof error.hint).toBe('string');
  expect(error.hint.length).toBeGreaterThan(10);
  return error;
}

describe('the error shape for every failure an HTTP client can cause', () => {
  it('404: an unknown route', async () => {
    const error = expectShape(await raw(request('GET', '/api/v1/nothing-here')), 404, 'not_found');
    expect(error.hint).toMatch(/openapi\.json/);
  });

  it('405: a known route with another method, with Allow', async () => {
    const reply = await raw(request('PUT', '/api/v1/profiles', { headers: { 'content-type': 'application/json' }, body: '{}' }));
    const error = expectShape(reply, 405, 'method_not_allowed');
    expect(reply.headers.allow).toBe('GET, POST');
    expect(error.hint).toMatch(/GET or POST/);
  });

  it('413: a body over the limit', async () => {
    const body = JSON.stringify({ handle: 'big', displayName: 'x'.repeat(harness.app.config.server.bodyLimitBytes) });
    expectShape(await raw(request('POST', '/api/v1/profiles', { headers: { 'content-type': 'application/json' }, body })), 413, 'payload_too_large');
  });

  it('415: a body that is not JSON, naming what was sent', async () => {
    for (const type of ['text/plain', 'application/xml', 'application/x-www-form-urlencoded']) {
      const error = expectShape(await raw(request('POST', '/api/v1/profiles', { headers: { 'content-type': type }, body: 'handle=x' })), 415, 'unsupported_media_type');
      expect(error.message).toContain(type);
      expect(error.hint).toMatch(/application\/json/);
    }
  });

  it('431: headers over 16 KB', async () => {
    const error = expectShape(await raw(request('GET', '/healthz', { headers: { 'x-padding': 'a'.repeat(20_000) } })), 431, 'headers_too_large');
    expect(error.hint).toMatch(/smaller headers/);
  });

  it('400: a Content-Length larger than the body (the client then stops sending)', async () => {
    const reply = await raw(request('POST', '/api/v1/profiles', { headers: { 'content-type': 'application/json', 'content-length': '500' }, body: '{"handle":"x"}' }), { end: true });
    const error = expectShape(reply, 400, 'invalid_input');
    expect(error.message).toMatch(/Content-Length is larger than the body/);
  });

  it('400: a Content-Length smaller than the body', async () => {
    for (const connection of ['close', 'keep-alive']) {
      const reply = await raw(
        request('POST', '/api/v1/profiles', { headers: { 'content-type': 'application/json', 'content-length': '5', connection }, body: '{"handle":"x","displayName":"X"}' }),
      );
      expect(reply.status).toBe(400);
      const error = expectShape(reply, 400, 'invalid_input');
      expect(error.hint).toMatch(/Content-Length/);
    }
  });

  it('400: a URL that cannot be decoded', async () => {
    const error = expectShape(await raw(request('GET', '/api/v1/profiles/%zz')), 400, 'invalid_input');
    expect(error.hint).toMatch(/Percent-encode/);
  });

  it('400: malformed JSON', async () => {
    const error = expectShape(await raw(request('POST', '/api/v1/profiles', { headers: { 'content-type': 'application/json' }, body: '{"handle": "x",' })), 400, 'invalid_input');
    expect(error.message).toMatch(/not valid JSON/);
  });

  it('the server still answers after all of the above', async () => {
    const reply = await harness.server.inject({ method: 'GET', url: '/healthz' });
    expect(reply.statusCode).toBe(200);
  });
});

describe('prototype keys in bodies', () => {
  it('ignores __proto__ and constructor.prototype keys, at any depth, and pollutes nothing', async () => {
    const bodies = [
      '{"handle":"proto-a","displayName":"A","__proto__":{"polluted":"yes","handle":"sneaky"}}',
      '{"handle":"proto-b","displayName":"B","constructor":{"prototype":{"polluted":"yes"}}}',
      '{"handle":"proto-c","displayName":"C","voice":{"tone":"warm","__proto__":{"polluted":"yes"}}}',
      // The same key written with JSON escapes.
      '{"handle":"proto-d","displayName":"D","\\u005f_proto__":{"polluted":"yes"}}',
      '{"handle":"proto-e","displayName":"E","\\u0063onstructor":{"prototype":{"polluted":"yes"}},"tags":"\\ud83d\\ude00"}',
    ];
    for (const body of bodies) {
      const reply = await raw(request('POST', '/api/v1/profiles', { headers: { 'content-type': 'application/json' }, body }));
      expect(reply.status, body).toBe(201);
      expect(JSON.stringify(reply.body)).not.toMatch(/polluted|sneaky/);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('ignores them in query strings too', async () => {
    const reply = await raw(request('GET', '/api/v1/profiles?__proto__[polluted]=yes&constructor[prototype][polluted]=yes&includeArchived=true'));
    expect(reply.status).toBe(200);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('does not take a required field from a __proto__ key', async () => {
    const body = '{"displayName":"No handle","__proto__":{"handle":"from-proto"}}';
    const error = expectShape(await raw(request('POST', '/api/v1/profiles', { headers: { 'content-type': 'application/json' }, body })), 400, 'invalid_input');
    expect(error.message).toMatch(/handle/);
  });

  it('finds the keys however they are written, and leaves other escapes alone', () => {
    for (const text of ['{"__proto__":{"x":1},"a":1}', '{"\\u005F_proto__":{"x":1},"a":1}', '{"_\\u005fpr\\u006Fto__":{"x":1},"a":1}', '{"\\u0063onstructor":{"prototype":{"x":1}},"a":1}']) {
      const parsed = parseJsonBody(text) as Record<string, unknown>;
      expect(Object.keys(parsed), text).toEqual(['a']);
      expect(Object.hasOwn(parsed, '__proto__'), text).toBe(false);
    }
    expect(parseJsonBody('{"text":"\\ud83d\\ude00 caf\\u00e9","n":1}')).toEqual({ text: '😀 café', n: 1 });
  });

  it('the reviver keeps every other key, including a constructor that is plain data', () => {
    const parsed = JSON.parse('{"a":1,"__proto__":{"x":1},"constructor":"Acme","nested":{"constructor":{"prototype":1},"b":2}}', withoutPrototypeKeys) as Record<string, unknown>;
    expect(Object.hasOwn(parsed, '__proto__')).toBe(false);
    expect(parsed).toEqual({ a: 1, constructor: 'Acme', nested: { b: 2 } });
  });
});
