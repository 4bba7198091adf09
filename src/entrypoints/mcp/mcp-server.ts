import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { CallToolResult, ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import type { App } from '../../app/create-app.js';
import type { ProgressEvent } from '../../core/ports.js';
import type { Scope } from '../../core/profiles/index.js';
import { errorView, reportInternal } from '../error-view.js';
import { progressText } from '../progress-text.js';
import { OPERATIONS } from '../operations/operation-catalogue.js';
import { FileResult, type AnyOperation } from '../operations/operation.js';

type ToolExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/**
 * An MCP server whose tools are the operations catalogue, all acting in one
 * scope (the API key's workspace over HTTP, the configured workspace over
 * stdio). Input schemas are the catalogue's zod schemas, converted to
 * self-contained JSON schemas by the SDK. Failures come back as
 * `isError: true` results whose text says how to fix the call.
 */
export function createMcpServer(app: App, scope: Scope, options: { version: string; operations?: readonly AnyOperation[] }): McpServer {
  const server = new McpServer(
    { name: 'smm', title: 'Social Media Manager Assistant', version: options.version },
    { instructions: 'Profiles (voices), their past posts, and new posts in each voice. Call list_profiles first to learn the handles.' },
  );
  for (const operation of options.operations ?? OPERATIONS) {
    server.registerTool(
      operation.name,
      {
        title: operation.summary,
        description: operation.description,
        inputSchema: operation.input,
        annotations: {
          readOnlyHint: operation.readOnly,
          destructiveHint: operation.method === 'DELETE',
          idempotentHint: operation.readOnly || operation.method === 'DELETE',
          openWorldHint: false,
        },
      },
      async (input: unknown, extra: ToolExtra) => runTool(app, scope, operation, input, extra),
    );
  }
  return server;
}

async function runTool(app: App, scope: Scope, operation: AnyOperation, input: unknown, extra: ToolExtra): Promise<CallToolResult> {
  try {
    const result = await operation.run(app, scope, input, { signal: extra.signal, onProgress: progressSender(extra) });
    if (result instanceof FileResult) {
      return { content: [{ type: 'text', text: JSON.stringify(result.summary) }, { type: 'text', text: result.body }] };
    }
    return { content: [{ type: 'text', text: JSON.stringify(result) }] };
  } catch (error) {
    // The same view as the HTTP API: an unexpected failure's text stays in the server log.
    const { view, internal } = errorView(error);
    if (internal) reportInternal(error);
    return { isError: true, content: [{ type: 'text', text: JSON.stringify({ error: view }) }] };
  }
}

/**
 * Progress events as MCP progress notifications, whose value must increase
 * with each notification of a request. An event with `done` reports
 * `offset + done` of `offset + total`: the offset starts at 0 and moves only
 * when the value would not go up (a new phase counting from 0 again, a
 * repeated count), just enough that it goes up by one; so a phase's bar
 * still fills from its own done/total. An event without `done` is one step
 * (the last value plus one), with no total. The message is the event's, else
 * the phase with its own count ("checking: 0/2 variants").
 */
function progressSender(extra: ToolExtra): ((event: ProgressEvent) => void) | undefined {
  const token = extra._meta?.progressToken;
  if (token === undefined) return undefined;
  let offset = 0;
  let last = 0;
  return (event) => {
    let total: number | undefined;
    if (event.done === undefined) last += 1;
    else {
      if (offset + event.done <= last) offset = last + 1 - event.done;
      last = offset + event.done;
      total = event.total === undefined ? undefined : offset + event.total;
    }
    extra
      .sendNotification({ method: 'notifications/progress', params: { progressToken: token, progress: last, total, message: progressText(event) } })
      .catch(() => undefined);
  };
}
