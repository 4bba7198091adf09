import { mkdtempSync, rmSync, statSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.js';
import { createApp, type App } from '../../src/app/create-app.js';
import type { Clock } from '../../src/core/ports.js';
import { startTestPds, type PdsUser, type TestPds } from '../helpers/test-pds.js';

/** A clock the test moves: "a minute later" takes no real minute. */
class TestClock implements Clock {
  constructor(private time: number) {}
  now(): Date {
    return new Date(this.time);
  }
  advance(ms: number): void {
    this.time += ms;
  }
}

const utf8 = (text: string): number => Buffer.byteLength(text, 'utf8');

let pds: TestPds;
let alice: PdsUser;
let bob: PdsUser;
const homes: string[] = [];

async function newApp(clock: Clock, home = mkdtempSync(path.join(tmpdir(), 'smm-publish-'))): Promise<{ app: App; home: string }> {
  homes.push(home);
  const config = loadConfig({ SMM_HOME: home, SMM_LLM: 'scripted' });
  const app = await createApp(config, { clock, sleep: async () => undefined });
  return { app, home };
}

beforeAll(async () => {
  pds = await startTestPds();
  alice = await pds.createUser('alice.test');
  bob = await pds.createUser('bob.test');
}, 120_000);

afterAll(async () => {
  await pds?.close();
  for (const home of homes) rmSync(home, { recursive: true, force: true });
});

describe('publishing to a real Bluesky PDS', () => {
  it('refuses a wrong app password with a clear error and stores nothing', async () => {
    const { app } = await newApp(new TestClock(Date.parse('2026-12-01T08:00:00Z')));
    await app.profiles.create({ workspace: 'default' }, { handle: 'acme', displayName: 'Acme' });
    const accounts = await app.accounts();
    const attempt = accounts.add({ workspace: 'default' }, { profile: 'acme', platform: 'bluesky', handle: alice.handle, service: pds.url, secret: 'wrong-wrong-wrong' });
    await expect(attempt).rejects.toMatchObject({ code: 'publish_failed', message: expect.stringMatching(/refused the app password for alice\.test/) });
    await expect(attempt).rejects.toMatchObject({ hint: expect.stringMatching(/App passwords/) });
    expect(await accounts.list({ workspace: 'default' })).toEqual([]);
    await app.close();
  });

  it('publishes now with facets at UTF-8 byte offsets and a language tag; seals the app password', async () => {
    const { app, home } = await newApp(new TestClock(Date.parse('2026-12-01T08:00:00Z')));
    const scope = { workspace: 'default' };
    await app.profiles.create(scope, { handle: 'acme', displayName: 'Acme', language: 'de' });
    const account = await (await app.accounts()).add(scope, { profile: 'acme', platform: 'bluesky', handle: alice.handle, service: pds.url, secret: alice.appPassword });
    expect(JSON.stringify(account)).not.toContain(alice.appPassword);
    // The credential is sealed: neither the database file nor its rows hold it; the key file is owner-only.
    expect(readFileSync(path.join(home, 'smm.sqlite')).includes(Buffer.from(alice.appPassword))).toBe(false);
    expect(statSync(path.join(home, 'secret.key')).mode & 0o777).toBe(0o600);

    const text = 'Grüße 🌍 an @bob.test: neue Röstung https://example.com/röst?x=1 #Kaffee';
    const post = await app.posts.add(scope, 'acme', { platform: 'bluesky', text, status: 'approved' });
    const outcome = await (await app.publishing()).publishNow(scope, post.id);
    expect(outcome).toMatchObject({ outcome: 'published', parts: 1 });
    if (outcome.outcome !== 'published') throw new Error('not published');

    const record = await pds.getPost(outcome.externalId);
    expect(record.value.text).toBe(text);
    expect(record.value.langs).toEqual(['de']);
    const facets = record.value.facets as Array<{ index: { byteStart: number; byteEnd: number }; features: Array<Record<string, string>> }>;
    const byType = (type: string) => facets.find((facet) => facet.features[0]!.$type === type)!;
    const mention = byType('app.bsky.richtext.facet#mention');
    expect(mention.features[0]!.did).toBe(bob.did);
    expect(mention.index.byteStart).toBe(utf8(text.slice(0, text.indexOf('@bob.test'))));
    expect(mention.index.byteEnd).toBe(mention.index.byteStart + utf8('@bob.test'));
    const link = byType('app.bsky.richtext.facet#link');
    expect(link.index.byteStart).toBe(utf8(text.slice(0, text.indexOf('https://'))));
    expect(link.features[0]!.uri).toBe('https://example.com/röst?x=1');
    const tag = byType('app.bsky.richtext.facet#tag');
    expect(tag.features[0]!.tag).toBe('Kaffee');
    expect(tag.index.byteEnd).toBe(utf8(text));

    const stored = await app.posts.get(scope, post.id);
    expect(stored.post).toMatchObject({ status: 'published', externalId: outcome.externalId, publishedAt: '2026-12-01T08:00:00.000Z' });
    expect(stored.post.url).toMatch(/^https:\/\/bsky\.app\/profile\/alice\.test\/post\/[a-z2-7]{13}$/);
    // Publishing it again sends nothing.
    expect(await (await app.publishing()).publishNow(scope, post.id)).toMatchObject({ outcome: 'already-published' });
    await app.close();
  });

  it('leaves a mention of an unknown handle as plain text and still publishes', async () => {
    const user = await pds.createUser('mentions.test');
    const { app } = await newApp(new TestClock(Date.parse('2026-12-01T10:00:00Z')));
    const scope = { workspace: 'default' };
    await app.profiles.create(scope, { handle: 'm', displayName: 'M' });
    await (await app.accounts()).add(scope, { profile: 'm', platform: 'bluesky', handle: user.handle, service: pds.url, secret: user.appPassword });
    const post = await app.posts.add(scope, 'm', { platform: 'bluesky', text: 'Hello @nobody.test and @bob.test', status: 'approved' });
    const outcome = await (await app.publishing()).publishNow(scope, post.id);
    if (outcome.outcome !== 'published') throw new Error(JSON.stringify(outcome));
    const facets = (await pds.getPost(outcome.externalId)).value.facets as Array<{ features: Array<{ did?: string }> }>;
    expect(facets.flatMap((facet) => facet.features.map((feature) => feature.did))).toEqual([bob.did]);
    await app.close();
  });

  it('publishes a thread as a chain of replies, root and parent set on each part', async () => {
    const user = await pds.createUser('longread.test');
    const { app } = await newApp(new TestClock(Date.parse('2026-12-02T08:00:00Z')));
    const scope = { workspace: 'default' };
    await app.profiles.create(scope, { handle: 'long', displayName: 'Long' });
    await (await app.accounts()).add(scope, { profile: 'long', platform: 'bluesky', handle: user.handle, service: pds.url, secret: user.appPassword });
    const sentences = Array.from({ length: 14 }, (_, index) => `Sentence number ${index + 1} says something worth reading about roasting.`);
    const post = await app.posts.add(scope, 'long', { platform: 'bluesky', text: sentences.join('\n\n'), threadParts: sentences, status: 'approved' });
    const outcome = await (await app.publishing()).publishNow(scope, post.id);
    expect(outcome.outcome).toBe('published');
    const records = await pds.listPosts(user.did);
    expect(records).toHaveLength(sentences.length);
    if (outcome.outcome !== 'published') throw new Error('not published');
    expect(outcome.parts).toBe(records.length);
    const byCreated = [...records].sort((a, b) => String(a.value.createdAt).localeCompare(String(b.value.createdAt)));
    const root = byCreated[0]!;
    expect(root.uri).toBe(outcome.externalId);
    expect(root.value.reply).toBeUndefined();
    byCreated.slice(1).forEach((record, index) => {
      expect(record.value.reply).toEqual({ root: { uri: root.uri, cid: root.cid }, parent: { uri: byCreated[index]!.uri, cid: byCreated[index]!.cid } });
    });
    expect(byCreated.map((record) => String(record.value.text))).toEqual(sentences);
    await app.close();
  });

  it('publishes two posts scheduled a minute apart at their times, once each', async () => {
    const user = await pds.createUser('sched.test');
    const clock = new TestClock(Date.parse('2026-12-03T08:59:00Z'));
    const { app } = await newApp(clock);
    const scope = { workspace: 'default' };
    await app.profiles.create(scope, { handle: 'cafe', displayName: 'Cafe' });
    await (await app.accounts()).add(scope, { profile: 'cafe', platform: 'bluesky', handle: user.handle, service: pds.url, secret: user.appPassword });
    const first = await app.posts.add(scope, 'cafe', { platform: 'bluesky', text: 'First at nine.', status: 'scheduled', scheduledAt: '2026-12-03T09:00:00Z' });
    const second = await app.posts.add(scope, 'cafe', { platform: 'bluesky', text: 'Second a minute later.', status: 'scheduled', scheduledAt: '2026-12-03T09:01:00Z' });
    const publishing = await app.publishing();

    expect(await publishing.publishDue()).toEqual([]);
    clock.advance(60_000);
    expect((await publishing.publishDue()).map((outcome) => [outcome.postId, outcome.outcome])).toEqual([[first.id, 'published']]);
    expect((await pds.listPosts(user.did)).map((record) => record.value.text)).toEqual(['First at nine.']);
    clock.advance(30_000);
    expect(await publishing.publishDue()).toEqual([]);
    clock.advance(30_000);
    expect((await publishing.publishDue()).map((outcome) => [outcome.postId, outcome.outcome])).toEqual([[second.id, 'published']]);
    clock.advance(60_000);
    expect(await publishing.publishDue()).toEqual([]);
    const texts = (await pds.listPosts(user.did)).map((record) => String(record.value.text)).sort();
    expect(texts).toEqual(['First at nine.', 'Second a minute later.']);
    const published = await app.posts.get(scope, second.id);
    expect(published.post).toMatchObject({ status: 'published', publishedAt: '2026-12-03T09:01:00.000Z' });
    await app.close();
  });

  it('checks the rules again: a post with a banned word is marked failed and never sent', async () => {
    const user = await pds.createUser('rules.test');
    const { app } = await newApp(new TestClock(Date.parse('2026-12-04T08:00:00Z')));
    const scope = { workspace: 'default' };
    await app.profiles.create(scope, { handle: 'strict', displayName: 'Strict' });
    await (await app.accounts()).add(scope, { profile: 'strict', platform: 'bluesky', handle: user.handle, service: pds.url, secret: user.appPassword });
    const post = await app.posts.add(scope, 'strict', { platform: 'bluesky', text: 'Pure synergy today.', status: 'approved' });
    // The voice guide changed after the post was approved.
    await app.profiles.update(scope, 'strict', { voice: { bannedWords: ['synergy'] } });
    const outcome = await (await app.publishing()).publishNow(scope, post.id);
    expect(outcome).toMatchObject({ outcome: 'failed', error: expect.stringMatching(/synergy/) });
    expect((await app.posts.get(scope, post.id)).post.status).toBe('failed');
    expect(await pds.listPosts(user.did)).toEqual([]);
    await app.close();
  });

  it('a failure on our side after the PDS answered keeps the post "publishing"; a later pass finds the record and adds none', async () => {
    const user = await pds.createUser('lostanswer.test');
    const clock = new TestClock(Date.parse('2026-12-05T08:00:00Z'));
    const home = mkdtempSync(path.join(tmpdir(), 'smm-publish-'));
    homes.push(home);
    const config = loadConfig({ SMM_HOME: home, SMM_LLM: 'scripted' });
    const broken = await createApp(config, {
      clock,
      sleep: async () => undefined,
      afterPlatformCall: () => {
        throw new Error('disk full while storing the answer');
      },
    });
    const scope = { workspace: 'default' };
    await broken.profiles.create(scope, { handle: 'lost', displayName: 'Lost' });
    await (await broken.accounts()).add(scope, { profile: 'lost', platform: 'bluesky', handle: user.handle, service: pds.url, secret: user.appPassword });
    const post = await broken.posts.add(scope, 'lost', { platform: 'bluesky', text: 'Sent, answer lost.', status: 'approved' });
    expect(await (await broken.publishing()).publishNow(scope, post.id)).toMatchObject({ outcome: 'retrying', error: expect.stringMatching(/disk full/) });
    expect((await broken.posts.get(scope, post.id)).post.status).toBe('publishing');
    await broken.close();
    expect(await pds.listPosts(user.did)).toHaveLength(1);

    clock.advance(3_600_000);
    const { app } = await newApp(clock, home);
    const outcomes = await (await app.publishing()).publishDue();
    expect(outcomes).toMatchObject([{ postId: post.id, outcome: 'published' }]);
    const records = await pds.listPosts(user.did);
    expect(records).toHaveLength(1);
    expect((await app.posts.get(scope, post.id)).post).toMatchObject({ status: 'published', externalId: records[0]!.uri });
    await app.close();
  });
});
