import { createHash } from 'node:crypto';
import type pg from 'pg';
import { isCompiledQueryText, wantsArrayRows } from '../compiled-queries.js';

const patched = new WeakSet<object>();
const names = new Map<string, string>();

function statementName(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `smm_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    if (names.size >= 1_024) names.clear();
    names.set(text, name);
  }
  return name;
}

/** Texts that read only: anything else (writes, COMMIT, DDL) may change what a cached answer holds. */
const READ_ONLY = /^\s*(select|begin|start transaction|listen|show|explain)\b/i;

/**
 * Makes the pool's connections run the compiled hot queries (see
 * compiled-queries.ts) as named prepared statements: each connection parses
 * and plans such a query once instead of on every request (planning a page
 * of posts took longer than running it). Other SQL (writes, DDL, migrations)
 * runs as before. The name is a digest of the text, so two texts never share one.
 *
 * Returns a count of the statements that may have written, raised as each
 * one ends (COMMIT included): this process's own changes invalidate its
 * cached answers at once, before their NOTIFY arrives (postgres-change-listener.ts).
 */
export function prepareHotQueries(pool: pg.Pool): () => number {
  let writes = 0;
  const wrote = () => (writes += 1);
  const connect = pool.connect.bind(pool) as () => Promise<pg.PoolClient>;
  (pool as { connect: () => Promise<pg.PoolClient> }).connect = async () => {
    const client = await connect();
    if (!patched.has(client)) {
      patched.add(client);
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      (client as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
        const [text, values] = args;
        if (args.length === 2 && typeof text === 'string' && Array.isArray(values) && isCompiledQueryText(text)) {
          return query(wantsArrayRows(text) ? { name: statementName(text), text, values, rowMode: 'array' } : { name: statementName(text), text, values });
        }
        const result = query(...args);
        const sqlText = typeof text === 'string' ? text : (text as { text?: unknown } | undefined)?.text;
        if (typeof sqlText === 'string' && READ_ONLY.test(sqlText)) return result;
        if (result instanceof Promise) return result.finally(wrote);
        wrote();
        return result;
      };
    }
    return client;
  };
  return () => writes;
}
