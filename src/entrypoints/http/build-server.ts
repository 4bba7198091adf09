import cors from '@fastify/cors';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { App } from '../../app/create-app.js';
import type { Config } from '../../app/config.js';
import { smmVersion } from '../../app/version.js';
import { AppError, InvalidInputError } from '../../core/errors.js';
import { registerMcpRoute } from '../mcp/mcp-http-route.js';
import { registerOpenAiRoutes, type AssistantOptions } from '../openai/openai-routes.js';
import { OPERATIONS } from '../operations/operation-catalogue.js';
import { apiKeyServiceFor } from './api-keys.js';
import { handleClientError } from './client-errors.js';
import { errorBody, errorReply } from './http-errors.js';
import { parseJsonBody } from './json-body.js';
import { buildOpenApiDocument } from './openapi-document.js';
import { registerOperationRoutes } from './operation-routes.js';
import { RateLimiter } from './rate-limiter.js';
import { authenticate, VerifiedKeys, type RequestAuth } from './request-auth.js';
import { ResponseCache } from './response-cache.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the auth hook on every protected route. */
    smm: RequestAuth | null;
  }
}

export interface ServerOptions {
  /** Shown in the OpenAPI document and by MCP (default: package.json's). */
  version?: string;
  /** Log requests (pino, to stdout). */
  logger?: boolean;
  /** Overrides of config.server (tests, benchmarks). */
  server?: Partial<Config['server']>;
  /** The /v1 assistant's chat model and limits (default: from config). */
  assistant?: AssistantOptions;
  /** Reuse read answers and verified keys while the database is unchanged (default true; benchmarks turn it off to measure the uncached path). Profiles and keys the storage keeps until the catalogue changes are not affected. */
  reuseAnswers?: boolean;
}

const ROUTE_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
const PUBLIC_PATHS = new Set(['/healthz', '/openapi.json', '/']);

function isPublic(request: FastifyRequest): boolean {
  if (request.method === 'OPTIONS') return true;
  const path = request.url.split('?', 1)[0]!;
  return PUBLIC_PATHS.has(path) || path === '/docs' || path.startsWith('/docs/');
}

/**
 * The HTTP server: REST under /api/v1 (one route per operation), OpenAPI
 * 3.1 at /openapi.json, docs at /docs, /healthz, the OpenAI-compatible /v1
 * assistant and MCP at /mcp. Bearer API keys on everything but /healthz,
 * /openapi.json and /docs. Not listening yet: call `listen` or use `inject`.
 */
export async function buildServer(app: App, options: ServerOptions = {}): Promise<FastifyInstance> {
  const settings = { ...app.config.server, ...options.server };
  const server = Fastify({
    logger: options.logger ? { level: 'info' } : false,
    bodyLimit: settings.bodyLimitBytes,
    requestTimeout: settings.requestTimeoutMs,
    forceCloseConnections: true,
    // Errors the router raises before any handler (a path segment too long, a bad URL) get the same shape.
    frameworkErrors: (error, _request, reply) => {
      const { status, body } = errorReply(error);
      void (reply as FastifyReply).code(status).send(body);
    },
    // ...and so do requests the HTTP parser rejects (431, a Content-Length mismatch, 408).
    clientErrorHandler: handleClientError,
  });
  // Answers and verified keys are reused only while the database is unchanged (SQLite data_version; PostgreSQL NOTIFY, see the storage's changeToken).
  // Taken even when answers are not reused: on PostgreSQL reading it starts the listener the storage's cache of profiles and keys needs too.
  const signal = app.storage.changeToken();
  signal.current();
  server.addHook('onClose', async () => signal.close());
  const changes = options.reuseAnswers === false ? { current: () => undefined, close: () => undefined } : signal;
  const keys = new VerifiedKeys(apiKeyServiceFor(app), changes);
  const cache = new ResponseCache(changes);
  const limiter = new RateLimiter(settings.rateLimitPerMinute);
  const document = buildOpenApiDocument(OPERATIONS, { version: options.version ?? smmVersion() });

  server.removeContentTypeParser('application/json');
  server.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = String(body);
    // Open WebUI sends Content-Type: application/json on bodiless calls too.
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, parseJsonBody(text));
    } catch (error) {
      done(new InvalidInputError(`The body is not valid JSON: ${(error as Error).message}.`, { hint: 'Send a JSON object with the arguments, e.g. {"handle": "acme"}.' }), undefined);
    }
  });
  // Fastify parses text/plain by default; no route takes it, so it gets the 415 that names what to send.
  server.removeContentTypeParser('text/plain');
  server.addContentTypeParser('application/octet-stream', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  server.decorateRequest('smm', null);

  if (settings.corsOrigins.length > 0) {
    await server.register(cors, {
      origin: settings.corsOrigins.includes('*') ? true : settings.corsOrigins,
      methods: ['GET', 'POST', 'PATCH', 'DELETE', 'OPTIONS'],
      exposedHeaders: ['Retry-After'],
      maxAge: 600,
    });
  }

  server.addHook('onRequest', async (request, reply) => {
    if (isPublic(request)) return;
    request.smm = await authenticate(request.headers, keys, settings.perUserProfiles);
    const verdict = limiter.take(`key:${request.smm.key.id}`);
    if (!verdict.allowed) {
      return reply
        .code(429)
        .header('retry-after', String(verdict.retryAfterSeconds))
        .send(
          errorBody(
            'rate_limited',
            `Too many requests for this API key (limit: ${settings.rateLimitPerMinute} a minute).`,
            `Wait ${verdict.retryAfterSeconds} s before the next call (see the Retry-After header).`,
          ),
        );
    }
    return undefined;
  });

  server.setErrorHandler((error, request, reply) => {
    const { status, body } = errorReply(error, { contentType: request.headers['content-type'] });
    if (status >= 500 && !(AppError.isInstance(error) && error.code !== 'internal')) request.log.error({ err: error }, 'request failed');
    if (process.env.SMM_DEBUG && status >= 500) process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    return reply.code(status).send(body);
  });
  server.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?', 1)[0]!;
    const allowed = ROUTE_METHODS.filter((method) => method !== request.method && server.findRoute({ method, url: path }) !== null);
    if (allowed.length > 0) {
      return reply
        .code(405)
        .header('allow', allowed.join(', '))
        .send(errorBody('method_not_allowed', `${path} does not take ${request.method}.`, `Use ${allowed.join(' or ')} (see /openapi.json).`));
    }
    return reply.code(404).send(errorBody('not_found', `There is no route ${request.method} ${path}.`, 'See /openapi.json (or /docs) for the routes this server offers.'));
  });

  await server.register(swagger, { mode: 'static', specification: { document: document as never } });
  await server.register(swaggerUi, { routePrefix: '/docs' });

  server.get('/', (_request, reply) => reply.redirect('/docs'));
  server.get('/healthz', async (_request, reply) => {
    try {
      await app.storage.ping();
      return { ok: true };
    } catch (error) {
      const { body } = errorReply(error);
      return reply.code(503).send({ ok: false, ...body });
    }
  });
  server.get('/openapi.json', async () => document);

  registerOperationRoutes(server, app, OPERATIONS, { timeoutMs: settings.requestTimeoutMs, cache });
  registerOpenAiRoutes(server, app, { timeoutMs: settings.requestTimeoutMs, ...options.assistant });
  registerMcpRoute(server, app, { version: options.version ?? smmVersion(), timeoutMs: settings.requestTimeoutMs });
  return server;
}
