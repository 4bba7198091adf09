import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smm, smmBinary, smmJson, tempHome } from './helpers/run-smm.js';

interface Violation {
  rule: string;
  message: string;
}
interface PostJson {
  id: number;
  text: string;
  status: string;
  platform: string;
  scheduledAt: string | null;
  threadParts: string[] | null;
  violations: Violation[];
}
interface Outcome {
  id: number;
  ok: boolean;
  post?: PostJson;
  error?: { code: string; message: string; details: { violations?: Violation[] } };
}

const LONG_X = `Cold brew notes: ${'slow water, coarse grind, patience. '.repeat(9)}`;
const PARTS = [
  'How we roast, a thread. It starts at the farm in Huila, with the Quintero family. 1/3',
  'Then 12 minutes in the drum: first crack at 9, pulled at 10:30 for the fruit. 2/3',
  'Then it rests two days before it reaches you. Questions? Ask away. 3/3',
];

describe('drafts that are what they say (in process, real SQLite file)', () => {
  let home: string;
  beforeAll(async () => {
    home = tempHome();
    await smmJson(home, ['profile', 'add', 'ACME', '--name', 'Acme Coffee', '--platforms', 'x,bluesky', '--banned', 'synergy']);
  });
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('warns on post add and edit when a post breaks its rules, and refuses to approve it unless forced', async () => {
    const added = await smm(home, ['post', 'add', '--profile', 'acme', '--platform', 'x', '--text', LONG_X]);
    expect(added.status, added.stderr).toBe(0);
    expect(added.stderr).toMatch(/warning: post \d+ breaks 1 rule/);
    expect(added.stderr).toMatch(/Too long for X: \d+\/280/);
    const id = Number(/Added post (\d+)/.exec(added.stdout)![1]);

    const refused = await smm(home, ['post', 'approve', String(id)]);
    expect(refused.status).toBe(4);
    expect(refused.stdout).toMatch(new RegExp(`^Post ${id} breaks 1 rule, so it was not approved: Too long for X`));
    expect(refused.stderr).toMatch(/--force/);
    expect((await smmJson<PostJson>(home, ['post', 'show', String(id)])).status).toBe('draft');

    const viaEdit = await smm(home, ['post', 'edit', String(id), '--status', 'approved']);
    expect(viaEdit.status).toBe(4);
    expect(viaEdit.stderr).toMatch(/breaks 1 rule, so it was not approved/);

    const forced = await smmJson<{ results: Outcome[] }>(home, ['post', 'approve', String(id), '--force']);
    expect(forced.results[0]).toMatchObject({ id, ok: true, post: { status: 'approved' } });
    expect(forced.results[0]!.post!.violations.map((violation) => violation.rule)).toEqual(['length']);

    const fixedText = await smm(home, ['post', 'edit', String(id), '--text', 'Cold brew: slow water, coarse grind, patience. And synergy.']);
    expect(fixedText.status).toBe(4);
    expect(fixedText.stderr).toMatch(/banned word "synergy"/);
    const fixed = await smm(home, ['post', 'edit', String(id), '--text', 'Cold brew: slow water, coarse grind, patience.']);
    expect(fixed.status, fixed.stderr).toBe(0);
    expect(fixed.stderr).not.toMatch(/warning/);
  });

  it('approves several posts, each on its own, and exits non-zero when one fails', async () => {
    const good = await smmJson<PostJson>(home, ['post', 'add', '--profile', 'acme', '--platform', 'bluesky', '--text', 'Guji is back.']);
    const idea = await smmJson<PostJson>(home, ['post', 'add', '--profile', 'acme', '--platform', 'x', '--text', 'An idea: latte art class', '--status', 'idea']);
    const bad = await smmJson<PostJson>(home, ['post', 'add', '--profile', 'acme', '--platform', 'x', '--text', 'Pure synergy.']);
    expect(bad.violations.map((violation) => violation.rule)).toEqual(['banned-word']);
    const result = await smm(home, ['post', 'approve', String(good.id), String(idea.id), String(bad.id), '999999', '--json']);
    expect(result.status).toBe(4);
    const { results } = JSON.parse(result.stdout) as { results: Outcome[] };
    expect(results.map((outcome) => [outcome.id, outcome.ok])).toEqual([[good.id, true], [idea.id, true], [bad.id, false], [999999, false]]);
    expect(results[1]!.post!.status).toBe('approved');
    expect(results[2]!.error).toMatchObject({ code: 'conflict', details: { violations: [expect.objectContaining({ rule: 'banned-word' })] } });
    expect(results[3]!.error!.code).toBe('not_found');
  });

  it('schedules at a local time in a zone, or at an ISO time with an offset, and refuses the past or no time', async () => {
    const post = await smmJson<PostJson>(home, ['post', 'add', '--profile', 'acme', '--platform', 'x', '--text', 'Roasting day on Tuesday.']);
    const berlin = await smmJson<{ results: Outcome[] }>(home, ['post', 'schedule', String(post.id), '--at', '2031-12-01 09:00', '--tz', 'Europe/Berlin']);
    expect(berlin.results[0]!.post).toMatchObject({ status: 'scheduled', scheduledAt: '2031-12-01T08:00:00.000Z' });
    const summer = await smmJson<{ results: Outcome[] }>(home, ['post', 'schedule', String(post.id), '--at', '2031-07-01 09:00', '--tz', 'America/New_York']);
    expect(summer.results[0]!.post!.scheduledAt).toBe('2031-07-01T13:00:00.000Z');
    const iso = await smmJson<{ results: Outcome[] }>(home, ['post', 'schedule', String(post.id), '--at', '2031-07-01T09:00:00+09:00']);
    expect(iso.results[0]!.post!.scheduledAt).toBe('2031-07-01T00:00:00.000Z');
    const human = await smm(home, ['post', 'schedule', String(post.id), '--at', '2031-07-02 10:00', '--tz', 'UTC']);
    expect(human.stdout).toContain(`Scheduled post ${post.id} (scheduled for 2031-07-02T10:00:00.000Z).`);

    const past = await smm(home, ['post', 'schedule', String(post.id), '--at', '2020-01-01 09:00', '--tz', 'Europe/Berlin']);
    expect(past.status).toBe(2);
    expect(past.stdout).toMatch(/is in the past/);
    const badZone = await smm(home, ['post', 'schedule', String(post.id), '--at', '2031-01-01 09:00', '--tz', 'Europe/Nowhere']);
    expect(badZone.stdout).toMatch(/Unknown time zone "Europe\/Nowhere"/);
    const noTime = await smm(home, ['post', 'schedule', String(post.id)]);
    expect(noTime.status).not.toBe(0);
    expect(noTime.stderr).toMatch(/--at/);
    const editNoTime = await smm(home, ['post', 'add', '--profile', 'acme', '--platform', 'x', '--text', 'Later.', '--status', 'scheduled']);
    expect(editNoTime.status).toBe(2);
    expect(editNoTime.stderr).toMatch(/A scheduled post needs a time/);
  });

  it('has one default status: a draft, published with a publication date, scheduled with only a schedule time', async () => {
    const draft = await smmJson<PostJson>(home, ['post', 'add', '--profile', 'acme', '--platform', 'x', '--text', 'No status given.']);
    expect(draft.status).toBe('draft');
    const past = await smmJson<PostJson>(home, ['post', 'add', '--profile', 'acme', '--platform', 'x', '--text', 'Posted in 2024.', '--published-at', '2024-05-01T10:00:00Z']);
    expect(past.status).toBe('published');
    const later = await smmJson<PostJson>(home, ['post', 'add', '--profile', 'acme', '--platform', 'x', '--text', 'For later.', '--scheduled-at', '2031-05-01T10:00:00Z']);
    expect(later.status).toBe('scheduled');
  });

  it('stores a thread as its parts: show, list, export in every format and import back', async () => {
    const thread = await smmJson<PostJson>(home, ['post', 'add', '--profile', 'acme', '--platform', 'x', ...PARTS.flatMap((part) => ['--part', part])]);
    expect(thread.threadParts).toEqual(PARTS);
    expect(thread.text).toBe(PARTS.join('\n\n'));
    expect(thread.violations).toEqual([]);

    const shown = await smm(home, ['post', 'show', String(thread.id)]);
    expect(shown.stdout).toContain(`[1/3]\n${PARTS[0]}\n\n[2/3]\n${PARTS[1]}`);
    const list = await smm(home, ['post', 'list', '--profile', 'acme', '--limit', '50']);
    expect(list.stdout).toContain('[thread of 3]');

    const tooLongPart = await smm(home, ['post', 'edit', String(thread.id), '--part', PARTS[0]!, '--part', `${'Far too long. '.repeat(30)}2/2`]);
    expect(tooLongPart.stderr).toMatch(/Part 2 of the thread is \d+\/280/);
    await smmJson(home, ['post', 'edit', String(thread.id), ...PARTS.flatMap((part) => ['--part', part])]);

    for (const format of ['csv', 'json', 'ndjson'] as const) {
      const out = path.join(home, `acme.${format}`);
      expect((await smm(home, ['export', '--profile', 'acme', '--format', format, '--out', out])).status).toBe(0);
      const content = readFileSync(out, 'utf8');
      expect(content).toContain('thread_parts');
      await smmJson(home, ['profile', 'add', `copy-${format}`, '--name', 'Copy']);
      const imported = await smmJson<{ imported: number; errorCount: number }>(home, ['import', out, '--profile', `copy-${format}`, '--format', format]);
      expect(imported.errorCount).toBe(0);
      const copies = await smmJson<{ posts: PostJson[] }>(home, ['post', 'list', '--profile', `copy-${format}`, '--limit', '100']);
      const copy = copies.posts.find((post) => post.text === thread.text);
      expect(copy?.threadParts, format).toEqual(PARTS);
      expect(copies.posts.filter((post) => post.threadParts === null).length).toBe(imported.imported - 1);
    }
  });

  it('lists the profile of each post and marks the drafts that break their rules', async () => {
    await smmJson(home, ['--workspace', 'w2', 'profile', 'add', 'beta', '--name', 'Beta']);
    await smmJson(home, ['--workspace', 'w2', 'profile', 'add', 'gamma', '--name', 'Gamma']);
    await smmJson(home, ['--workspace', 'w2', 'post', 'add', '--profile', 'beta', '--platform', 'x', '--text', 'Fine.']);
    const broken = await smm(home, ['--workspace', 'w2', 'post', 'add', '--profile', 'gamma', '--platform', 'bluesky', '--text', 'x'.repeat(301)]);
    expect(broken.status).toBe(0);
    await smmJson(home, ['--workspace', 'w2', 'post', 'add', '--profile', 'gamma', '--platform', 'x', '--text', 'y'.repeat(400), '--published-at', '2020-01-01T00:00:00Z']);
    const human = await smm(home, ['--workspace', 'w2', 'post', 'list']);
    const lines = human.stdout.split('\n');
    expect(lines[0]).toMatch(/PROFILE.*RULES/);
    expect(lines.find((line) => line.includes('Fine.'))).toMatch(/@beta .*draft\s+Fine\./);
    expect(lines.find((line) => line.includes('xxxx'))).toMatch(/@gamma .*draft\s+! 1 /);
    // A published post is history: it is not checked.
    expect(lines.find((line) => line.includes('yyyy'))).toMatch(/published\s+y/);
    expect(human.stdout).toMatch(/! = breaks its platform rules \(1 here\)/);
    const json = await smmJson<{ posts: Array<PostJson & { handle: string }> }>(home, ['--workspace', 'w2', 'post', 'list']);
    expect(json.posts.map((post) => post.handle).sort()).toEqual(['beta', 'gamma', 'gamma']);
  });

  it('shows what a user needs to decide: violations, voice score and the generation with its examples', async () => {
    const home2 = tempHome();
    try {
      await smmJson(home2, ['profile', 'add', 'voice', '--name', 'Voice', '--platforms', 'x']);
      for (let index = 0; index < 6; index += 1) {
        await smmJson(home2, ['post', 'add', '--profile', 'voice', '--platform', 'x', '--text', `Tasting note ${index}: cherry, cocoa and a long finish.`, '--published-at', `2024-0${index + 1}-01T09:00:00Z`]);
      }
      const generated = await smmJson<{ variants: Array<{ postId: number }>; examples: Array<{ postId: number; text: string }> }>(home2, [
        'generate', '--profile', 'voice', '--platform', 'x', '--topic', 'tasting notes', '-n', '1',
      ]);
      const id = generated.variants[0]!.postId;
      const shown = await smmJson<{ voiceScore: { score: number | null }; generation: { model: string; promptVersion: string; examples: Array<{ postId: number; text: string }> }; violations: Violation[] }>(
        home2,
        ['post', 'show', String(id)],
      );
      expect(shown.voiceScore.score).toBeGreaterThanOrEqual(0);
      expect(shown.generation.model).toMatch(/^scripted:/);
      expect(shown.generation.promptVersion).toMatch(/generate/);
      expect(shown.generation.examples).toEqual(generated.examples);
      expect(Array.isArray(shown.violations)).toBe(true);
      const human = await smm(home2, ['post', 'show', String(id)]);
      expect(human.stdout).toMatch(/voice score: \d+\/100/);
      expect(human.stdout).toMatch(/generated: run \d+, generate by scripted:/);
      expect(human.stdout).toContain(`#${generated.examples[0]!.postId}: Tasting note`);
      expect(human.stdout).toMatch(/rules: /);
    } finally {
      rmSync(home2, { recursive: true, force: true });
    }
  });
});

