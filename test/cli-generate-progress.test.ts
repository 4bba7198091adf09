import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ScriptedChatModel } from '../src/adapters/llm/scripted-chat-model.js';
import type { AppOverrides } from '../src/app/create-app.js';
import { runCli } from '../src/entrypoints/cli/run-cli.js';
import { PROJECT_ROOT, smmJson, tempHome } from './helpers/run-smm.js';

const SAMPLE = path.join(PROJECT_ROOT, 'samples', 'acme-coffee-x-archive');

/** Runs `smm` in process as on a terminal (or not), with parts of the app replaced. */
async function smmOn(home: string, args: string[], options: { tty: boolean; env?: NodeJS.ProcessEnv; overrides?: AppOverrides }) {
  let stdout = '';
  let stderr = '';
  const io = {
    env: { HOME: process.env.HOME, PATH: process.env.PATH, SMM_HOME: home, SMM_LLM: 'scripted', ...options.env },
    stdout: { write: (text: string) => (stdout += text), isTTY: options.tty },
    stderr: { write: (text: string) => (stderr += text), isTTY: options.tty },
    exitCode: 0,
    appOverrides: options.overrides,
  };
  const status = await runCli(args, io);
  return { status, stdout, stderr };
}

/** Side by side, like the embedded model: one variant per request. */
function sideBySide(texts: string[], delayMs = 0): ScriptedChatModel {
  const model = new ScriptedChatModel({
    id: 'scripted:side-by-side',
    replies: texts.map((text) => ({ value: { variants: [{ text, hashtags: [] }] }, delayMs })),
  });
  return Object.assign(model, { parallelAnswers: 3 });
}

const TEXTS = [
  'Cold brew is back at the Lyon shop. Twelve hours in, one smooth glass out.',
  'Summer plan: cold brew, a shaded terrace, nothing urgent.',
  'Patience makes the best cold brew. We gave it twelve hours so you do not have to.',
];

describe('smm generate while the model writes (in process, real SQLite and Chroma, scripted words)', () => {
  // Each test writes into a profile of its own: a run repeating an earlier run's drafts would be sent back for repair.
  const homes: string[] = [];
  async function freshProfile(): Promise<string> {
    const home = tempHome();
    homes.push(home);
    await smmJson(home, ['profile', 'add', 'acme', '--name', 'Acme', '--platforms', 'x']);
    await smmJson(home, ['import', SAMPLE, '--profile', 'acme']);
    return home;
  }
  afterAll(() => {
    for (const home of homes) rmSync(home, { recursive: true, force: true });
  });

  it('prints each variant on the terminal as soon as it is checked, with the time to the first, and does not print it twice', async () => {
    const home = await freshProfile();
    const run = await smmOn(home, ['generate', '--profile', 'acme', '--platform', 'x', '--topic', 'cold brew', '-n', '3'], {
      tty: true,
      overrides: { chatModel: sideBySide(TEXTS) },
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/── Variant 1 \(first after \d+\.\d s\) — \d+\/280 · voice \d+\/100 · (ok|INVALID)\n/);
    expect(run.stderr).toMatch(/── Variant 3 \(after \d+\.\d s\)/);
    for (const text of TEXTS) expect(run.stderr).toContain(text);
    const unchanged = run.stdout.match(/· shown above/g)?.length ?? 0;
    // Every variant printed as it landed and unchanged by a repair is not printed again.
    for (const text of TEXTS) expect(run.stdout.includes(text)).toBe(false);
    expect(unchanged).toBe(3);
    expect(run.stdout).toMatch(/Variant 1 \(post \d+, draft\)/);
  });

  it('keeps stdout complete when it is not the terminal, and --json unchanged', async () => {
    let home = await freshProfile();
    const piped = await smmOn(home, ['generate', '--profile', 'acme', '--platform', 'x', '--topic', 'cold brew', '-n', '3'], {
      tty: false,
      overrides: { chatModel: sideBySide(TEXTS) },
    });
    expect(piped.status, piped.stderr).toBe(0);
    for (const text of TEXTS) expect(piped.stdout).toContain(text);
    expect(piped.stderr).toMatch(/… Variant 1 of 3 written after/);
    home = await freshProfile();
    const json = await smmOn(home, ['generate', '--profile', 'acme', '--platform', 'x', '--topic', 'cold brew', '-n', '3', '--json'], {
      tty: true,
      overrides: { chatModel: sideBySide(TEXTS) },
    });
    expect(json.stderr).toBe('');
    const result = JSON.parse(json.stdout) as { variants: Array<{ text: string }> };
    expect(result.variants.map((variant) => variant.text).sort()).toEqual([...TEXTS].sort());
  });

  it('stops at SMM_LLM_TIMEOUT_MS with exit code 7 and a hint naming it, and saves nothing', async () => {
    const home = await freshProfile();
    const before = await smmJson<{ posts: unknown[] }>(home, ['post', 'list', '--profile', 'acme', '--status', 'draft', '--limit', '100']);
    const run = await smmOn(home, ['generate', '--profile', 'acme', '--platform', 'x', '--topic', 'slow', '-n', '3'], {
      tty: false,
      env: { SMM_LLM_TIMEOUT_MS: '1000' },
      overrides: { chatModel: sideBySide(TEXTS, 600_000) },
    });
    expect(run.status).toBe(7);
    expect(run.stderr).toMatch(/did not finish within 1000 ms/);
    expect(run.stderr).toMatch(/hint: .*SMM_LLM_TIMEOUT_MS/);
    const after = await smmJson<{ posts: unknown[] }>(home, ['post', 'list', '--profile', 'acme', '--status', 'draft', '--limit', '100']);
    expect(after.posts).toHaveLength(before.posts.length);
  });
});
