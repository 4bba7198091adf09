import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyServiceFor } from '../src/entrypoints/http/api-keys.js';
import { ScriptedChatModel } from '../src/adapters/llm/scripted-chat-model.js';
import { seedProfile, startHarness, type Harness } from './http-harness.js';

/** CORS, body size, rate limit and request timeout, each with the one JSON error shape. */

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    server: { corsOrigins: ['https://chat.example.com'], bodyLimitBytes: 4096, rateLimitPerMinute: 5, requestTimeoutMs: 300 },
    // A model that thinks longer than the server's request timeout.
    assistant: { model: async () => new ScriptedChatModel({ turns: () => ({ text: 'too late' }), delayMs: 5_000 }) },
  });
  await seedProfile(h.app, 'default', 'acme');
});
afterAll(async () => h?.close());

describe('server limits', () => {
  it('allows the configured browser origin (per-user tool servers) and no other', async () => {
    const preflight = await h.server.inject({
      method: 'OPTIONS',
      url: '/api/v1/profiles',
      headers: { origin: 'https://chat.example.com', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('https://chat.example.com');
    const other = await h.server.inject({ method: 'OPTIONS', url: '/api/v1/profiles', headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' } });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers 413 to a body over the limit, in the error shape', async () => {
    const response = await h.server.inject({
      method: 'POST',
      url: '/api/v1/profiles/acme/import',
      headers: { ...h.auth, 'content-type': 'application/json' },
      payload: JSON.stringify({ content: 'x'.repeat(10_000), format: 'ndjson' }),
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().error).toMatchObject({ code: 'payload_too_large', hint: expect.stringContaining('smaller') });
  });

  it('answers 504 when the work outlasts the request timeout', async () => {
    const response = await h.server.inject({
      method: 'POST',
      url: '/v1/chat/completions',
      headers: h.auth,
      payload: { model: 'smm-assistant', messages: [{ role: 'user', content: 'hello' }] },
    });
    expect(response.statusCode).toBe(504);
    expect(response.json().error.code).toBe('cancelled');
    expect(response.json().error.message).toContain('limit');
  });

  it('answers 429 with Retry-After once a key spends its requests, and other keys are unaffected', async () => {
    const statuses: number[] = [];
    let retryAfter: string | undefined;
    for (let index = 0; index < 8; index += 1) {
      const response = await h.server.inject({ method: 'GET', url: '/api/v1/profiles', headers: h.auth });
      statuses.push(response.statusCode);
      if (response.statusCode === 429) {
        retryAfter = String(response.headers['retry-after']);
        expect(response.json().error.code).toBe('rate_limited');
      }
    }
    expect(statuses).toContain(429);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    const { key } = await apiKeyServiceFor(h.app).create({ name: 'second', workspace: 'default' });
    expect((await h.server.inject({ method: 'GET', url: '/api/v1/profiles', headers: { authorization: `Bearer ${key}` } })).statusCode).toBe(200);
    // Public routes are not limited.
    expect((await h.server.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });
});
