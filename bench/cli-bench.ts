/**
 * CLI start-up: wall time of `smm --help` and `smm profile list` (median of
 * runs) next to bare `node -e 0` in the same run. Goals: --help < 150 ms,
 * profile list < 250 ms.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { summarize } from './bench-stats.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const smm = path.join(root, 'bin', 'smm.js');

function time(args: string[], env: NodeJS.ProcessEnv, runs: number): number[] {
  const timings: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    const result = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    const elapsed = performance.now() - started;
    if (result.status !== 0) throw new Error(`${args.join(' ')} failed: ${result.stderr.toString()}`);
    if (run > 0) timings.push(elapsed); // the first run warms the file cache
  }
  return timings;
}

export async function runCliBench(runs = 21): Promise<Record<string, unknown>> {
  const home = mkdtempSync(path.join(tmpdir(), 'smm-cli-bench-'));
  const env = { ...process.env, SMM_HOME: home };
  try {
    // Create the database once so `profile list` measures a normal start, not the first migration.
    spawnSync(process.execPath, [smm, 'profile', 'add', 'bench', '--name', 'Bench'], { env });
    const node = summarize(time(['-e', '0'], env, runs));
    const help = summarize(time([smm, '--help'], env, runs));
    const list = summarize(time([smm, 'profile', 'list'], env, runs));
    return {
      nodeBareMs: node.p50,
      helpMs: help.p50,
      profileListMs: list.p50,
      helpOverNodeMs: Math.round(help.p50 - node.p50),
      profileListOverNodeMs: Math.round(list.p50 - node.p50),
      runs: runs - 1,
    };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