describe('the built `smm` binary schedules in the machine\'s zone when --tz is not given', () => {
  it('reads --at in TZ, and --tz wins over it', () => {
    const home = tempHome();
    try {
      expect(smmBinary(home, ['profile', 'add', 'zone', '--name', 'Zone']).status).toBe(0);
      const added = smmBinary(home, ['post', 'add', '--profile', 'zone', '--platform', 'x', '--text', 'Opening hours change on Monday.', '--json']);
      const id = String((JSON.parse(added.stdout) as PostJson).id);
      const tokyo = smmBinary(home, ['post', 'schedule', id, '--at', '2031-03-01 09:00', '--json'], { env: { TZ: 'Asia/Tokyo' } });
      expect(tokyo.status, tokyo.stderr).toBe(0);
      expect((JSON.parse(tokyo.stdout) as { results: Outcome[] }).results[0]!.post!.scheduledAt).toBe('2031-03-01T00:00:00.000Z');
      const lima = smmBinary(home, ['post', 'schedule', id, '--at', '2031-03-01 09:00', '--tz', 'America/Lima', '--json'], { env: { TZ: 'Asia/Tokyo' } });
      expect((JSON.parse(lima.stdout) as { results: Outcome[] }).results[0]!.post!.scheduledAt).toBe('2031-03-01T14:00:00.000Z');
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
