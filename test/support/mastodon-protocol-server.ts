import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A status as the stand-in stores it (Mastodon's JSON, snake_case). */
export interface StandInStatus {
  id: string;
  uri: string;
  url: string;
  content: string;
  text: string;
  visibility: string;
  spoiler_text: string;
  language: string | null;
  in_reply_to_id: string | null;
  created_at: string;
}

/**
 * A small Mastodon stand-in, faithful to the parts smm uses: Bearer tokens
 * (401 with Mastodon's `{"error": …}`), POST /api/v1/statuses with
 * `Idempotency-Key` (a repeat returns the first status), 422 validation
 * errors in Mastodon's words, 404 for an unknown reply target, and
 * verify_credentials. Faults can be injected: 5xx answers and answers lost
 * after the status was made (the connection is cut).
 */
export class MastodonStandIn {
  readonly statuses: StandInStatus[] = [];
  /** Every POST /api/v1/statuses received, including repeats. */
  posts = 0;
  /** The next N status posts answer 503 without making anything. */
  failNext = 0;
  /** The next N status posts make the status, then cut the connection before answering. */
  loseNextAnswers = 0;
  maxCharacters = 500;
  private readonly server: Server;
  private readonly keys = new Map<string, StandInStatus>();
  url = '';

  constructor(
    private readonly token: string,
    private readonly username = 'smm',
  ) {
    this.server = createServer((request, response) => void this.handle(request, response));
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private send(response: ServerResponse, status: number, body: unknown): void {
    response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    response.end(JSON.stringify(body));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let raw = '';
    for await (const chunk of request) raw += String(chunk);
    if (request.headers.authorization !== `Bearer ${this.token}`) return this.send(response, 401, { error: 'The access token is invalid' });
    const path = (request.url ?? '').split('?')[0];
    if (request.method === 'GET' && path === '/api/v1/accounts/verify_credentials') {
      return this.send(response, 200, { id: '1', username: this.username, acct: this.username, display_name: 'SMM', url: `${this.url}/@${this.username}`, source: { privacy: 'public' } });
    }
    if (request.method === 'POST' && path === '/api/v1/statuses') {
      this.posts += 1;
      if (this.failNext > 0) {
        this.failNext -= 1;
        return this.send(response, 503, { error: 'Service Unavailable' });
      }
      const key = request.headers['idempotency-key'];
      const idempotencyKey = typeof key === 'string' ? `${this.token}:${key}` : undefined;
      const known = idempotencyKey ? this.keys.get(idempotencyKey) : undefined;
      if (known) return this.send(response, 200, known);
      const body = (raw ? JSON.parse(raw) : {}) as Record<string, unknown>;
      const text = typeof body.status === 'string' ? body.status : '';
      if (text.trim() === '') return this.send(response, 422, { error: "Validation failed: Text can't be blank" });
      if ([...new Intl.Segmenter().segment(text)].length > this.maxCharacters) {
        return this.send(response, 422, { error: `Validation failed: Text character limit of ${this.maxCharacters} exceeded` });
      }
      const replyTo = typeof body.in_reply_to_id === 'string' ? body.in_reply_to_id : null;
      if (replyTo && !this.statuses.some((status) => status.id === replyTo)) return this.send(response, 404, { error: 'Record not found' });
      const id = String(100000 + this.statuses.length + 1);
      const status: StandInStatus = {
        id,
        uri: `${this.url}/users/${this.username}/statuses/${id}`,
        url: `${this.url}/@${this.username}/${id}`,
        content: `<p>${text}</p>`,
        text,
        visibility: typeof body.visibility === 'string' ? body.visibility : 'public',
        spoiler_text: typeof body.spoiler_text === 'string' ? body.spoiler_text : '',
        language: typeof body.language === 'string' ? body.language : null,
        in_reply_to_id: replyTo,
        created_at: new Date().toISOString(),
      };
      this.statuses.push(status);
      if (idempotencyKey) this.keys.set(idempotencyKey, status);
      if (this.loseNextAnswers > 0) {
        this.loseNextAnswers -= 1;
        request.socket.destroy();
        return;
      }
      return this.send(response, 200, status);
    }
    return this.send(response, 404, { error: 'Record not found' });
  }
}
