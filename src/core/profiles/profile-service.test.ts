import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryStorage } from '../../../test/fakes/memory-storage.js';
import { ProfileService } from './profile-service.js';

const team = { workspace: 'team' };
const alice = { workspace: 'team', owner: 'alice' };
const bob = { workspace: 'team', owner: 'bob' };

describe('ProfileService', () => {
  let storage: MemoryStorage;
  let profiles: ProfileService;

  beforeEach(() => {
    storage = new MemoryStorage();
    profiles = new ProfileService(storage.profiles);
  });

  it('creates a profile with the handle normalised, the schema defaults and the caller as owner', async () => {
    const created = await profiles.create(alice, { handle: '  Acme ', displayName: 'Acme Coffee' });
    expect(created).toMatchObject({
      handle: 'acme',
      workspace: 'team',
      owner: 'alice',
      language: 'en',
      voice: { emojiPolicy: 'sparing', hashtagPolicy: 'platform-norm', bannedWords: [] },
    });
    expect((await profiles.create(team, { handle: 'shared', displayName: 'Shared' })).owner).toBeNull();
  });

  it('refuses a handle taken in the same workspace, naming it, but allows it in another workspace', async () => {
    await profiles.create(team, { handle: 'acme', displayName: 'Acme' });
    const error = await profiles.create(team, { handle: 'ACME', displayName: 'Again' }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'conflict', details: { handle: 'acme' } });
    expect((error as Error).message).toContain('"acme"');
    expect((error as Error).message).toContain('"team"');
    expect((error as { hint?: string }).hint).toBe('Choose another handle, or change it with `smm profile edit acme`.');
    const elsewhere = await profiles.create({ workspace: 'other' }, { handle: 'acme', displayName: 'Acme' });
    expect(elsewhere.workspace).toBe('other');
  });

  it('refuses invalid input before touching storage', async () => {
    await expect(profiles.create(team, { handle: 'no spaces', displayName: 'X' })).rejects.toThrow(/^Invalid profile: handle: /);
    expect(storage.workspaces.size).toBe(0);
  });

  it('finds a profile by handle whatever its case and spaces', async () => {
    const created = await profiles.create(team, { handle: 'acme', displayName: 'Acme' });
    expect((await profiles.get(team, ' ACME ')).id).toBe(created.id);
  });

  it('names the handles the caller can see when a profile is not found', async () => {
    await profiles.create(team, { handle: 'acme', displayName: 'Acme' });
    await profiles.create(bob, { handle: 'bobs', displayName: 'Bob' });
    const error = await profiles.get(alice, 'Nope').catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'not_found' });
    expect(JSON.stringify(error)).not.toContain('bobs');
    expect((error as { hint?: string }).hint).toContain('acme');
    expect((error as Error).message).toContain('nope');
  });

  it('shows an owner its own and the shared profiles, never another owner’s; the workspace scope sees all', async () => {
    await profiles.create(team, { handle: 'shared', displayName: 'Shared' });
    const mine = await profiles.create(alice, { handle: 'mine', displayName: 'Mine' });
    const theirs = await profiles.create(bob, { handle: 'theirs', displayName: 'Theirs' });

    expect((await profiles.list(alice)).map((profile) => profile.handle)).toEqual(['mine', 'shared']);
    expect((await profiles.list(team)).map((profile) => profile.handle)).toEqual(['mine', 'shared', 'theirs']);
    expect((await profiles.get(alice, 'shared')).handle).toBe('shared');
    expect((await profiles.get(alice, 'mine')).id).toBe(mine.id);
    await expect(profiles.get(alice, 'theirs')).rejects.toMatchObject({ code: 'not_found' });
    expect((await profiles.get(team, 'theirs')).id).toBe(theirs.id);
    expect((await profiles.get({ workspace: 'team', owner: null }, 'theirs')).id).toBe(theirs.id);
  });

  it('finds a profile by id only inside the caller’s workspace and owner', async () => {
    const theirs = await profiles.create(bob, { handle: 'theirs', displayName: 'Theirs' });
    const shared = await profiles.create(team, { handle: 'shared', displayName: 'Shared' });
    expect((await profiles.findById(bob, theirs.id))?.handle).toBe('theirs');
    expect((await profiles.findById(alice, shared.id))?.handle).toBe('shared');
    expect(await profiles.findById(alice, theirs.id)).toBeUndefined();
    expect(await profiles.findById({ workspace: 'other' }, shared.id)).toBeUndefined();
    expect(await profiles.findById(team, 9999)).toBeUndefined();
  });

  it('lists archived profiles only when asked', async () => {
    await profiles.create(team, { handle: 'old', displayName: 'Old' });
    await profiles.create(team, { handle: 'new', displayName: 'New' });
    await profiles.update(team, 'old', { archived: true });
    expect((await profiles.list(team)).map((profile) => profile.handle)).toEqual(['new']);
    expect((await profiles.list(team, { includeArchived: true })).map((profile) => profile.handle)).toEqual(['new', 'old']);
  });

  it('changes only the fields named, and merges a partial voice guide into the current one', async () => {
    await profiles.create(team, {
      handle: 'acme',
      displayName: 'Acme',
      description: 'A roaster',
      language: 'fr',
      platforms: ['x', 'bluesky'],
      voice: { tone: 'warm', bannedWords: ['synergy'], emojiPolicy: 'none' },
    });
    const updated = await profiles.update(team, 'acme', { displayName: 'Acme Coffee', voice: { tone: 'dry' } });
    expect(updated).toMatchObject({
      handle: 'acme',
      displayName: 'Acme Coffee',
      description: 'A roaster',
      language: 'fr',
      platforms: ['x', 'bluesky'],
      archived: false,
      voice: { tone: 'dry', bannedWords: ['synergy'], emojiPolicy: 'none', hashtagPolicy: 'platform-norm' },
    });
    const archived = await profiles.update(team, 'acme', { archived: true });
    expect(archived).toMatchObject({ archived: true, displayName: 'Acme Coffee', voice: { tone: 'dry' } });
    expect((await profiles.update(team, 'acme', { description: 'Back' })).archived).toBe(true);
  });

  it('renames a profile to a free handle and refuses a taken one', async () => {
    await profiles.create(team, { handle: 'acme', displayName: 'Acme' });
    await profiles.create(team, { handle: 'beta', displayName: 'Beta' });
    const error = await profiles.update(team, 'acme', { handle: 'beta' }).catch((caught: unknown) => caught);
    // The service's own check (with its hint), not the storage's unique constraint.
    expect(error).toMatchObject({ code: 'conflict', hint: 'Pick another handle.' });
    expect((error as Error).message).toBe('The handle "beta" is taken in workspace "team".');
    expect((await profiles.update(team, 'acme', { handle: 'Gamma' })).handle).toBe('gamma');
    expect((await profiles.update(team, 'gamma', { handle: 'gamma', displayName: 'Same handle' })).displayName).toBe('Same handle');
    await expect(profiles.get(team, 'acme')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('refuses invalid changes and changes to a profile the caller cannot see', async () => {
    await profiles.create(bob, { handle: 'theirs', displayName: 'Theirs' });
    await expect(profiles.update(bob, 'theirs', { displayName: '' })).rejects.toThrow(/^Invalid profile changes: displayName: /);
    await expect(profiles.update(alice, 'theirs', { displayName: 'Mine now' })).rejects.toMatchObject({ code: 'not_found' });
    expect((await profiles.get(bob, 'theirs')).displayName).toBe('Theirs');
  });

  it('removes a profile and returns what it was', async () => {
    await profiles.create(team, { handle: 'acme', displayName: 'Acme' });
    expect((await profiles.remove(team, 'acme')).handle).toBe('acme');
    expect(await profiles.list(team, { includeArchived: true })).toEqual([]);
    await expect(profiles.remove(team, 'acme')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('creates the workspace on first use', async () => {
    expect((await profiles.workspace({ workspace: 'fresh' })).name).toBe('fresh');
    expect(storage.workspaces.has('fresh')).toBe(true);
  });
});
