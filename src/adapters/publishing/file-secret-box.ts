import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SecretKeyError } from '../../core/publishing/index.js';
import type { SecretBox } from '../../core/publishing/index.js';

const VERSION = 'v1';
export const SECRET_KEY_FILE = 'secret.key';

/** A short fingerprint of the key, stored with each sealed text so a wrong key is named as such. */
function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 12);
}

/**
 * AES-256-GCM with a key kept outside the database: `SMM_SECRET_KEY`
 * (32 bytes as base64 or hex, or any passphrase of 16+ characters, hashed),
 * else a key file with owner-only permissions in the data folder, made on
 * first use. A copied database alone reveals nothing.
 */
export class AesSecretBox implements SecretBox {
  private readonly id: string;
  constructor(
    private readonly key: Buffer,
    private readonly source: string,
  ) {
    this.id = keyId(key);
  }

  seal(plain: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [VERSION, this.id, iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join(':');
  }

  open(sealed: string, context: string): string {
    const [version, id, iv, tag, body] = sealed.split(':');
    if (version !== VERSION || !iv || !tag || body === undefined) {
      throw new SecretKeyError('A stored credential is not in a form this version of smm reads.', 'Remove the account (`smm account rm ID`) and add it again.');
    }
    if (id !== this.id) {
      throw new SecretKeyError(
        `The stored credentials were sealed with another key (${id}) than the one in use (${this.id}, from ${this.source}).`,
        'Use the same SMM_SECRET_KEY (or copy the data folder\'s secret.key) on every machine that publishes, or add the accounts again.',
      );
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretKeyError('A stored credential does not open: it was changed or belongs to another account.', 'Remove the account (`smm account rm ID`) and add it again.');
    }
  }
}

/** The key from SMM_SECRET_KEY: 32 bytes in base64 or hex, or a passphrase hashed with SHA-256. */
export function keyFromEnv(value: string): Buffer {
  const trimmed = value.trim();
  if (/^[0-9a-f]{64}$/i.test(trimmed)) return Buffer.from(trimmed, 'hex');
  const base64 = Buffer.from(trimmed, 'base64');
  if (base64.length === 32 && /^[A-Za-z0-9+/=_-]+$/.test(trimmed)) return base64;
  if (trimmed.length < 16) {
    throw new SecretKeyError('SMM_SECRET_KEY is too short.', 'Use 32 random bytes, e.g. `openssl rand -base64 32`, or a passphrase of at least 16 characters.');
  }
  return createHash('sha256').update(trimmed, 'utf8').digest();
}

/** Reads the data folder's key file, creating it (mode 0600) when missing; refuses one others can read. */
export function keyFromFile(dataDir: string): Buffer {
  const file = path.join(dataDir, SECRET_KEY_FILE);
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
  }
  if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) {
    throw new SecretKeyError(`The key file ${file} can be read by other users.`, `Run \`chmod 600 ${file}\`.`);
  }
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new SecretKeyError(`The key file ${file} does not hold a 32-byte base64 key.`, 'Restore it from a backup, or remove it and add the accounts again.');
  return key;
}

export function openSecretBox(options: { dataDir: string; envKey?: string }): SecretBox {
  if (options.envKey) return new AesSecretBox(keyFromEnv(options.envKey), 'SMM_SECRET_KEY');
  return new AesSecretBox(keyFromFile(options.dataDir), path.join(options.dataDir, SECRET_KEY_FILE));
}
