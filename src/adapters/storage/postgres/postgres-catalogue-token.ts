import pg from 'pg';
import type { ChangeToken } from '../../../core/ports.js';

const RECONNECT_MS = 1_000;

/**
 * The catalogue's version on PostgreSQL: a connection of its own LISTENs to
 * `smm_catalogue`, which triggers NOTIFY when a workspace, profile or API key
 * changes (migration 0009), and counts the notifications. While that
 * connection is down the version is unknown (so nothing is reused), and a
 * reconnection raises it, since notifications may have been missed. The
 * first call starts listening (and answers undefined until it does).
 */
export function postgresCatalogueToken(url: string): ChangeToken {
  let version = 0;
  let listening = false;
  let closed = false;
  let client: pg.Client | undefined;
  let timer: NodeJS.Timeout | undefined;

  const drop = (failed: pg.Client) => {
    if (client !== failed) return;
    listening = false;
    client = undefined;
    version += 1;
    failed.end().catch(() => undefined);
    if (!closed) timer = setTimeout(connect, RECONNECT_MS).unref();
  };

  function connect(): void {
    const next = new pg.Client({ connectionString: url });
    client = next;
    next.on('notification', () => (version += 1));
    next.on('error', () => drop(next));
    next.on('end', () => drop(next));
    next
      .connect()
      .then(() => next.query('listen smm_catalogue'))
      .then(() => {
        if (client !== next) return;
        version += 1;
        listening = true;
      })
      .catch(() => drop(next));
  }

  // Connects on first use: a CLI command that never asks opens no extra connection.
  let started = false;
  return {
    current: () => {
      if (!started && !closed) {
        started = true;
        connect();
      }
      return listening ? version : undefined;
    },
    close: () => {
      closed = true;
      if (timer) clearTimeout(timer);
      const open = client;
      client = undefined;
      listening = false;
      void open?.end().catch(() => undefined);
    },
  };
}
