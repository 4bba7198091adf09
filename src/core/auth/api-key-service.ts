import { ConflictError, InvalidInputError, NotFoundError, UnauthorizedError } from '../errors.js';
import type { ApiKeyRecord, ApiKeyRepository, Clock } from '../ports.js';
import { WorkspaceNameSchema } from '../profiles/profile-schema.js';
import { parseInput } from '../validation.js';
import { z } from 'zod';

/** A key as shown to people: everything but the hash. */
export type ApiKeyInfo = Omit<ApiKeyRecord, 'hash'>;

/** What the service needs from the platform (node:crypto lives outside the core). */
export interface ApiKeyCrypto {
  /** A one-way digest of the secret, e.g. sha256 hex. Secrets are high-entropy, so no salt or stretching is needed. */
  hash(secret: string): string;
  /** `length` characters of [A-Za-z0-9] from a cryptographically secure source. */
  randomToken(length: number): string;
  /** Optional platform constant-time comparison (e.g. crypto.timingSafeEqual); the core's own is used otherwise. */
  timingSafeEqual?(a: string, b: string): boolean;
}

const PREFIX_LENGTH = 10;
const SECRET_LENGTH = 40;
const KEY_PATTERN = /^smm_([A-Za-z0-9]{10})_([A-Za-z0-9]{40})$/;
/** lastUsedAt is a hint for people, not an audit log: write it at most once a minute per key. */
const TOUCH_INTERVAL_MS = 60_000;

const KeyNameSchema = z
  .string()
  .trim()
  .min(1, 'A key name is required, e.g. "open-webui".')
  .max(100, 'A key name is at most 100 characters.');

/**
 * API keys for the HTTP server: `smm_<prefix>_<secret>`. Only a hash of the
 * secret is stored; the full key is returned once, at creation. A key belongs
 * to one workspace and sees only that workspace.
 */
export class ApiKeyService {
  private readonly lastTouched = new Map<number, number>();

  constructor(private readonly deps: { keys: ApiKeyRepository; clock: Clock; crypto: ApiKeyCrypto }) {}

  /** Creates a key; the returned `key` is the only time the secret is visible. */
  async create(input: { name: string; workspace: string }): Promise<{ key: string; info: ApiKeyInfo }> {
    const name = parseInput(KeyNameSchema, input.name, 'key name');
    const workspace = parseInput(WorkspaceNameSchema, input.workspace, 'workspace');
    const existing = (await this.deps.keys.list(workspace)).find((key) => key.name === name && key.revokedAt === null);
    if (existing) {
      throw new ConflictError(
        `An active API key named "${name}" already exists in workspace "${workspace}".`,
        `Pick another name, or revoke the old one with \`smm keys revoke ${existing.id}\`.`,
        { id: existing.id },
      );
    }
    const prefix = this.deps.crypto.randomToken(PREFIX_LENGTH);
    const secret = this.deps.crypto.randomToken(SECRET_LENGTH);
    const record = await this.deps.keys.create({ name, workspace, prefix, hash: this.deps.crypto.hash(secret) });
    return { key: `smm_${prefix}_${secret}`, info: toInfo(record) };
  }

  /**
   * The active key this token is, or UnauthorizedError. The hash comparison
   * takes the same time whether the first or the last character differs.
   */
  async verify(token: string): Promise<ApiKeyInfo> {
    const match = KEY_PATTERN.exec(token.trim());
    if (!match) {
      throw new UnauthorizedError(
        'The API key is malformed.',
        'Send `Authorization: Bearer smm_<prefix>_<secret>` with a key printed by `smm keys create`.',
      );
    }
    const [, prefix, secret] = match as unknown as [string, string, string];
    const record = await this.deps.keys.findByPrefix(prefix);
    const candidate = this.deps.crypto.hash(secret);
    // Compare even when no key has this prefix, so timing does not reveal which prefixes exist.
    const matches = this.equal(candidate, record?.hash ?? candidate.replace(/./g, '0'));
    if (!record || !matches) {
      throw new UnauthorizedError('The API key is not valid.', 'Check the key, or create a new one with `smm keys create --name <name>`.');
    }
    if (record.revokedAt !== null) {
      throw new UnauthorizedError('This API key was revoked.', 'Create a new one with `smm keys create --name <name>`.');
    }
    await this.touch(record.id);
    return toInfo(record);
  }

  /** Notes that a key already verified was used again (lastUsedAt, at most once a minute). */
  recordUse(id: number): Promise<void> {
    return this.touch(id);
  }

  async list(workspace?: string): Promise<ApiKeyInfo[]> {
    return (await this.deps.keys.list(workspace)).map(toInfo);
  }

  /** Revokes by id or by name (names are unique among a workspace's active keys). */
  async revoke(idOrName: string, workspace?: string): Promise<ApiKeyInfo> {
    const keys = await this.deps.keys.list(workspace);
    const wanted = idOrName.trim();
    const byId = /^\d+$/.test(wanted) ? keys.filter((key) => key.id === Number(wanted)) : [];
    const candidates = byId.length > 0 ? byId : keys.filter((key) => key.name === wanted || key.prefix === wanted);
    const active = candidates.filter((key) => key.revokedAt === null);
    const chosen = active.length > 0 ? active : candidates;
    if (chosen.length === 0) {
      throw new NotFoundError('api_key', wanted, 'List keys with `smm keys list` and pass an id or a name from it.');
    }
    if (chosen.length > 1) {
      throw new InvalidInputError(`Several keys are named "${wanted}".`, { hint: `Pass the id instead: ${chosen.map((key) => key.id).join(', ')}.` });
    }
    const key = chosen[0]!;
    if (key.revokedAt === null) await this.deps.keys.revoke(key.id);
    const after = (await this.deps.keys.list(key.workspace)).find((item) => item.id === key.id) ?? key;
    return toInfo(after);
  }

  /** Active (not revoked) keys in every workspace: `smm serve` refuses non-loopback hosts while this is 0. */
  countActive(): Promise<number> {
    return this.deps.keys.countActive();
  }

  private async touch(id: number): Promise<void> {
    const now = this.deps.clock.now();
    const last = this.lastTouched.get(id);
    if (last !== undefined && now.getTime() - last < TOUCH_INTERVAL_MS) return;
    this.lastTouched.set(id, now.getTime());
    await this.deps.keys.touch(id, now.toISOString());
  }

  private equal(a: string, b: string): boolean {
    return this.deps.crypto.timingSafeEqual ? a.length === b.length && this.deps.crypto.timingSafeEqual(a, b) : constantTimeEqual(a, b);
  }
}

/** Compares two strings in time that depends only on their lengths. */
export function constantTimeEqual(a: string, b: string): boolean {
  let difference = a.length ^ b.length;
  const length = Math.max(a.length, b.length);
  for (let index = 0; index < length; index += 1) {
    difference |= (a.charCodeAt(index) | 0) ^ (b.charCodeAt(index) | 0);
  }
  return difference === 0;
}

function toInfo(record: ApiKeyRecord): ApiKeyInfo {
  const { hash: _hash, ...info } = record;
  return info;
}
