import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.js';
import { createApp, type App } from '../../src/app/create-app.js';
import { MastodonStandIn } from '../support/mastodon-protocol-server.js';

/**
 * No Mastodon server can run here: the real `masto` client against a
 * protocol stand-in that honours Idempotency-Key and answers with
 * Mastodon's error shapes (test/support/mastodon-protocol-server.ts).
 */
const TOKEN = 'token-abc-123';
const scope = { workspace: 'default' };
const homes: string[] = [];
let server: MastodonStandIn;
let app: App;
let sleeps: number[];

beforeEach(async () => {
  server = new MastodonStandIn(TOKEN);
  await server.start();
  const home = mkdtempSync(path.join(tmpdir(), 'smm-masto-'));
  homes.push(home);
  sleeps = [];
  app = await createApp(loadConfig({ SMM_HOME: home, SMM_LLM: 'scripted' }), { sleep: async (ms) => void sleeps.push(ms) });
  await app.profiles.create(scope, { handle: 'acme', displayName: 'Acme', language: 'fr' });
});

afterEach(async () => {
  await app.close();
  await server.close();
});

afterAll(() => {
  for (const home of homes) rmSync(home, { recursive: true, force: true });
});

async function addAccount(visibility?: 'unlisted') {
  return (await app.accounts()).add(scope, { profile: 'acme', platform: 'mastodon', service: server.url, secret: TOKEN, settings: visibility ? { visibility } : {} });
}

describe('publishing to Mastodon through masto', () => {
  it('refuses a wrong token with Mastodon\'s own message; learns the handle from a good one', async () => {
    const accounts = await app.accounts();
    await expect(accounts.add(scope, { profile: 'acme', platform: 'mastodon', service: server.url, secret: 'nope' })).rejects.toMatchObject({
      code: 'publish_failed',
      message: expect.stringMatching(/refused the access token.*401.*The access token is invalid/),
    });
    const account = await addAccount();
    expect(account.handle).toBe(`smm@${new URL(server.url).host}`);
    expect((await accounts.test(scope, account.id)).identity).toBe(account.handle);
  });

  it('sends visibility, content warning and language, and stores the status id and URL', async () => {
    await addAccount('unlisted');
    const post = await app.posts.add(scope, 'acme', { platform: 'mastodon', text: 'Bonjour le café ☕', status: 'approved', contentWarning: 'caféine' });
    const outcome = await (await app.publishing()).publishNow(scope, post.id);
    expect(outcome).toMatchObject({ outcome: 'published', externalId: '100001', url: `${server.url}/@smm/100001` });
    expect(server.statuses).toEqual([expect.objectContaining({ text: 'Bonjour le café ☕', visibility: 'unlisted', spoiler_text: 'caféine', language: 'fr', in_reply_to_id: null })]);
    expect((await app.posts.get(scope, post.id)).post).toMatchObject({ status: 'published', externalId: '100001', url: `${server.url}/@smm/100001` });
  });

  it('sends the language Mastodon understands ("pt" for pt-BR) and leaves out one that is no language tag', async () => {
    await addAccount();
    const brazilian = await app.posts.add(scope, 'acme', { platform: 'mastodon', text: 'Olá!', status: 'approved', lang: 'pt-BR' });
    const nonsense = await app.posts.add(scope, 'acme', { platform: 'mastodon', text: 'Hmm.', status: 'approved', lang: 'not a language' });
    const publishing = await app.publishing();
    expect((await publishing.publishNow(scope, brazilian.id)).outcome).toBe('published');
    expect((await publishing.publishNow(scope, nonsense.id)).outcome).toBe('published');
    // The second falls back to the profile's language (fr).
    expect(server.statuses.map((status) => status.language)).toEqual(['pt', 'fr']);
  });

  it('splits by the instance limit the user configured (SMM_PLATFORM_LIMITS)', async () => {
    const wide = await createApp(loadConfig({ SMM_HOME: app.config.dataDir, SMM_LLM: 'scripted', SMM_PLATFORM_LIMITS: 'mastodon=1000' }), { sleep: async () => undefined });
    try {
      await (await wide.accounts()).add(scope, { profile: 'acme', platform: 'mastodon', service: server.url, secret: TOKEN });
      server.maxCharacters = 1000;
      const text = 'Une phrase assez longue pour compter. '.repeat(20).trim();
      const post = await wide.posts.add(scope, 'acme', { platform: 'mastodon', text, status: 'approved' });
      expect(await (await wide.publishing()).publishNow(scope, post.id)).toMatchObject({ outcome: 'published', parts: 1 });
      expect(server.statuses).toHaveLength(1);
    } finally {
      await wide.close();
    }
  });

  it('publishes a thread as replies', async () => {
    await addAccount();
    const parts = Array.from({ length: 3 }, (_, index) => `Phrase numéro ${index + 1} sur la torréfaction lente.`);
    const post = await app.posts.add(scope, 'acme', { platform: 'mastodon', text: parts.join('\n\n'), threadParts: parts, status: 'approved' });
    const outcome = await (await app.publishing()).publishNow(scope, post.id);
    expect(outcome.outcome).toBe('published');
    expect(server.statuses.map((status) => status.text)).toEqual(parts);
    server.statuses.forEach((status, index) => expect(status.in_reply_to_id).toBe(index === 0 ? null : server.statuses[index - 1]!.id));
  });

  it('sends a thread stored as its parts as written, one reply per part', async () => {
    await addAccount();
    const post = await app.posts.add(scope, 'acme', { platform: 'mastodon', text: 'x', threadParts: ['Première partie.', 'Deuxième partie.', 'Fin.'], status: 'approved' });
    expect(await (await app.publishing()).publishNow(scope, post.id)).toMatchObject({ outcome: 'published', parts: 3 });
    expect(server.statuses.map((status) => [status.text, status.in_reply_to_id])).toEqual([
      ['Première partie.', null],
      ['Deuxième partie.', server.statuses[0]!.id],
      ['Fin.', server.statuses[1]!.id],
    ]);
  });

  it('a lost answer is retried with the same Idempotency-Key: one status, not two', async () => {
    await addAccount();
    server.loseNextAnswers = 1;
    const post = await app.posts.add(scope, 'acme', { platform: 'mastodon', text: 'Une seule fois.', status: 'approved' });
    const outcome = await (await app.publishing()).publishNow(scope, post.id);
    expect(outcome.outcome).toBe('published');
    expect(server.posts).toBe(2);
    expect(server.statuses).toHaveLength(1);
    expect(sleeps).toEqual([1000]);
  });

  it('retries 5xx with backoff, then publishes', async () => {
    await addAccount();
    server.failNext = 2;
    const post = await app.posts.add(scope, 'acme', { platform: 'mastodon', text: 'Patience.', status: 'approved' });
    expect((await (await app.publishing()).publishNow(scope, post.id)).outcome).toBe('published');
    expect(sleeps).toEqual([1000, 2000]);
    expect(server.statuses).toHaveLength(1);
  });

  it('does not retry a 4xx: the post is marked failed with Mastodon\'s message', async () => {
    await addAccount();
    server.maxCharacters = 10;
    const post = await app.posts.add(scope, 'acme', { platform: 'mastodon', text: 'Bien plus long que dix.', status: 'approved' });
    const outcome = await (await app.publishing()).publishNow(scope, post.id);
    expect(outcome).toMatchObject({ outcome: 'failed', error: expect.stringMatching(/422.*character limit of 10 exceeded/) });
    expect(server.posts).toBe(1);
    expect(sleeps).toEqual([]);
    expect((await app.posts.get(scope, post.id)).post.status).toBe('failed');
    expect((await (await app.publishing()).errorsOf([post.id])).get(post.id)).toMatch(/character limit/);
  });

  it('keeps publishing "publishing" when the server stays down, and finishes it on a later run', async () => {
    await addAccount();
    server.failNext = 4;
    const post = await app.posts.add(scope, 'acme', { platform: 'mastodon', text: 'Plus tard.', status: 'approved' });
    const first = await (await app.publishing()).publishNow(scope, post.id);
    expect(first).toMatchObject({ outcome: 'retrying' });
    expect((await app.posts.get(scope, post.id)).post.status).toBe('publishing');
    // Not before its retry time…
    expect(await (await app.publishing()).publishDue()).toEqual([]);
    // …and a later publisher (the clock has moved past it) finishes it once.
    const later = await createApp(app.config, { clock: { now: () => new Date(Date.now() + 3_600_000) }, sleep: async () => undefined });
    try {
      expect((await (await later.publishing()).publishDue()).map((outcome) => outcome.outcome)).toEqual(['published']);
    } finally {
      await later.close();
    }
    expect(server.statuses).toHaveLength(1);
  });

  it('says plainly that it does not publish to X and hands over the text and the web intent link', async () => {
    const post = await app.posts.add(scope, 'acme', { platform: 'x', text: 'Café & croissants à 8h', status: 'approved' });
    const outcome = await (await app.publishing()).publishNow(scope, post.id);
    expect(outcome).toMatchObject({ outcome: 'manual', manual: { parts: ['Café & croissants à 8h'], shareUrl: `https://x.com/intent/post?text=${encodeURIComponent('Café & croissants à 8h')}` } });
    expect((await app.posts.get(scope, post.id)).post.status).toBe('approved');
  });
});

