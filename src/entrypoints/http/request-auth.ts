import { createHash } from 'node:crypto';
import type { ApiKeyInfo, ApiKeyService } from '../../core/auth/index.js';
import { UnauthorizedError } from '../../core/errors.js';
import type { Scope } from '../../core/profiles/index.js';
import type { ChangeToken } from '../../core/ports.js';

/** Who is calling: the API key, and the scope it grants. */
export interface RequestAuth {
  key: ApiKeyInfo;
  scope: Scope;
}

/** Open WebUI forwards its user's id in this header when ENABLE_FORWARD_USER_INFO_HEADERS is on. */
export const OPENWEBUI_USER_HEADER = 'x-openwebui-user-id';

/**
 * Checks the Bearer key and builds the scope: always the key's workspace.
 * With per-user profiles on, Open WebUI's user id becomes the owner inside
 * that workspace; a header can never name another workspace.
 */
export async function authenticate(
  headers: Record<string, string | string[] | undefined>,
  keys: Pick<VerifiedKeys, 'verify'>,
  perUserProfiles: boolean,
): Promise<RequestAuth> {
  const header = headers.authorization;
  const value = Array.isArray(header) ? header[0] : header;
  const match = value ? /^Bearer\s+(\S+)\s*$/i.exec(value) : null;
  if (!match) {
    throw new UnauthorizedError(
      value ? 'The Authorization header is not a Bearer token.' : 'This endpoint needs an API key.',
      'Send `Authorization: Bearer <key>`; create a key on the server with `smm keys create --name <name>`.',
    );
  }
  const key = await keys.verify(match[1]!);
  const scope: Scope = { workspace: key.workspace };
  if (perUserProfiles) {
    const owner = ownerFrom(headers[OPENWEBUI_USER_HEADER]);
    if (owner) scope.owner = owner;
  }
  return { key, scope };
}

function ownerFrom(header: string | string[] | undefined): string | undefined {
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  // eslint-disable-next-line no-control-regex -- rejecting control characters is the point
  if (!value || value.length > 200 || /[\u0000-\u001f\u007f]/.test(value)) return undefined;
  return `openwebui:${value}`;
}

/**
 * Verified keys, remembered while the database is unchanged: a revocation
 * (or any other write) changes the token, so the next request verifies
 * against the database again. Saves a lookup per request on hot routes.
 */
export class VerifiedKeys {
  private readonly verified = new Map<string, { info: ApiKeyInfo; token: number }>();

  constructor(
    private readonly keys: ApiKeyService,
    private readonly changes: ChangeToken,
    private readonly maxEntries = 10_000,
  ) {}

  async verify(secret: string): Promise<ApiKeyInfo> {
    const token = this.changes.current();
    const id = createHash('sha256').update(secret).digest('base64');
    const hit = token === undefined ? undefined : this.verified.get(id);
    if (hit && hit.token === token) {
      await this.keys.recordUse(hit.info.id);
      return hit.info;
    }
    const info = await this.keys.verify(secret);
    if (token !== undefined) {
      if (this.verified.size >= this.maxEntries) this.verified.clear();
      this.verified.set(id, { info, token });
    }
    return info;
  }
}
