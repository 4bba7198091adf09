import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smmBinary, tempHome } from './helpers/run-smm.js';

describe('the built `smm` binary end to end', () => {
  let home: string;
  beforeAll(() => {
    home = tempHome();
  });
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('prints help with examples and exits 0', () => {
    const help = smmBinary(home, ['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Examples:');
    expect(help.stdout).toContain('import');
    const importHelp = smmBinary(home, ['import', '--help']);
    expect(importHelp.stdout).toContain('--format <format>');
  });

  it('creates and lists a profile in the data folder, with JSON for scripts', () => {
    expect(smmBinary(home, ['profile', 'add', 'bin', '--name', 'Binary']).status).toBe(0);
    const list = smmBinary(home, ['profile', 'list', '--json']);
    expect(list.status).toBe(0);
    expect(JSON.parse(list.stdout)).toMatchObject([{ handle: 'bin', displayName: 'Binary' }]);
  });

  it('reports usage errors and missing things with distinct exit codes on stderr', () => {
    const unknown = smmBinary(home, ['profile', 'list', '--bogus']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/unknown option/);
    const missing = smmBinary(home, ['post', 'show', '999']);
    expect(missing.status).toBe(3);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toMatch(/No post "999"/);
  });

  it('runs the README main job (`smm demo`) from the bundle, with a scripted model standing in for the embedded one', () => {
    const demo = smmBinary(home, ['demo', '--json']);
    expect(demo.status, demo.stderr).toBe(0);
    const result = JSON.parse(demo.stdout) as { import: { imported: number }; generation: { variants: unknown[] } };
    expect(result.import.imported).toBe(33);
    expect(result.generation.variants).toHaveLength(3);
  });
});
