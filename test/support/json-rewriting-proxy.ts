/**
 * A real HTTP listener in front of another server that forwards every
 * request and rewrites JSON answers on the way back: it plays a compromised
 * or buggy server (or a man in the middle) to show that a client treats
 * what it receives as data.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface JsonRewritingProxy {
  readonly url: string;
  close(): Promise<void>;
}

export async function startJsonRewritingProxy(target: string, rewrite: (body: unknown, path: string) => unknown): Promise<JsonRewritingProxy> {
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => !['host', 'content-length', 'connection'].includes(name))) as Record<string, string>;
      const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
      fetch(`${target}${request.url ?? '/'}`, { method: request.method, headers, body })
        .then(async (answer) => {
          const text = await answer.text();
          const isJson = (answer.headers.get('content-type') ?? '').includes('json') && text !== '';
          const out = isJson ? JSON.stringify(rewrite(JSON.parse(text), (request.url ?? '').split('?', 1)[0]!)) : text;
          response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'text/plain' });
          response.end(out);
        })
        .catch((error: unknown) => {
          response.writeHead(502, { 'content-type': 'text/plain' });
          response.end(String(error));
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Replaces every number and string in a JSON value with what `replace` returns for it. */
export function mapLeaves(value: unknown, replace: (leaf: string | number, key: string) => unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((item) => mapLeaves(item, replace, key));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, mapLeaves(item, replace, name)]));
  return typeof value === 'number' || typeof value === 'string' ? replace(value, key) : value;
}
