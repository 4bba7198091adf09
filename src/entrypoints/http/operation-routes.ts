import type { FastifyInstance } from 'fastify';
import type { App } from '../../app/create-app.js';
import { UnauthorizedError } from '../../core/errors.js';
import { API_PREFIX } from '../operations/operation-catalogue.js';
import { FileResult, type AnyOperation } from '../operations/operation.js';
import { operationInput } from './operation-input.js';
import { requestSignal, untilAborted } from './request-deadline.js';

/** One REST route per operation of the catalogue, under /api/v1. */
export function registerOperationRoutes(server: FastifyInstance, app: App, operations: readonly AnyOperation[], timeoutMs: number): void {
  for (const operation of operations) {
    server.route({
      method: operation.method,
      url: API_PREFIX + operation.path.replace(/\{([^}]+)\}/g, ':$1'),
      handler: async (request, reply) => {
        const auth = request.smm;
        if (!auth) throw new UnauthorizedError('This endpoint needs an API key.', 'Send `Authorization: Bearer <key>`.');
        if (Buffer.isBuffer(request.body)) request.body = { content: request.body.toString('base64'), encoding: 'base64' };
        const input = operationInput(operation, request);
        const deadline = requestSignal(reply, timeoutMs);
        try {
          const result = await untilAborted(operation.run(app, auth.scope, input, { signal: deadline.signal }), deadline.signal);
          if (result instanceof FileResult) {
            return reply
              .type(result.contentType)
              .header('content-disposition', `attachment; filename="${result.filename.replace(/[^\w.-]/g, '_')}"`)
              .send(result.body);
          }
          reply.code(operation.name.startsWith('create_') ? 201 : 200);
          return result;
        } finally {
          deadline.dispose();
        }
      },
    });
  }
}
