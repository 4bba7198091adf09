import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openStorage } from '../src/adapters/storage/open-storage.js';
import { storageContract } from './storage-contract.js';
import { newPost, profileFields } from './storage-contract-fixtures.js';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));
const childScript = fileURLToPath(new URL('./storage-contract-child.mjs', import.meta.url));
const folder = mkdtempSync(path.join(tmpdir(), 'smm-storage-sqlite-'));
let counter = 0;
const freshPath = () => path.join(folder, `db-${(counter += 1)}`, 'smm.sqlite');
afterAll(() => rmSync(folder, { recursive: true, force: true }));

storageContract('SQLite', (options) => openStorage({ sqlitePath: freshPath(), clock: options?.clock }));

describe('SQLite specifics', () => {
  it('two Storage objects on one file, in one process, insert at once and both succeed', async () => {
    const file = freshPath();
    const [first, second] = await Promise.all([openStorage({ sqlitePath: file }), openStorage({ sqlitePath: file })]);
    try {
      const profile = await first.profiles.create('default', profileFields('acme'));
      const batch = (tag: string) => Array.from({ length: 400 }, (_, index) => newPost({ dedupeKey: index % 2 === 0 ? `shared-${index}` : `${tag}-${index}` }));
      const work = [first, second].flatMap((storage, index) => [
        storage.posts.insertMany(profile.id, batch(`s${index}`)),
        storage.posts.insert(profile.id, newPost({ text: `single ${index}` })),
        storage.profiles.create('default', profileFields(`p${index}`)),
      ]);
      const [a, , , b] = (await Promise.all(work)) as [{ inserted: number }, unknown, unknown, { inserted: number }];
      expect(a.inserted + b.inserted).toBe(600);
      expect(await second.posts.countByProfile(profile.id)).toBe(602);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });

  it('two processes open a new file at once (migrating it) and insert at once; both succeed', async () => {
    const file = freshPath();
    mkdirSync(path.dirname(file), { recursive: true });
    // Kysely's own bookkeeping tables exist (as after a first process's start) but no migration ran.
    const setup = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new Database(file) }) });
    await new Migrator({ db: setup, provider: { getMigrations: async () => ({}) } }).migrateToLatest();
    await setup.destroy();
    // Line both processes up: this connection holds the file's write lock while both start. Readers
    // are not blocked in WAL mode, so without a migration lock both read "nothing migrated yet", then
    // wait to write, and the second fails with "table workspaces already exists". With the lock,
    // both wait before reading, and the second finds nothing left to do.
    const gate = new Database(file);
    gate.pragma('journal_mode = WAL');
    gate.exec('begin immediate');
    const run = (tag: string) => {
      const child = spawn(process.execPath, [childScript, 'insert', file, '1000', tag], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      const opening = new Promise<void>((resolve) =>
        child.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
          if (stderr.includes('opening')) resolve();
        }),
      );
      const done = new Promise<{ inserted: number; duplicates: number }>((resolve, reject) =>
        child.on('close', (code) => (code === 0 ? resolve(JSON.parse(stdout.trim()) as { inserted: number; duplicates: number }) : reject(new Error(`child ${tag} exited ${code}: ${stderr}`)))),
      );
      return { opening, done };
    };
    const children = [run('a'), run('b')];
    try {
      await Promise.all(children.map((child) => child.opening));
      // Not a timing assertion: the outcome is the same at any delay; this only gives both children
      // the moment they need to reach the lock, so that the race is exercised every run.
      await new Promise((resolve) => setTimeout(resolve, 500));
    } finally {
      gate.exec('commit');
      gate.close();
    }
    const results = await Promise.all(children.map((child) => child.done));
    expect(results[0]!.inserted + results[1]!.inserted).toBe(1500);
    expect(results[0]!.duplicates + results[1]!.duplicates).toBe(500);
    const storage = await openStorage({ sqlitePath: file });
    try {
      const profile = await storage.profiles.findByHandle('default', 'shared');
      expect(await storage.posts.countByProfile(profile!.id)).toBe(1500);
      expect(await storage.outbox.countPending()).toBe(1500);
    } finally {
      await storage.close();
    }
  });

  it('backs up a consistent copy while another process keeps writing', async () => {
    const file = freshPath();
    const storage = await openStorage({ sqlitePath: file });
    const profile = await storage.profiles.create('default', profileFields('acme'));
    await storage.posts.insertMany(profile.id, Array.from({ length: 6000 }, (_, index) => newPost({ text: `seed ${index} ${'lorem ipsum '.repeat(20)}` })));
    // The writer commits a post with its FTS row every few milliseconds until killed.
    const writer = spawn(
      process.execPath,
      [
        '-e',
        `const db = new (require('better-sqlite3'))(process.argv[1]); db.pragma('busy_timeout = 10000');
         const post = db.prepare("insert into posts (profile_id, workspace_id, platform, text, status, tags, source, is_reply, media_count, dedupe_key, created_at, updated_at) values (?, 1, 'x', 'written meanwhile', 'draft', '[]', 'written', 0, 0, ?, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')");
         const fts = db.prepare("insert into posts_fts (rowid, scope, body) values (?, ?, 'written meanwhile')");
         let n = 0; process.stdout.write('ready\\n');
         setInterval(() => db.transaction(() => { const r = post.run(${profile.id}, 'w' + n++); fts.run(r.lastInsertRowid, 'p${profile.id}'); })(), 2);`,
        file,
      ],
      { cwd: projectRoot, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise((resolve) => writer.stdout.once('data', resolve));
      const target = path.join(folder, 'backups', 'copy.sqlite');
      const progress: { done?: number; total?: number }[] = [];
      await storage.backup(target, (event) => progress.push(event));
      expect(progress.at(-1)).toMatchObject({ done: progress.at(-1)?.total });

      const copy = new Database(target, { readonly: true });
      try {
        expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
        const posts = copy.prepare('select count(*) as n from posts').get() as { n: number };
        const indexed = copy.prepare("select count(*) as n from posts_fts where posts_fts match 'body : meanwhile OR body : seed'").get() as { n: number };
        expect(posts.n).toBeGreaterThanOrEqual(6000);
        expect(indexed.n).toBe(posts.n);
      } finally {
        copy.close();
      }
    } finally {
      writer.kill();
      await storage.close();
    }
  });

  it('writes the backup readable by its owner only, whatever the umask', async () => {
    const file = freshPath();
    const storage = await openStorage({ sqlitePath: file });
    const previous = process.umask(0);
    try {
      await storage.profiles.create('default', profileFields('private'));
      const target = path.join(folder, 'private-backups', 'private.sqlite');
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, 'an older backup, world-readable');
      chmodSync(target, 0o644);
      await storage.backup(target);
      expect(statSync(target).mode & 0o777).toBe(0o600);
      const copy = new Database(target, { readonly: true });
      try {
        expect(copy.prepare('select handle from profiles').all()).toEqual([{ handle: 'private' }]);
      } finally {
        copy.close();
      }
    } finally {
      process.umask(previous);
      await storage.close();
    }
  });

  it('refuses to back up onto the database itself', async () => {
    const file = freshPath();
    const storage = await openStorage({ sqlitePath: file });
    try {
      await expect(storage.backup(file)).rejects.toMatchObject({ code: 'invalid_input' });
    } finally {
      await storage.close();
    }
  });

  it('keeps data across reopening, and reopening does not migrate again', async () => {
    const file = freshPath();
    const first = await openStorage({ sqlitePath: file });
    await first.profiles.create('default', profileFields('kept'));
    await first.close();
    const again = await openStorage({ sqlitePath: file });
    try {
      expect((await again.profiles.list('default')).map((profile) => profile.handle)).toEqual(['kept']);
    } finally {
      await again.close();
    }
  });

  it('works in memory', async () => {
    const storage = await openStorage({ sqlitePath: ':memory:' });
    try {
      const profile = await storage.profiles.create('default', profileFields('ram'));
      expect(await storage.posts.insertMany(profile.id, [newPost(), newPost()])).toEqual({ inserted: 2, duplicates: 0 });
    } finally {
      await storage.close();
    }
  });

  it('explains what to do when the file cannot be opened or is not a database', async () => {
    const blocker = path.join(folder, 'a-file');
    writeFileSync(blocker, 'not a folder');
    await expect(openStorage({ sqlitePath: path.join(blocker, 'sub', 'smm.sqlite') })).rejects.toMatchObject({
      code: 'storage_unavailable',
      hint: expect.stringContaining('--data-dir'),
    });
    const garbage = path.join(folder, 'garbage', 'smm.sqlite');
    mkdirSync(path.dirname(garbage), { recursive: true });
    writeFileSync(garbage, 'this is not an SQLite file, just text that is long enough to have a header'.repeat(100));
    await expect(openStorage({ sqlitePath: garbage })).rejects.toMatchObject({ code: 'storage_unavailable', hint: expect.stringContaining('smm backup') });
  });

  it('rejects a non-PostgreSQL URL and a missing path as configuration errors', async () => {
    await expect(openStorage({ url: 'mysql://root@localhost/smm' })).rejects.toMatchObject({ code: 'config_invalid', hint: expect.stringContaining('SMM_DATABASE_URL') });
    await expect(openStorage({})).rejects.toMatchObject({ code: 'config_invalid' });
  });
});
