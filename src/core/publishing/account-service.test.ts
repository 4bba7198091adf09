import { beforeEach, describe, expect, it } from 'vitest';
import { publishingWorld, refused } from '../../../test/fakes/memory-publishing.js';
import { publicAccount } from './account-service.js';

const scope = { workspace: 'default' };
type World = ReturnType<typeof publishingWorld>;

describe('AccountService', () => {
  let world: World;
  beforeEach(async () => {
    world = publishingWorld();
    await world.profiles.create(scope, { handle: 'acme', displayName: 'Acme' });
  });

  it('adds a Bluesky account: the handle cleaned, the default service, the credential sealed to the account', async () => {
    const account = await world.accounts.add(scope, { profile: 'ACME', platform: ' Bluesky ', handle: ' @Jane.BSKY.social ', secret: ' app-pass ' });
    expect(account).toMatchObject({ platform: 'bluesky', handle: 'jane.bsky.social', service: 'https://bsky.social', settings: {} });
    expect(account).not.toHaveProperty('sealedSecret');
    expect(world.publishers.bluesky.logins).toEqual([{ handle: 'jane.bsky.social', secret: 'app-pass' }]);
    const stored = world.accountRows.rows.get(account.id)!;
    expect(stored.sealedSecret).toBe(`sealed[${stored.profileId}|bluesky|https://bsky.social|jane.bsky.social]app-pass`);
    expect(world.accounts.secretOf(stored)).toBe('app-pass');
  });

  it('keeps only the origin of a service URL, and adds https:// when the scheme is missing', async () => {
    const pds = await world.accounts.add(scope, { profile: 'acme', platform: 'bluesky', handle: 'jane.example', service: 'pds.example.org/xrpc/', secret: 's' });
    expect(pds.service).toBe('https://pds.example.org');
    const local = await world.accounts.add(scope, { profile: 'acme', platform: 'bluesky', handle: 'john.example', service: 'http://localhost:2583/', secret: 's' });
    expect(local.service).toBe('http://localhost:2583');
  });

  it('refuses what is not an http(s) URL, with the flag it came from', async () => {
    await expect(world.accounts.add(scope, { profile: 'acme', platform: 'mastodon', service: 'ftp://files.example', secret: 't' })).rejects.toMatchObject({
      code: 'invalid_input',
      message: '--instance must be an http(s) URL, got "ftp://files.example".',
    });
    await expect(world.accounts.add(scope, { profile: 'acme', platform: 'bluesky', handle: 'j', service: 'http://exa mple', secret: 't' })).rejects.toMatchObject({
      code: 'invalid_input',
      message: '--service "http://exa mple" is not a URL.',
      hint: "Give the server's address, e.g. --service https://mastodon.social.",
    });
  });

  it('adds a Mastodon account under the identity the server gives', async () => {
    const account = await world.accounts.add(scope, { profile: 'acme', platform: 'mastodon', service: 'https://mastodon.example/', secret: 'token', settings: { visibility: 'unlisted' } });
    expect(account).toMatchObject({ platform: 'mastodon', handle: 'jane@mastodon.example', service: 'https://mastodon.example', settings: { visibility: 'unlisted' } });
    expect(world.publishers.mastodon.logins).toEqual([{ handle: '', secret: 'token' }]);
  });

  it('says what is missing for each platform', async () => {
    const add = (request: Partial<Parameters<World['accounts']['add']>[1]>) => world.accounts.add(scope, { profile: 'acme', platform: 'bluesky', secret: 's', ...request });
    await expect(add({ platform: 'x' })).rejects.toMatchObject({
      code: 'invalid_input',
      message: 'smm publishes to bluesky and mastodon only, not "x".',
      hint: "For X, LinkedIn, Instagram, Threads and Facebook, `smm publish ID` gives the text ready to paste (and X's share link).",
    });
    await expect(add({ handle: 'j', secret: '  ' })).rejects.toThrow('The app password is empty.');
    await expect(add({ platform: 'mastodon', service: 'https://m.example', secret: '' })).rejects.toThrow('The access token is empty.');
    await expect(add({ handle: ' ' })).rejects.toThrow('--handle is required for Bluesky');
    await expect(add({ platform: 'mastodon', service: ' ' })).rejects.toThrow('--instance is required for Mastodon');
    await expect(add({ platform: 'bluesky', handle: 'j', settings: { visibility: 'everyone' as never } })).rejects.toThrow();
    expect(world.accountRows.rows.size).toBe(0);
  });

  it('stores nothing when the platform refuses the credential', async () => {
    world.publishers.bluesky.connectSteps.push(refused('Invalid identifier or password.'));
    await expect(world.accounts.add(scope, { profile: 'acme', platform: 'bluesky', handle: 'jane.bsky.social', secret: 'wrong' })).rejects.toThrow('Invalid identifier or password.');
    expect(world.accountRows.rows.size).toBe(0);
  });

  it('lists, tests and removes only the accounts of profiles the caller can see', async () => {
    await world.profiles.create(scope, { handle: 'beta', displayName: 'Beta' });
    await world.profiles.create({ workspace: 'other' }, { handle: 'acme', displayName: 'Elsewhere' });
    const mine = await world.accounts.add(scope, { profile: 'acme', platform: 'bluesky', handle: 'a.example', secret: 's1' });
    const beta = await world.accounts.add(scope, { profile: 'beta', platform: 'bluesky', handle: 'b.example', secret: 's2' });
    const theirs = await world.accounts.add({ workspace: 'other' }, { profile: 'acme', platform: 'bluesky', handle: 'c.example', secret: 's3' });
    expect((await world.accounts.list(scope)).map((account) => account.id)).toEqual([mine.id, beta.id]);
    expect((await world.accounts.list(scope, 'beta')).map((account) => account.id)).toEqual([beta.id]);
    expect((await world.accounts.list(scope))[0]).not.toHaveProperty('sealedSecret');

    world.publishers.bluesky.logins.length = 0;
    expect(await world.accounts.test(scope, mine.id)).toEqual({ account: mine, identity: 'jane.bsky.social' });
    expect(world.publishers.bluesky.logins).toEqual([{ handle: 'a.example', secret: 's1' }]);
    await expect(world.accounts.test(scope, theirs.id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(world.accounts.remove(scope, theirs.id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(world.accounts.remove(scope, 999)).rejects.toMatchObject({ code: 'not_found', hint: 'List accounts with `smm account list`.' });

    // An archived profile's accounts stay listed (to be removed).
    await world.profiles.update(scope, 'beta', { archived: true });
    expect((await world.accounts.list(scope)).map((account) => account.id)).toEqual([mine.id, beta.id]);

    expect(await world.accounts.remove(scope, mine.id)).toEqual(mine);
    expect((await world.accounts.list(scope)).map((account) => account.id)).toEqual([beta.id]);
    expect(world.accountRows.rows.has(theirs.id)).toBe(true);
  });

  it('shows an account without its sealed credential', () => {
    const stored = { id: 1, profileId: 2, profileHandle: 'acme', platform: 'bluesky' as const, handle: 'h', service: 's', settings: {}, createdAt: 'c', updatedAt: 'u', sealedSecret: 'x' };
    expect(publicAccount(stored)).toEqual({ id: 1, profileId: 2, profileHandle: 'acme', platform: 'bluesky', handle: 'h', service: 's', settings: {}, createdAt: 'c', updatedAt: 'u' });
  });
});
