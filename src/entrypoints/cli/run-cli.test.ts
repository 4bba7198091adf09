import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT } from './exit-codes.js';
import { runCli } from './run-cli.js';

const home = mkdtempSync(path.join(tmpdir(), 'smm-run-cli-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

async function run(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io = {
    env: { SMM_HOME: home, SMM_LLM: 'scripted' },
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text), isTTY: false },
    exitCode: 0,
  };
  const status = await runCli(args, io);
  return { status, stdout, stderr };
}

interface JsonError {
  error: { code: string; message: string; hint: string | null; details: Record<string, unknown> };
}

async function jsonError(args: string[]): Promise<JsonError['error']> {
  const result = await run([...args, '--json']);
  expect(result.status, result.stderr).toBe(EXIT.usage);
  expect(result.stdout).toBe('');
  // One JSON document on stderr, nothing else (no commander text, no help).
  const parsed = JSON.parse(result.stderr) as JsonError;
  expect(parsed.error.code).toBe('invalid_input');
  return parsed.error;
}

describe('argument errors', () => {
  it('refuses numbers out of range, naming the flag and its range, instead of clamping', async () => {
    for (const value of ['0', '501', '100000', '-3', '2.5', 'ten', '']) {
      const error = await jsonError(['post', 'list', `--limit=${value}`]);
      expect(error.message, value).toContain('--limit');
      expect(error.message, value).toContain('from 1 to 500');
      expect(error.hint).toContain('smm post list --help');
    }
    expect((await jsonError(['generate', '--profile', 'a', '--platform', 'x', '-n', '11'])).message).toMatch(/-n <count>.*from 1 to 10/);
    expect((await jsonError(['rewrite', '4', '--shorter', '-n', '0'])).message).toMatch(/from 1 to 10/);
    expect((await jsonError(['serve', '--port', '70000'])).message).toMatch(/--port.*from 0 to 65535/);
    expect((await jsonError(['post', 'add', '--profile', 'a', '--platform', 'x', '--text', 't', '--likes=-1'])).message).toMatch(/--likes.*≥ 0/);
  });

  it('accepts numbers in range', async () => {
    const result = await run(['post', 'list', '--limit', '500', '--json']);
    expect(result.status, result.stderr).toBe(EXIT.ok);
    expect(JSON.parse(result.stdout)).toEqual({ posts: [], nextCursor: null });
  });

  it('honours --json for unknown options and commands, with the suggestion as the hint', async () => {
    const option = await jsonError(['post', 'list', '--lmit', '5']);
    expect(option.message).toBe("Unknown option '--lmit'.");
    expect(option.hint).toMatch(/Did you mean --limit\?.*smm post list --help/);
    expect(option.details).toMatchObject({ command: 'smm post list', reason: 'unknownOption' });
    const command = await jsonError(['post', 'lst']);
    expect(command.message).toBe("Unknown command 'lst'.");
    expect(command.hint).toContain('list');
  });

  it('names the command even after global options with values', async () => {
    const error = await jsonError(['--workspace', 'post', '--data-dir', home, 'post', 'list', '--lmit', '5']);
    expect(error.details).toMatchObject({ command: 'smm post list' });
  });

  it('honours --json for missing arguments, options and subcommands, wherever --json stands', async () => {
    expect((await jsonError(['post', 'show'])).message).toBe("Missing required argument 'id'.");
    expect((await jsonError(['generate', '--profile', 'acme'])).message).toContain("'--platform <platform>'");
    const subcommand = await run(['--json', 'profile']);
    expect(subcommand.status).toBe(EXIT.usage);
    expect(JSON.parse(subcommand.stderr)).toMatchObject({ error: { code: 'invalid_input', message: expect.stringContaining('add, list, show, edit, rm') } });
  });

  it('without --json, prints the message for a person and exits with the usage code', async () => {
    const result = await run(['post', 'list', '--limit', '0']);
    expect(result.status).toBe(EXIT.usage);
    expect(result.stderr).toMatch(/^error: option '--limit <n>' argument '0' is invalid\. Expected a whole number from 1 to 500\./);
    expect(() => JSON.parse(result.stderr)).toThrow();
  });

  it('does not take a --json after -- as the flag', async () => {
    const result = await run(['post', 'list', '--lmit', '5', '--', '--json']);
    expect(result.status).toBe(EXIT.usage);
    expect(result.stderr).toContain("unknown option '--lmit'");
  });
});
