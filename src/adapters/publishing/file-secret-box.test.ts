import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AesSecretBox, keyFromEnv, openSecretBox, SECRET_KEY_FILE } from './file-secret-box.js';

const dirs: string[] = [];
function dir(): string {
  const created = mkdtempSync(path.join(tmpdir(), 'smm-secret-'));
  dirs.push(created);
  return created;
}
afterEach(() => {
  for (const created of dirs.splice(0)) rmSync(created, { recursive: true, force: true });
});

describe('the secret box', () => {
  it('makes an owner-only key file once and opens what it sealed; the sealed text hides the secret', () => {
    const data = dir();
    const box = openSecretBox({ dataDir: data });
    expect(statSync(path.join(data, SECRET_KEY_FILE)).mode & 0o777).toBe(0o600);
    const sealed = box.seal('app-pass-1234', 'ctx');
    expect(sealed).not.toContain('app-pass-1234');
    expect(box.seal('app-pass-1234', 'ctx')).not.toBe(sealed);
    expect(openSecretBox({ dataDir: data }).open(sealed, 'ctx')).toBe('app-pass-1234');
    expect(readFileSync(path.join(data, SECRET_KEY_FILE), 'utf8').trim()).toHaveLength(44);
  });

  it('names a wrong key as such, and refuses a sealed text moved to another account', () => {
    const sealed = openSecretBox({ dataDir: dir() }).seal('secret', 'account-1');
    expect(() => openSecretBox({ dataDir: dir() }).open(sealed, 'account-1')).toThrow(/sealed with another key/);
    const key = keyFromEnv('a passphrase long enough');
    const box = new AesSecretBox(key, 'test');
    expect(() => box.open(box.seal('secret', 'account-1'), 'account-2')).toThrow(/does not open/);
  });

  it('refuses a key file that others can read, saying how to fix it', () => {
    const data = dir();
    openSecretBox({ dataDir: data });
    chmodSync(path.join(data, SECRET_KEY_FILE), 0o644);
    expect(() => openSecretBox({ dataDir: data })).toThrow(/can be read by other users/);
  });

  it('takes SMM_SECRET_KEY as base64, hex or a passphrase, and refuses a short one', () => {
    const bytes = Buffer.alloc(32, 7);
    expect(keyFromEnv(bytes.toString('base64'))).toEqual(bytes);
    expect(keyFromEnv(bytes.toString('hex'))).toEqual(bytes);
    expect(keyFromEnv('correct horse battery staple')).toHaveLength(32);
    expect(() => keyFromEnv('short')).toThrow(/too short/);
    const fromEnv = openSecretBox({ dataDir: dir(), envKey: bytes.toString('base64') });
    expect(openSecretBox({ dataDir: dir(), envKey: bytes.toString('hex') }).open(fromEnv.seal('x', 'c'), 'c')).toBe('x');
  });
});
