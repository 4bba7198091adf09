import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../src/entrypoints/cli/run-cli.js';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SMM_BIN = path.join(PROJECT_ROOT, 'bin', 'smm.js');

export interface SmmResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function tempHome(prefix = 'smm-test-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** Runs `smm` in this process (fast) with SMM_HOME set to `home`; output is captured. */
export async function smm(home: string, args: string[], options: { env?: NodeJS.ProcessEnv } = {}): Promise<SmmResult> {
  let stdout = '';
  let stderr = '';
  const io = {
    env: { HOME: process.env.HOME, PATH: process.env.PATH, SMM_HOME: home, SMM_LLM: 'scripted', ...options.env },
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text), isTTY: false },
    exitCode: 0,
  };
  const status = await runCli(args, io);
  return { status, stdout, stderr };
}

/** Runs `smm` in process and parses its --json stdout, failing loudly with stderr when it did not succeed. */
export async function smmJson<T = unknown>(home: string, args: string[], options: { env?: NodeJS.ProcessEnv } = {}): Promise<T> {
  const result = await smm(home, [...args, '--json'], options);
  if (result.status !== 0) throw new Error(`smm ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

/** Runs the built `smm` binary synchronously with SMM_HOME set to `home`. */
export function smmBinary(home: string, args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}): SmmResult {
  const result = spawnSync(process.execPath, [SMM_BIN, ...args], {
    env: { ...process.env, SMM_HOME: home, SMM_DATABASE_URL: '', SMM_LLM: 'scripted', ...options.env },
    input: options.input,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}


/** Starts `smm` asynchronously (for kill and concurrency tests). */
export function smmAsync(home: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawn(process.execPath, [SMM_BIN, ...args], {
    env: { ...process.env, SMM_HOME: home, SMM_DATABASE_URL: '', SMM_LLM: 'scripted', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}
