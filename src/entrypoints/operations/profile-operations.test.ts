import { describe, expect, it } from 'vitest';
import type { App } from '../../app/create-app.js';
import type { Profile, Scope } from '../../core/profiles/index.js';
import { createProfile, deleteProfile, getProfile, listProfiles, profileView, updateProfile } from './profile-operations.js';

const scope: Scope = { workspace: 'acme-co' };
const signal = new AbortController().signal;

function profile(fields: Partial<Profile> = {}): Profile {
  return {
    id: 1,
    workspace: 'acme-co',
    owner: null,
    archived: false,
    handle: 'acme',
    displayName: 'Acme Coffee',
    description: '',
    audience: '',
    platforms: ['x'],
    language: 'en',
    voice: { tone: 'warm', do: [], dont: [], emojiPolicy: 'none', hashtagPolicy: 'free', bannedWords: [], signOff: '' },
    createdAt: '2026-03-01T09:00:00.000Z',
    updatedAt: '2026-03-01T09:00:00.000Z',
    ...fields,
  };
}

function paths(schema: { safeParse(value: unknown): { success: boolean; error?: { issues: Array<{ path: PropertyKey[] }> } } }, value: unknown): string[] {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error!.issues.map((issue) => issue.path.join('.'));
}

describe('profileView', () => {
  it('hides the owner and says whether the profile is shared by the workspace', () => {
    const { owner: _owner, ...rest } = profile();
    expect(profileView(profile())).toStrictEqual({ ...rest, shared: true });
    const own = profileView(profile({ owner: 'openwebui:user-7' }));
    expect(own.shared).toBe(false);
    expect(Object.keys(own)).not.toContain('owner');
    expect(JSON.stringify(own)).not.toContain('user-7');
    // Only a null owner means shared: any owner string, even an empty one, is someone's.
    expect(profileView(profile({ owner: '' })).shared).toBe(false);
  });
});

describe('list_profiles', () => {
  it('leaves archived profiles out unless asked', () => {
    expect(listProfiles.input.parse({})).toStrictEqual({ includeArchived: false });
    expect(listProfiles.input.parse({ includeArchived: true })).toStrictEqual({ includeArchived: true });
    expect(paths(listProfiles.input, { includeArchived: 'true' })).toEqual(['includeArchived']);
  });

  it('passes the choice on and answers views of the profiles', async () => {
    const calls: unknown[][] = [];
    const app = { profiles: { list: async (...args: unknown[]) => (calls.push(args), [profile(), profile({ id: 2, handle: 'own', owner: 'u' })]) } } as unknown as App;
    const answer = (await listProfiles.run(app, scope, { includeArchived: true }, { signal })) as { profiles: Array<{ handle: string; shared: boolean }> };
    expect(calls).toEqual([[scope, { includeArchived: true }]]);
    expect(answer.profiles.map((item) => [item.handle, item.shared])).toEqual([
      ['acme', true],
      ['own', false],
    ]);
  });
});

describe('get_profile and delete_profile input', () => {
  it('take one handle, lowercased and trimmed', () => {
    expect(getProfile.input.parse({ handle: ' ACME ' })).toStrictEqual({ handle: 'acme' });
    expect(deleteProfile.input.parse({ handle: 'acme' })).toStrictEqual({ handle: 'acme' });
    expect(paths(deleteProfile.input, { handle: 'two words' })).toEqual(['handle']);
  });
});

describe('create_profile input', () => {
  it('needs a handle and a display name, and fills in the rest with its defaults', () => {
    expect(createProfile.input.parse({ handle: 'Brand', displayName: ' Brand ' })).toStrictEqual({
      handle: 'brand',
      displayName: 'Brand',
      description: '',
      audience: '',
      platforms: [],
      language: 'en',
      voice: { tone: '', do: [], dont: [], emojiPolicy: 'sparing', hashtagPolicy: 'platform-norm', bannedWords: [], signOff: '' },
    });
    expect(paths(createProfile.input, {}).sort()).toEqual(['displayName', 'handle']);
    expect(paths(createProfile.input, { handle: 'brand', displayName: '   ' })).toEqual(['displayName']);
  });

  it('checks platforms and voice policies, and the description names their values', () => {
    expect(paths(createProfile.input, { handle: 'b', displayName: 'B', platforms: ['x', 'tiktok'] })).toEqual(['platforms.1']);
    expect(paths(createProfile.input, { handle: 'b', displayName: 'B', voice: { emojiPolicy: 'lots' } })).toEqual(['voice.emojiPolicy']);
    expect(createProfile.description).toContain('x, linkedin, instagram, threads, bluesky, mastodon, facebook');
    expect(createProfile.description).toContain('none, sparing, free');
    expect(createProfile.description).toContain('none, platform-norm, free');
  });
});

describe('update_profile', () => {
  it('yields only the fields named, down into the voice guide: no default resets a stored value', () => {
    expect(updateProfile.input.parse({ handle: 'acme' })).toStrictEqual({ handle: 'acme' });
    expect(updateProfile.input.parse({ handle: 'acme', voice: { tone: 'dry' } })).toStrictEqual({ handle: 'acme', voice: { tone: 'dry' } });
    expect(updateProfile.input.parse({ handle: 'acme', archived: false, language: ' fr ' })).toStrictEqual({ handle: 'acme', archived: false, language: 'fr' });
  });

  it('checks a new handle and the fields given', () => {
    expect(updateProfile.input.parse({ handle: 'acme', newHandle: ' Acme-Two ' })).toStrictEqual({ handle: 'acme', newHandle: 'acme-two' });
    expect(paths(updateProfile.input, { handle: 'acme', newHandle: 'no spaces allowed' })).toEqual(['newHandle']);
    expect(paths(updateProfile.input, { handle: 'acme', voice: { hashtagPolicy: 'always' } })).toEqual(['voice.hashtagPolicy']);
    expect(paths(updateProfile.input, { displayName: 'Name' })).toEqual(['handle']);
  });

  it('renames through newHandle: the service gets the new handle in the patch and the current one to find the profile', async () => {
    const calls: unknown[][] = [];
    const app = { profiles: { update: async (...args: unknown[]) => (calls.push(args), profile({ handle: 'acme-two' })) } } as unknown as App;
    const answer = await updateProfile.run(app, scope, updateProfile.input.parse({ handle: 'acme', newHandle: 'acme-two', archived: true }), { signal });
    await updateProfile.run(app, scope, updateProfile.input.parse({ handle: 'acme', audience: 'bakers' }), { signal });
    expect(calls).toEqual([
      [scope, 'acme', { archived: true, handle: 'acme-two' }],
      [scope, 'acme', { audience: 'bakers' }],
    ]);
    expect(answer).toMatchObject({ handle: 'acme-two', shared: true });
    expect(answer).not.toHaveProperty('owner');
  });
});
