import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { App } from '../../app/create-app.js';
import type { Scope } from '../../core/profiles/index.js';
import { createMcpServer } from './mcp-server.js';

/**
 * Serves the MCP tools over stdin/stdout for desktop clients, in the given
 * scope, until the client closes stdin. Nothing else may write to stdout
 * meanwhile (notes go to stderr).
 */
export async function serveMcpOverStdio(app: App, scope: Scope, options: { version: string }): Promise<void> {
  const server = createMcpServer(app, scope, options);
  const transport = new StdioServerTransport();
  await server.connect(transport);
  await new Promise<void>((resolve) => {
    server.server.onclose = () => resolve();
    process.stdin.once('end', () => resolve());
    process.stdin.once('close', () => resolve());
  });
  await server.close();
}
