import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedFixture } from '../helpers/optional-needs.js';
import { SMM_BIN, smm, smmJson, tempHome } from '../helpers/run-smm.js';
import { startTestPds, type PdsUser, type TestPds } from '../helpers/test-pds.js';

/**
 * The built `smm` end to end against the reference PDS running in this
 * process. Children are spawned asynchronously: a synchronous spawn would
 * block the PDS that answers them. Needs `npm run build`.
 */

interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function smmBin(home: string, args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SMM_BIN, ...args], {
      env: { ...process.env, SMM_HOME: home, SMM_DATABASE_URL: '', SMM_LLM: 'scripted', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

interface PostJson {
  id: number;
  status: string;
  url: string | null;
  externalId: string | null;
  scheduledAt: string | null;
  publishedAt: string | null;
  text: string;
}

let pds: TestPds;
const homes: string[] = [];

function home(): string {
  const dir = tempHome('smm-publish-cli-');
  homes.push(dir);
  return dir;
}

/** A profile with imported history, a Bluesky account on the test PDS and `n` generated drafts approved. */
async function setUp(dir: string, user: PdsUser, n: number): Promise<PostJson[]> {
  await smmJson(dir, ['profile', 'add', 'acme', '--name', 'Acme', '--platforms', 'bluesky']);
  await smmJson(dir, ['import', sharedFixture('exports', 'x', 'tweets.js'), '--profile', 'acme']);
  const added = await smmBin(dir, ['account', 'add', '--profile', 'acme', '--platform', 'bluesky', '--handle', user.handle, '--service', pds.url], { input: `${user.appPassword}\n` });
  expect(added.stderr).toBe('');
  expect(added.stdout).toContain(`bluesky ${user.handle}`);
  expect(added.stdout).not.toContain(user.appPassword);
  const generated = await smmJson<{ variants: Array<{ postId: number }> }>(dir, ['generate', '--profile', 'acme', '--platform', 'bluesky', '--topic', 'our winter roast', '-n', String(n)]);
  expect(generated.variants).toHaveLength(n);
  const approved: PostJson[] = [];
  for (const variant of generated.variants) approved.push(await smmJson<PostJson>(dir, ['post', 'edit', String(variant.postId), '--status', 'approved']));
  return approved;
}

async function listed(dir: string): Promise<PostJson[]> {
  return (await smmJson<{ posts: PostJson[] }>(dir, ['post', 'list', '--profile', 'acme', '--platform', 'bluesky', '--limit', '50'])).posts;
}

beforeAll(async () => {
  pds = await startTestPds();
}, 120_000);

afterAll(async () => {
  await pds?.close();
  for (const dir of homes) rmSync(dir, { recursive: true, force: true });
});

// Each test runs eight to twelve CLI processes (and one waits up to 40 s for the server's publisher): 30 s is too
// little on a loaded two-core machine, where one run was cut off at 30.3 s while working correctly.
describe('smm account / publish / serve against a real PDS (built binary)', { timeout: 120_000 }, () => {
  it('refuses a wrong app password with exit code 11 and says what to do', async () => {
    const user = await pds.createUser('wrongpw.test');
    const dir = home();
    await smmJson(dir, ['profile', 'add', 'acme', '--name', 'Acme']);
    const result = await smmBin(dir, ['account', 'add', '--profile', 'acme', '--platform', 'bluesky', '--handle', user.handle, '--service', pds.url], { input: 'not-the-app-password\n' });
    expect(result.status).toBe(11);
    expect(result.stderr).toMatch(/refused the app password for wrongpw\.test/);
    expect(result.stderr).toMatch(/hint: Create an app password/);
    expect(result.stderr).not.toContain('not-the-app-password');
    expect((await smmJson<unknown[]>(dir, ['account', 'list']))).toEqual([]);
  });

  it('publish --due from cron publishes each due post once, and a rerun sends nothing', async () => {
    const user = await pds.createUser('cron.test');
    const dir = home();
    const [first, second] = await setUp(dir, user, 2);
    // Scheduling refuses a time in the past: the first is due a moment from now, the second in an hour.
    const now = Date.now();
    const due = new Date(now + 2_000).toISOString();
    await smmJson(dir, ['post', 'edit', String(first!.id), '--status', 'scheduled', '--scheduled-at', due]);
    await smmJson(dir, ['post', 'edit', String(second!.id), '--status', 'scheduled', '--scheduled-at', new Date(now + 3_600_000).toISOString()]);
    while (Date.now() <= Date.parse(due)) await new Promise((resolve) => setTimeout(resolve, 100));
    const run = await smmBin(dir, ['publish', '--due']);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(new RegExp(`Published post ${first!.id} to bluesky: https://bsky\\.app/profile/cron\\.test/post/`));
    expect((await smmBin(dir, ['publish', '--due'])).stdout.trim()).toBe('Nothing is due.');
    expect(await pds.listPosts(user.did)).toHaveLength(1);
    const posts = await listed(dir);
    expect(posts.find((post) => post.id === first!.id)).toMatchObject({ status: 'published', url: expect.stringContaining('bsky.app') });
    expect(posts.find((post) => post.id === second!.id)).toMatchObject({ status: 'scheduled', url: null });
    const human = await smm(dir, ['post', 'list', '--profile', 'acme', '--platform', 'bluesky']);
    expect(human.stdout).toContain('bsky.app/profile/cron.test/post/');
  });

  it('a SIGKILL between the platform answer and storing it, then a rerun, leaves exactly one record', async () => {
    const user = await pds.createUser('crash.test');
    const dir = home();
    const [post] = await setUp(dir, user, 1);
    const crashed = await smmBin(dir, ['publish', String(post!.id)], { env: { SMM_TEST_CRASH_AFTER_PLATFORM_CALL: '1' } });
    expect(crashed.signal).toBe('SIGKILL');
    expect(await pds.listPosts(user.did)).toHaveLength(1);
    expect((await listed(dir)).find((item) => item.id === post!.id)).toMatchObject({ status: 'publishing', url: null });

    const rerun = await smmBin(dir, ['publish', '--due']);
    expect(rerun.stdout).toMatch(new RegExp(`Published post ${post!.id}`));
    const records = await pds.listPosts(user.did);
    expect(records).toHaveLength(1);
    const stored = (await listed(dir)).find((item) => item.id === post!.id)!;
    expect(stored).toMatchObject({ status: 'published', externalId: records[0]!.uri });
  });

  it('smm serve publishes two scheduled posts at their times, once each, and post list shows their URLs', async () => {
    const user = await pds.createUser('serve.test');
    const dir = home();
    const [first, second] = await setUp(dir, user, 2);
    const start = Date.now();
    const times = [new Date(start + 2_000).toISOString(), new Date(start + 4_000).toISOString()];
    await smmJson(dir, ['post', 'edit', String(first!.id), '--status', 'scheduled', '--scheduled-at', times[0]!]);
    await smmJson(dir, ['post', 'edit', String(second!.id), '--status', 'scheduled', '--scheduled-at', times[1]!]);
    const server = spawn(process.execPath, [SMM_BIN, 'serve', '--port', '0'], {
      env: { ...process.env, SMM_HOME: dir, SMM_DATABASE_URL: '', SMM_LLM: 'scripted', SMM_PUBLISH_INTERVAL_MS: '250' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    server.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
    try {
      for (let waited = 0; waited < 40_000 && (log.match(/Published post/g) ?? []).length < 2; waited += 250) await new Promise((resolve) => setTimeout(resolve, 250));
      expect((log.match(/Published post/g) ?? []).length).toBe(2);
    } finally {
      server.kill('SIGTERM');
      await new Promise((resolve) => server.once('close', resolve));
    }
    const records = await pds.listPosts(user.did);
    expect(records).toHaveLength(2);
    const posts = await listed(dir);
    for (const [index, id] of [first!.id, second!.id].entries()) {
      const post = posts.find((item) => item.id === id)!;
      expect(post).toMatchObject({ status: 'published', url: expect.stringMatching(/^https:\/\/bsky\.app\/profile\/serve\.test\/post\//) });
      expect(post.publishedAt! >= times[index]!).toBe(true);
    }
    expect(new Set(posts.map((post) => post.externalId)).size).toBe(posts.length);
  }, 60_000);
});