describe('Mastodon OAuth out-of-band flow (smm account add --oauth)', () => {
  it('registers the app, exchanges the pasted code for a token and stores the account', async () => {
    const { PassThrough } = await import('node:stream');
    const { runCli } = await import('../../src/entrypoints/cli/run-cli.js');
    const home = mkdtempSync(path.join(tmpdir(), 'smm-oob-'));
    homes.push(home);
    const stdin = new PassThrough();
    let stdout = '';
    let stderr = '';
    let codeSent = false;
    const io = {
      env: { HOME: process.env.HOME, PATH: process.env.PATH, SMM_HOME: home, SMM_LLM: 'scripted' },
      stdout: { write: (text: string) => (stdout += text) },
      stderr: {
        isTTY: false,
        write: (text: string) => {
          stderr += text;
          // The person opens the address, approves, and pastes the code the instance shows.
          const address = /(http:\/\/127\.0\.0\.1:\d+\/oauth\/authorize\?\S+)/.exec(stderr)?.[1];
          if (address && !codeSent) {
            codeSent = true;
            void fetch(address)
              .then((page) => page.text())
              .then((html) => stdin.end(`${/value="([^"]+)"/.exec(html)![1]}\n`));
          }
          return true;
        },
      },
      exitCode: 0,
      stdin,
    };
    expect(await runCli(['profile', 'add', 'acme', '--name', 'Acme'], { ...io, stdin: new PassThrough() })).toBe(0);
    stdout = '';
    const status = await runCli(['account', 'add', '--profile', 'acme', '--platform', 'mastodon', '--instance', server.url, '--oauth', '--json'], io);
    expect(status, stderr).toBe(0);
    expect(stderr).toContain('scope=read%3Aaccounts+write%3Astatuses');
    expect(JSON.parse(stdout)).toMatchObject({ platform: 'mastodon', handle: `smm@${new URL(server.url).host}` });
    expect(stdout).not.toContain(TOKEN);
  });
});
