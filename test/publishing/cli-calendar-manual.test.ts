import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smm, smmJson, tempHome } from '../helpers/run-smm.js';

/** The CLI's calendar, the platforms smm does not publish to, and its refusals (in process, real SQLite). */
let home: string;

beforeAll(async () => {
  home = tempHome('smm-calendar-');
  await smmJson(home, ['profile', 'add', 'acme', '--name', 'Acme']);
  await smmJson(home, ['profile', 'add', 'jane', '--name', 'Jane']);
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('smm calendar', () => {
  it('shows each day per profile in the chosen time zone, with the gaps', async () => {
    const tomorrow = new Date(Date.now() + 86_400_000);
    const day = tomorrow.toISOString().slice(0, 10);
    const post = await smmJson<{ id: number }>(home, ['post', 'add', '--profile', 'acme', '--platform', 'bluesky', '--text', 'Tomorrow at nine.', '--status', 'scheduled', '--scheduled-at', `${day}T09:00:00Z`]);
    const human = await smm(home, ['calendar', '--week', '--tz', 'UTC']);
    expect(human.status, human.stderr).toBe(0);
    expect(human.stdout).toContain(`(UTC)`);
    const block = human.stdout.split('\n\n').find((part) => part.includes(day))!;
    expect(block).toContain(`@acme: 09:00 ○ bluesky #${post.id} "Tomorrow at nine."`);
    expect(block).toContain('@jane: — nothing scheduled');
    const json = await smmJson<{ days: Array<{ date: string; gaps: string[] }> }>(home, ['calendar', '--days', '3', '--tz', 'Asia/Tokyo']);
    expect(json.days).toHaveLength(3);
    const tokyo = await smmJson<{ days: Array<{ date: string; profiles: Record<string, Array<{ time: string }>> }> }>(home, ['calendar', '--days', '3', '--tz', 'Asia/Tokyo', '--profile', 'acme']);
    expect(tokyo.days.flatMap((entry) => entry.profiles.acme ?? []).map((entry) => entry.time)).toEqual(['18:00']);
    const bad = await smm(home, ['calendar', '--tz', 'Nowhere/Else']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/Unknown time zone "Nowhere\/Else"/);
  });
});

describe('smm publish where smm does not publish, and its refusals', () => {
  it('says plainly it does not publish to X and prints the text and the web intent link; the post is unchanged', async () => {
    const post = await smmJson<{ id: number }>(home, ['post', 'add', '--profile', 'acme', '--platform', 'x', '--text', 'Fresh beans & a #coffee tip', '--status', 'approved']);
    const result = await smm(home, ['publish', String(post.id)]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('smm does not publish to X');
    expect(result.stdout).toContain(`https://x.com/intent/post?text=${encodeURIComponent('Fresh beans & a #coffee tip')}`);
    expect(result.stdout).toContain('Fresh beans & a #coffee tip');
    expect((await smmJson<{ status: string }>(home, ['post', 'show', String(post.id)])).status).toBe('approved');
    const linkedin = await smmJson<{ id: number }>(home, ['post', 'add', '--profile', 'acme', '--platform', 'linkedin', '--text', 'A longer note.', '--status', 'approved']);
    expect((await smm(home, ['publish', String(linkedin.id)])).stdout).toMatch(/does not publish to LinkedIn[\s\S]*Paste the text/);
  });

  it('refuses what it cannot do, with exit codes that mean something', async () => {
    expect((await smm(home, ['publish'])).status).toBe(2);
    const noAccount = await smmJson<{ id: number }>(home, ['post', 'add', '--profile', 'jane', '--platform', 'bluesky', '--text', 'No account yet.', '--status', 'approved']);
    const refused = await smm(home, ['publish', String(noAccount.id)]);
    expect(refused.status).toBe(11);
    expect(refused.stderr).toMatch(/no bluesky account[\s\S]*smm account add --profile jane --platform bluesky/);
    expect((await smmJson<{ status: string }>(home, ['post', 'show', String(noAccount.id)])).status).toBe('approved');
    const draft = await smmJson<{ id: number }>(home, ['post', 'add', '--profile', 'jane', '--platform', 'bluesky', '--text', 'Only a draft.']);
    expect((await smm(home, ['publish', String(draft.id)])).status).toBe(4);
    expect((await smm(home, ['account', 'rm', '99'])).status).toBe(3);
    expect((await smm(home, ['account', 'list'])).stdout).toMatch(/No accounts/);
    const secretInArgv = await smm(home, ['account', 'add', '--profile', 'jane', '--platform', 'bluesky', '--handle', 'jane.test', '--password', 'x']);
    expect(secretInArgv.status).toBe(2);
  });
});
