import { smmVersion } from '../../../app/version.js';
import { InvalidInputError } from '../../../core/errors.js';
import type { CliContext } from '../cli-context.js';
import { installProcessGuard } from '../process-guard.js';
import { loadPublishScheduler } from '../../../core/publishing/index.js';

interface ServeOptions {
  host?: string;
  port?: string;
  scheduler?: boolean;
}

/**
 * `smm serve`: the REST API + OpenAPI tool server, the OpenAI-compatible
 * /v1 assistant and MCP at /mcp, until Ctrl-C or SIGTERM.
 */
export async function serveCommand(context: CliContext, options: ServeOptions): Promise<void> {
  const port = options.port === undefined ? undefined : Number(options.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    throw new InvalidInputError(`--port must be a whole number from 0 to 65535, got "${options.port}".`);
  }
  const app = await context.app();
  const guard = installProcessGuard(context.stderr, 'smm serve');
  const [{ startServer }, { apiKeyServiceFor }] = await Promise.all([import('../../http/start-server.js'), import('../../../app/api-keys.js')]);
  const running = await startServer(app, { host: options.host, port, version: smmVersion(), logger: context.env.SMM_LOG_REQUESTS === '1' });
  const activeKeys = await apiKeyServiceFor(app).countActive();
  context.print({ url: running.url, openapi: `${running.url}/openapi.json`, v1: `${running.url}/v1`, mcp: `${running.url}/mcp`, activeKeys }, () =>
    [
      `smm is serving ${app.config.dataDir} at ${running.url}`,
      `  REST + OpenAPI tool server: ${running.url}  (spec: /openapi.json, docs: /docs)`,
      `  OpenAI-compatible model:    ${running.url}/v1  (model "smm-assistant")`,
      `  MCP (Streamable HTTP):      ${running.url}/mcp`,
      activeKeys === 0
        ? '  No API key exists yet: every route but /healthz, /openapi.json and /docs answers 401. Create one with `smm keys create --name open-webui`.'
        : `  ${activeKeys} active API key(s). Press Ctrl-C to stop.`,
    ].join('\n'),
  );
  const scheduler = options.scheduler === false ? undefined : await startScheduler(context);
  await new Promise<void>((resolve) => {
    if (context.signal.aborted) return resolve();
    context.signal.addEventListener('abort', () => resolve(), { once: true });
    process.once('SIGTERM', () => resolve());
  });
  context.note('Stopping the server…');
  await scheduler?.stop();
  await running.close();
  guard.remove();
}

/** Publishes scheduled posts at their time while the server runs (SMM_PUBLISH_INTERVAL_MS, default 30 s). */
async function startScheduler(context: CliContext) {
  const app = await context.app();
  const [{ PublishScheduler }, { describeOutcome }] = await Promise.all([loadPublishScheduler(), import('./publish-command.js')]);
  const scheduler = new PublishScheduler(await app.publishing(), {
    intervalMs: app.config.publishing.intervalMs,
    onOutcome: (outcome) => context.stderr.write(`${new Date().toISOString()} publish: ${describeOutcome(outcome)}\n`),
    onError: (message) => context.stderr.write(`${new Date().toISOString()} publish: this pass failed (${message}); the next one tries again.\n`),
  });
  scheduler.start();
  context.note(`  Publishing scheduled posts every ${Math.round(app.config.publishing.intervalMs / 1000)} s (--no-scheduler turns it off).`);
  return scheduler;
}
