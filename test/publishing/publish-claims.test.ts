import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.js';
import { createApp } from '../../src/app/create-app.js';
import { skipUnless } from '../helpers/optional-needs.js';
import { SMM_BIN, tempHome } from '../helpers/run-smm.js';
import { startTestPds, type TestPds } from '../helpers/test-pds.js';

/**
 * Two publishers at once against one database never publish a post twice:
 * claims are compare-and-set updates in a transaction. Proven with two
 * `smm publish --due` processes racing on SQLite and on PostgreSQL, with
 * the reference PDS counting what arrived.
 */

const PG_URL = process.env.SMM_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SECRET_KEY = randomBytes(32).toString('base64');
const POSTS = 12;

let pds: TestPds;
const homes: string[] = [];
const schemas: string[] = [];
const admin = new pg.Pool({ connectionString: PG_URL, max: 2 });
admin.on('error', () => undefined);
const pgDown = skipUnless(
  'PostgreSQL publishing race test',
  await admin
    .query('select 1')
    .then(() => undefined)
    .catch((error: unknown) => `no server at ${PG_URL} (${error instanceof Error ? error.message : String(error)})`),
  'Start PostgreSQL or set SMM_TEST_PG_URL.',
);

function run(home: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SMM_BIN, ...args], { env: { ...process.env, SMM_HOME: home, SMM_LLM: 'scripted', SMM_SECRET_KEY: SECRET_KEY, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

async function race(label: string, databaseUrl: string): Promise<void> {
  const user = await pds.createUser(`race${label}.test`);
  const home = tempHome('smm-claims-');
  homes.push(home);
  const app = await createApp(loadConfig({ SMM_HOME: home, SMM_LLM: 'scripted', SMM_DATABASE_URL: databaseUrl, SMM_SECRET_KEY: SECRET_KEY }));
  const scope = { workspace: 'default' };
  await app.profiles.create(scope, { handle: 'acme', displayName: 'Acme' });
  await (await app.accounts()).add(scope, { profile: 'acme', platform: 'bluesky', handle: user.handle, service: pds.url, secret: user.appPassword });
  // Scheduling refuses a time in the past: schedule a moment ahead, then let it come.
  const due = new Date(Date.now() + 2_000).toISOString();
  for (let index = 0; index < POSTS; index += 1) {
    await app.posts.add(scope, 'acme', { platform: 'bluesky', text: `Race post ${index + 1} of ${POSTS}.`, status: 'scheduled', scheduledAt: due });
  }
  await app.close();
  while (Date.now() <= Date.parse(due)) await new Promise((resolve) => setTimeout(resolve, 100));

  const env = { SMM_DATABASE_URL: databaseUrl };
  const [one, two] = await Promise.all([run(home, ['publish', '--due', '--json'], env), run(home, ['publish', '--due', '--json'], env)]);
  expect(one.stderr + two.stderr).toBe('');
  const published = [one, two].flatMap((result) => (JSON.parse(result.stdout) as { outcomes: Array<{ postId: number; outcome: string }> }).outcomes);
  expect(published.every((outcome) => outcome.outcome === 'published')).toBe(true);
  expect(published.map((outcome) => outcome.postId).sort((a, b) => a - b)).toEqual(Array.from({ length: POSTS }, (_, index) => index + 1));
  const records = await pds.listPosts(user.did);
  expect(records).toHaveLength(POSTS);
  expect(new Set(records.map((record) => record.value.text)).size).toBe(POSTS);
}

beforeAll(async () => {
  pds = await startTestPds();
}, 120_000);

afterAll(async () => {
  await pds?.close();
  for (const home of homes) rmSync(home, { recursive: true, force: true });
  for (const schema of schemas) await admin.query(`drop schema if exists ${schema} cascade`);
  await admin.end();
});

describe('two publishers racing on one database', () => {
  it('SQLite: every due post is published exactly once', async () => {
    await race('sqlite', '');
  }, 60_000);

  it.skipIf(pgDown !== undefined)('PostgreSQL: every due post is published exactly once', async () => {
    const schema = `smm_test_${Math.floor(Date.now() / 1000)}_${randomBytes(4).toString('hex')}`;
    await admin.query(`create schema ${schema}`);
    schemas.push(schema);
    const url = new URL(PG_URL);
    url.searchParams.set('options', `-c search_path=${schema}`);
    await race('pg', url.toString());
  }, 60_000);
});
