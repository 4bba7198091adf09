import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smm, smmJson, tempHome } from './helpers/run-smm.js';

/** Issue 11: every way in resolves a profile the same way. */
describe('one way into a service (in process, real SQLite file)', () => {
  let home: string;
  let file: string;
  beforeAll(async () => {
    home = tempHome();
    file = path.join(home, 'posts.csv');
    writeFileSync(file, 'platform,text,published_at\nx,First imported post,2024-01-01T09:00:00Z\nx,Second imported post,2024-01-02T09:00:00Z\n');
    await smmJson(home, ['profile', 'add', 'acme', '--name', 'Acme']);
  });
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('imports into --profile ACME for the profile acme, as post list --profile ACME lists it', async () => {
    const summary = await smmJson<{ imported: number; profile: string }>(home, ['import', file, '--profile', 'ACME']);
    expect(summary).toMatchObject({ imported: 2, profile: 'acme' });
    const listed = await smmJson<{ posts: Array<{ text: string }> }>(home, ['post', 'list', '--profile', 'ACME']);
    expect(listed.posts.map((post) => post.text)).toEqual(['Second imported post', 'First imported post']);
    const exported = await smm(home, ['export', '--profile', 'ACME', '--format', 'csv']);
    expect(exported.status, exported.stderr).toBe(0);
    expect(exported.stdout).toContain('First imported post');
    const generated = await smm(home, ['post', 'add', '--profile', 'Acme', '--platform', 'x', '--text', 'Hand-written.']);
    expect(generated.status, generated.stderr).toBe(0);
  });

  it('names the profiles it knows when the handle matches none', async () => {
    const missing = await smm(home, ['import', file, '--profile', 'acne']);
    expect(missing.status).toBe(3);
    expect(missing.stderr).toMatch(/No profile "acne"/);
    expect(missing.stderr).toMatch(/Known profiles in workspace "default": acme/);
  });
});
