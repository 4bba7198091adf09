import { smmVersion } from '../../../app/version.js';
import type { CliContext } from '../cli-context.js';
import { installProcessGuard } from '../process-guard.js';

/**
 * `smm mcp`: the MCP tools over stdin/stdout for desktop clients (Claude
 * Desktop, editors), in the configured workspace. stdout carries only the
 * protocol; notes go to stderr.
 */
export async function mcpCommand(context: CliContext): Promise<void> {
  const app = await context.app();
  const { serveMcpOverStdio } = await import('../../mcp/mcp-stdio.js');
  context.stderr.write(`smm MCP server on stdio (workspace "${context.scope.workspace}", data in ${app.config.dataDir})\n`);
  const guard = installProcessGuard(context.stderr, 'smm mcp');
  try {
    await serveMcpOverStdio(app, context.scope, { version: smmVersion() });
  } finally {
    guard.remove();
  }
}
