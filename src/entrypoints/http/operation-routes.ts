import type { FastifyInstance } from 'fastify';
import type { App } from '../../app/create-app.js';
import { UnauthorizedError } from '../../core/errors.js';
import { API_PREFIX } from '../operations/operation-catalogue.js';
import { FileResult, type AnyOperation } from '../operations/operation.js';
import { operationInput } from './operation-input.js';
import { requestSignal } from './request-deadline.js';
import type { ResponseCache } from './response-cache.js';

const JSON_TYPE = 'application/json; charset=utf-8';

/** One REST route per operation of the catalogue, under /api/v1. */
export function registerOperationRoutes(
  server: FastifyInstance,
  app: App,
  operations: readonly AnyOperation[],
  options: { timeoutMs: number; cache?: ResponseCache },
): void {
  const { timeoutMs, cache } = options;
  for (const operation of operations) {
    server.route({
      method: operation.method,
      url: API_PREFIX + operation.path.replace(/\{([^}]+)\}/g, ':$1'),
      handler: async (request, reply) => {
        const auth = request.smm;
        if (!auth) throw new UnauthorizedError('This endpoint needs an API key.', 'Send `Authorization: Bearer <key>`.');
        if (Buffer.isBuffer(request.body)) request.body = { content: request.body.toString('base64'), encoding: 'base64' };
        const input = operationInput(operation, request);
        const cacheKey = cache && operation.cacheable ? `${auth.scope.workspace}\u0000${auth.scope.owner ?? ''}\u0000${operation.name}\u0000${JSON.stringify(input)}` : undefined;
        // Read before the work: an answer computed while the database changes is stored under the older token and never reused.
        const token = cacheKey ? cache!.token() : undefined;
        if (cacheKey) {
          const hit = cache!.get(cacheKey, token);
          if (hit !== undefined) return reply.type(JSON_TYPE).send(hit);
        }
        const deadline = requestSignal(reply, timeoutMs);
        try {
          if (operation.runJson) {
            const body = await deadline.race(operation.runJson(app, auth.scope, input, deadline));
            if (cacheKey) cache!.set(cacheKey, token, body);
            return reply.code(200).type(JSON_TYPE).send(body);
          }
          const result = await deadline.race(operation.run(app, auth.scope, input, deadline));
          if (result instanceof FileResult) {
            return reply
              .type(result.contentType)
              .header('content-disposition', `attachment; filename="${result.filename.replace(/[^\w.-]/g, '_')}"`)
              .send(result.body);
          }
          reply.code(operation.name.startsWith('create_') ? 201 : 200);
          if (!cacheKey) return result;
          const body = JSON.stringify(result);
          cache!.set(cacheKey, token, body);
          return reply.type(JSON_TYPE).send(body);
        } finally {
          deadline.dispose();
        }
      },
    });
  }
}
