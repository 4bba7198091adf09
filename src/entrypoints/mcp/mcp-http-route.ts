import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { FastifyInstance } from 'fastify';
import type { App } from '../../app/create-app.js';
import { UnauthorizedError } from '../../core/errors.js';
import { INTERNAL_ERROR_VIEW, reportInternal } from '../error-view.js';
import { createMcpServer } from './mcp-server.js';

/**
 * MCP over Streamable HTTP at /mcp, stateless: a fresh server and transport
 * per POST, JSON responses, the Bearer key's scope. GET (server-sent
 * notifications) and DELETE (sessions) have no meaning without sessions.
 */
export function registerMcpRoute(server: FastifyInstance, app: App, options: { version: string; timeoutMs: number }): void {
  server.post('/mcp', async (request, reply) => {
    const auth = request.smm;
    if (!auth) throw new UnauthorizedError('MCP needs an API key.', 'Send `Authorization: Bearer <key>`.');
    const mcp = createMcpServer(app, auth.scope, { version: options.version });
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) reply.raw.setHeader(name, value);
    reply.hijack();
    const timer = setTimeout(() => reply.raw.destroy(), options.timeoutMs);
    reply.raw.on('close', () => {
      clearTimeout(timer);
      void transport.close();
      void mcp.close();
    });
    try {
      await mcp.connect(transport);
      await transport.handleRequest(request.raw, reply.raw, request.body);
    } catch (error) {
      reportInternal(error);
      if (!reply.raw.headersSent) {
        reply.raw.writeHead(500, { 'content-type': 'application/json' });
        reply.raw.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32603, message: INTERNAL_ERROR_VIEW.message, data: INTERNAL_ERROR_VIEW }, id: null }));
      }
    }
  });
  const notAllowed = JSON.stringify({
    jsonrpc: '2.0',
    error: { code: -32000, message: 'This MCP server is stateless: send JSON-RPC requests with POST /mcp.' },
    id: null,
  });
  server.get('/mcp', async (_request, reply) => reply.code(405).header('allow', 'POST').type('application/json').send(notAllowed));
  server.delete('/mcp', async (_request, reply) => reply.code(405).header('allow', 'POST').type('application/json').send(notAllowed));
}
