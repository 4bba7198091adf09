import pg from 'pg';
import type { ChangeToken } from '../../../core/ports.js';

const RECONNECT_MS = 1_000;

/** The channels migration 0009's triggers NOTIFY: any committed change, and one of workspaces, profiles or API keys. */
export type ChangeChannel = 'smm_changes' | 'smm_catalogue';

/**
 * Change tokens on PostgreSQL: a connection of its own LISTENs to the
 * channels migration 0009's statement triggers NOTIFY on commit, and counts
 * the notifications per channel. `ownWrites` counts this process's own
 * writes (postgres-prepared.ts), which must show at once, before their
 * notification arrives. While the connection is down the tokens are unknown
 * (so nothing is reused), and a reconnection raises them, since
 * notifications may have been missed. Connects when a `starting` token is
 * first read (the server's changeToken): a CLI command opens no extra connection,
 * and its catalogue token then reads undefined (nothing kept).
 */
export class PostgresChangeListener {
  private readonly counts: Record<ChangeChannel, number> = { smm_changes: 0, smm_catalogue: 0 };
  private listening = false;
  private started = false;
  private closed = false;
  private client: pg.Client | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly url: string,
    private readonly ownWrites: () => number,
  ) {}

  /** A token of one channel; `starting`: reading it connects the listener. Closing it leaves the listener to `close`. */
  token(channel: ChangeChannel, starting: boolean): ChangeToken {
    return { current: () => this.current(channel, starting), close: () => undefined };
  }

  private current(channel: ChangeChannel, starting: boolean): number | undefined {
    if (starting && !this.started && !this.closed) {
      this.started = true;
      this.connect();
    }
    return this.listening ? this.counts[channel] + this.ownWrites() : undefined;
  }

  private connect(): void {
    const client = new pg.Client({ connectionString: this.url });
    this.client = client;
    client.on('notification', (message) => {
      if (message.channel in this.counts) this.counts[message.channel as ChangeChannel] += 1;
    });
    client.on('error', () => this.drop(client));
    client.on('end', () => this.drop(client));
    client
      .connect()
      .then(() => client.query('listen smm_changes; listen smm_catalogue'))
      .then(() => {
        if (this.client !== client) return;
        this.raise();
        this.listening = true;
      })
      .catch(() => this.drop(client));
  }

  private drop(client: pg.Client): void {
    if (this.client !== client) return;
    this.listening = false;
    this.client = undefined;
    this.raise();
    client.end().catch(() => undefined);
    if (!this.closed) this.timer = setTimeout(() => this.connect(), RECONNECT_MS).unref();
  }

  private raise(): void {
    this.counts.smm_changes += 1;
    this.counts.smm_catalogue += 1;
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    const client = this.client;
    this.client = undefined;
    this.listening = false;
    void client?.end().catch(() => undefined);
  }
}
