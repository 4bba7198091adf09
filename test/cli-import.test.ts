import Database from 'better-sqlite3';
import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needSharedFixtures, sharedFixture } from './helpers/optional-needs.js';
import { smm, smmAsync, smmJson, tempHome } from './helpers/run-smm.js';
import { writeXArchive } from './helpers/x-archive.js';

interface Summary {
  imported: number;
  duplicates: number;
  skipped: Record<string, number>;
  errors: { record: string; message: string }[];
  profile: string;
  format: string;
}

const X_FIXTURE = sharedFixture('exports', 'x', 'tweets.js');
const skipReason = needSharedFixtures('Two imports of real exports (smm import)', 'exports/x/tweets.js', 'exports/mastodon/outbox.json');

function countPosts(home: string, handle?: string): number {
  const db = new Database(path.join(home, 'smm.sqlite'), { readonly: true, fileMustExist: true });
  try {
    if (handle) return (db.prepare('select count(*) as n from posts join profiles on profiles.id = posts.profile_id where profiles.handle = ?').get(handle) as { n: number }).n;
    return (db.prepare('select count(*) as n from posts').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

function dedupeKeys(home: string): string[] {
  const db = new Database(path.join(home, 'smm.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('select dedupe_key as k from posts order by dedupe_key').all() as { k: string }[]).map((row) => row.k);
  } finally {
    db.close();
  }
}

describe('smm import (built binary, real SQLite file, real exports)', () => {
  let home: string;
  let work: string;
  beforeAll(async () => {
    home = tempHome();
    work = tempHome('smm-import-files-');
    await smmJson(home, ['profile', 'add', 'allie', '--name', 'Allie']);
  });
  afterAll(async () => {
    rmSync(home, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  it.skipIf(skipReason)('imports the real X archive, skipping retweets and marking replies; a re-import adds nothing', async () => {
    const first = await smmJson<Summary>(home, ['import', X_FIXTURE, '--profile', 'allie']);
    expect(first).toMatchObject({ imported: 954, duplicates: 0, profile: 'allie', format: 'x' });
    expect(first.skipped).toMatchObject({ retweet: 673 });
    const second = await smmJson<Summary>(home, ['import', X_FIXTURE, '--profile', 'allie']);
    expect(second).toMatchObject({ imported: 0, duplicates: 954 });
    expect(countPosts(home)).toBe(954);
  });

  it.skipIf(skipReason)('imports the real Mastodon outbox without boosts or direct messages', async () => {
    await smmJson(home, ['profile', 'add', 'masto', '--name', 'Masto']);
    const summary = await smmJson<Summary>(home, ['import', sharedFixture('exports', 'mastodon', 'outbox.json'), '--profile', 'masto']);
    expect(summary.format).toBe('mastodon');
    expect(summary.skipped.boost).toBe(51);
    expect(summary.skipped['direct-message']).toBe(9);
    expect(summary.imported).toBe(1425 - 9);
  });

  it('explains every kind of bad input and keeps what was stored', async () => {
    const before = countPosts(home);
    const cases: [string, string | Buffer, string[], RegExp][] = [
      ['empty.json', '', [], /empty/i],
      ['truncated.json', '[{"text": "one", "platform": "x"}, {"text": "tw', ['--format', 'json'], /truncated\.json/],
      ['wrong-header.csv', 'foo,bar\n1,2\n', ['--format', 'csv'], /wrong-header\.csv/],
      ['garbage.bin', Buffer.from(Array.from({ length: 4096 }, (_, index) => (index * 7919) % 256)), [], /garbage\.bin/],
    ];
    for (const [name, content, extra, pattern] of cases) {
      const file = path.join(work, name);
      writeFileSync(file, content);
      const result = await smm(home, ['import', file, '--profile', 'allie', ...extra, '--json']);
      const output = result.stdout + result.stderr;
      expect(output, name).toMatch(pattern);
      if (result.status !== 0) expect(result.status, name).toBeGreaterThan(1);
    }
    const archive = path.join(work, 'made-up-x', 'tweets.js');
    mkdirSync(path.dirname(archive), { recursive: true });
    writeXArchive(archive, 20, 5);
    const wrongFormat = await smm(home, ['import', archive, '--profile', 'allie', '--format', 'mastodon']);
    expect(wrongFormat.status).toBe(2);
    expect(wrongFormat.stderr).toMatch(/tweets\.js/);
    const noProfile = await smm(home, ['import', archive, '--profile', 'ghost']);
    expect(noProfile.status).toBe(3);
    expect(noProfile.stderr).toMatch(/No profile "ghost"/);
    const missingFile = await smm(home, ['import', path.join(work, 'nope.zip'), '--profile', 'allie']);
    expect(missingFile.status).toBe(3);
    expect(countPosts(home)).toBeGreaterThanOrEqual(before);
  });

  it('a file that yields no post exits 5 saying what it held, as text and with --json', async () => {
    const file = path.join(work, 'outbox.json');
    writeFileSync(file, '{"@context": "https://www.w3.org/ns/activitystreams", "type": "OrderedCollection", "totalItems": 1557, "orderedItems": [], "orderedItems": []}');
    const expected =
      'No post found to import from outbox.json (a Mastodon outbox.json): no record was read; outbox.json: 2 arrays "orderedItems" with 0 and 0 records; "type": "OrderedCollection"; "totalItems": 1,557.';
    const text = await smm(home, ['import', file, '--profile', 'allie']);
    expect(text.status).toBe(5);
    expect(text.stdout).toBe('');
    expect(text.stderr).toContain(`error: ${expected}\n`);
    const json = await smm(home, ['import', file, '--profile', 'allie', '--json']);
    expect(json.status).toBe(5);
    expect(JSON.parse(json.stderr)).toMatchObject({ error: { code: 'import_failed', message: expected, details: { reason: 'no_posts' } } });
  });

  it('the text summary counts posts without words and names what a folder did not read', async () => {
    await smmJson(home, ['profile', 'add', 'photos', '--name', 'Photos']);
    const folder = path.join(work, 'photo-export');
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'posts.csv'), 'platform,text,media_count\ninstagram,📸,3\ninstagram,A walk by the lake,1\n');
    symlinkSync(path.dirname(folder), path.join(folder, 'parent'));
    const result = await smm(home, ['import', folder, '--profile', 'photos']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('Imported 2 posts into @photos');
    expect(result.stdout).toContain('  without-text: 1 (kept for history; never used for the voice, examples or search)');
    expect(result.stdout).toContain('  not read: parent (a link out of the folder)');
  });

  it('stores a 1 MB single post intact', async () => {
    await smmJson(home, ['profile', 'add', 'big', '--name', 'Big']);
    const text = `${'long text 🚀 '.repeat(80_000)}`.slice(0, 1_000_000);
    const file = path.join(work, 'big.ndjson');
    writeFileSync(file, `${JSON.stringify({ text, platform: 'facebook', external_id: 'big-1' })}\n`);
    const summary = await smmJson<Summary>(home, ['import', file, '--profile', 'big']);
    expect(summary.imported).toBe(1);
    const page = await smmJson<{ posts: { id: number }[] }>(home, ['post', 'list', '--profile', 'big']);
    const post = await smmJson<{ text: string }>(home, ['post', 'show', String(page.posts[0]!.id)]);
    expect(post.text).toBe(text);
  });

  it('exports a profile and re-imports it elsewhere with nothing lost', async () => {
    for (const format of ['ndjson', 'json', 'csv']) {
      const out = path.join(work, `allie.${format}`);
      const exported = await smm(home, ['export', '--profile', 'allie', '--format', format, '--out', out]);
      expect(exported.status, exported.stderr).toBe(0);
      const other = tempHome();
      try {
        await smmJson(other, ['profile', 'add', 'allie', '--name', 'Allie']);
        const summary = await smmJson<Summary>(other, ['import', out, '--profile', 'allie', '--format', format]);
        expect(summary.imported, format).toBe(countPosts(home, 'allie'));
        const original = await smmJson<{ posts: unknown[] }>(home, ['post', 'list', '--profile', 'allie', '--limit', '500']);
        const copy = await smmJson<{ posts: unknown[] }>(other, ['post', 'list', '--profile', 'allie', '--limit', '500']);
        const strip = (posts: unknown[]) =>
          posts.map((post) => {
            const { id: _id, profileId: _profile, createdAt: _created, updatedAt: _updated, ...rest } = post as Record<string, unknown>;
            return rest;
          });
        expect(strip(copy.posts)).toEqual(strip(original.posts));
      } finally {
        rmSync(other, { recursive: true, force: true });
      }
    }
  });

  it('writes a consistent backup', async () => {
    const target = path.join(work, 'backup.sqlite');
    const result = await smm(home, ['backup', target]);
    expect(result.status, result.stderr).toBe(0);
    expect(existsSync(target)).toBe(true);
    const copy = new Database(target, { readonly: true });
    try {
      expect((copy.prepare('select count(*) as n from posts').get() as { n: number }).n).toBe(countPosts(home));
    } finally {
      copy.close();
    }
  });
});

// Child processes and 40,000-post imports: slow on a loaded 2-core machine, so these tests get minutes, not the default 30 s.
describe('import reliability', { timeout: 240_000 }, () => {
  const TOTAL = 40_000;
  let work: string;
  let archive: string;
  beforeAll(async () => {
    work = tempHome('smm-reliability-');
    mkdirSync(path.join(work, 'export', 'data'), { recursive: true });
    archive = path.join(work, 'export', 'data', 'tweets.js');
    writeXArchive(archive, TOTAL, 500);
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('an import killed with SIGKILL halfway, run again, ends exactly like one clean import', async () => {
    const clean = tempHome();
    const killed = tempHome();
    try {
      await smmJson(clean, ['profile', 'add', 'p', '--name', 'P']);
      await smmJson(clean, ['import', path.join(work, 'export'), '--profile', 'p']);
      await smmJson(killed, ['profile', 'add', 'p', '--name', 'P']);

      const child = smmAsync(killed, ['import', path.join(work, 'export'), '--profile', 'p', '--json']);
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      let seen = 0;
      for (let attempt = 0; attempt < 2000; attempt += 1) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        try {
          seen = countPosts(killed);
        } catch {
          seen = 0;
        }
        if (seen > 0) break;
      }
      child.kill('SIGKILL');
      await exited;
      const partial = countPosts(killed);
      expect(partial).toBeGreaterThan(0);
      expect(partial).toBeLessThan(TOTAL);

      const rerun = await smmJson<Summary>(killed, ['import', path.join(work, 'export'), '--profile', 'p']);
      expect(rerun.imported + rerun.duplicates).toBe(TOTAL);
      expect(rerun.duplicates).toBe(partial);
      expect(countPosts(killed)).toBe(TOTAL);
      expect(dedupeKeys(killed)).toEqual(dedupeKeys(clean));
    } finally {
      rmSync(clean, { recursive: true, force: true });
      rmSync(killed, { recursive: true, force: true });
    }
  });

  it('two processes importing into the same SQLite file at once both succeed', async () => {
    const home = tempHome();
    try {
      await smmJson(home, ['profile', 'add', 'a', '--name', 'A']);
      await smmJson(home, ['profile', 'add', 'b', '--name', 'B']);
      const run = (handle: string) =>
        new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
          const child = smmAsync(home, ['import', archive, '--profile', handle, '--json']);
          let stdout = '';
          let stderr = '';
          child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
          child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
          child.once('exit', (code) => resolve({ code, stdout, stderr }));
        });
      const [first, second] = await Promise.all([run('a'), run('b')]);
      expect(first.code, first.stderr).toBe(0);
      expect(second.code, second.stderr).toBe(0);
      expect(JSON.parse(first.stdout).imported).toBe(TOTAL);
      expect(JSON.parse(second.stdout).imported).toBe(TOTAL);
      expect(countPosts(home)).toBe(2 * TOTAL);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});

