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

  private readonly apps = new Map<string, { secret: string; scopes: string }>();
  private readonly codes = new Map<string, string>();

  /**
   * The OAuth out-of-band flow: app registration (JSON), the authorize page
   * (here it approves at once and shows the code, as the instance does after
   * the person logs in), and the token exchange.
   */
  private oauth(request: IncomingMessage, response: ServerResponse, path: string, raw: string): void {
    const oob = 'urn:ietf:wg:oauth:2.0:oob';
    if (request.method === 'POST' && path === '/api/v1/apps') {
      const body = JSON.parse(raw || '{}') as { client_name?: string; redirect_uris?: string; scopes?: string };
      if (!body.client_name) return this.send(response, 422, { error: "Validation failed: Application name can't be blank" });
      const id = `client-${this.apps.size + 1}`;
      this.apps.set(id, { secret: `secret-${id}`, scopes: body.scopes ?? 'read' });
      return this.send(response, 200, { id: String(this.apps.size), name: body.client_name, redirect_uri: body.redirect_uris, client_id: id, client_secret: `secret-${id}` });
    }
    if (request.method === 'GET' && path === '/oauth/authorize') {
      const query = new URL(request.url ?? '', this.url).searchParams;
      const app = this.apps.get(query.get('client_id') ?? '');
      if (!app || query.get('redirect_uri') !== oob || query.get('response_type') !== 'code') {
        return this.send(response, 400, { error: 'invalid_request', error_description: 'The request is missing a required parameter.' });
      }
      const code = `code-${this.codes.size + 1}`;
      this.codes.set(code, query.get('client_id')!);
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end(`<html><body><p>Copy this authorization code:</p><input class="oauth-code" value="${code}"></body></html>`);
      return;
    }
    if (request.method === 'POST' && path === '/oauth/token') {
      // Mastodon (Doorkeeper) takes the token request as JSON, a urlencoded form or a multipart form.
      const type = request.headers['content-type'] ?? '';
      const fields: Record<string, string | undefined> = type.includes('json')
        ? (JSON.parse(raw || '{}') as Record<string, string>)
        : type.includes('multipart')
          ? Object.fromEntries([...raw.matchAll(/name="([^"]+)"\r\n\r\n([^\r]*)\r\n/g)].map((match) => [match[1]!, match[2]!]))
          : Object.fromEntries(new URLSearchParams(raw));
      const app = this.apps.get(fields.client_id ?? '');
      if (!app || app.secret !== fields.client_secret) return this.send(response, 401, { error: 'invalid_client', error_description: 'Client authentication failed.' });
      if (fields.grant_type !== 'authorization_code' || this.codes.get(fields.code ?? '') !== fields.client_id || fields.redirect_uri !== oob) {
        return this.send(response, 400, { error: 'invalid_grant', error_description: 'The provided authorization grant is invalid, expired, revoked, or was issued to another client.' });
      }
      this.codes.delete(fields.code!);
      return this.send(response, 200, { access_token: this.token, token_type: 'Bearer', scope: app.scopes, created_at: Math.floor(Date.now() / 1000) });
    }
    return this.send(response, 404, { error: 'Record not found' });
  }

  private send(response: ServerResponse, status: number, body: unknown): void {
    response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    response.end(JSON.stringify(body));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let raw = '';
    for await (const chunk of request) raw += String(chunk);
    const path = (request.url ?? '').split('?')[0];
    if (path === '/api/v1/apps' || path?.startsWith('/oauth/')) return this.oauth(request, response, path, raw);
    if (request.headers.authorization !== `Bearer ${this.token}`) return this.send(response, 401, { error: 'The access token is invalid' });
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
