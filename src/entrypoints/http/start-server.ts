import type { FastifyInstance } from 'fastify';
import type { App } from '../../app/create-app.js';
import { ConfigInvalidError } from '../../core/errors.js';
import { apiKeyServiceFor } from './api-keys.js';
import { buildServer, type ServerOptions } from './build-server.js';

export interface StartOptions extends ServerOptions {
  host?: string;
  port?: number;
}

export interface RunningServer {
  server: FastifyInstance;
  /** e.g. http://127.0.0.1:8787 */
  url: string;
  close(): Promise<void>;
}

/** Whether a host name or address only accepts connections from this machine. */
export function isLoopback(host: string): boolean {
  const value = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  return value === 'localhost' || value === '::1' || /^127(\.\d{1,3}){3}$/.test(value) || value === '::ffff:127.0.0.1';
}

/**
 * Builds the server and listens. Refuses a non-loopback host while no API
 * key exists, so a fresh install is never reachable from the network without
 * a key.
 */
export async function startServer(app: App, options: StartOptions = {}): Promise<RunningServer> {
  const host = options.host ?? app.config.server.host;
  const port = options.port ?? app.config.server.port;
  if (!isLoopback(host) && (await apiKeyServiceFor(app).countActive()) === 0) {
    throw new ConfigInvalidError(
      `Refusing to listen on ${host}: it is reachable from other machines and no active API key exists.`,
      'Create a key first with `smm keys create --name <name>`, or listen on 127.0.0.1 only (--host 127.0.0.1).',
    );
  }
  const server = await buildServer(app, options);
  try {
    await server.listen({ host, port });
  } catch (error) {
    await server.close();
    const code = (error as { code?: string }).code;
    if (code === 'EADDRINUSE') throw new ConfigInvalidError(`Port ${port} on ${host} is already in use.`, 'Pick another port with --port or SMM_PORT, or stop the other server.');
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new ConfigInvalidError(`Cannot listen on ${host}: no such address on this machine.`, 'Use --host 127.0.0.1, 0.0.0.0, or an address of this machine.');
    throw error;
  }
  const address = server.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return { server, url: `http://${shownHost}:${actualPort}`, close: () => server.close() };
}
