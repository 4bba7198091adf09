import { describe, expect, it } from 'vitest';
import { profileFields, useFreshStorage, type OpenStorage } from './storage-contract-fixtures.js';

export function profileContract(open: OpenStorage): void {
  const context = useFreshStorage(open);

  describe('workspaces and profiles', () => {
    it('ensureWorkspace creates a workspace once and returns the same one after', async () => {
      const first = await context.storage.profiles.ensureWorkspace('agency');
      const again = await context.storage.profiles.ensureWorkspace('agency');
      const other = await context.storage.profiles.ensureWorkspace('other');
      expect(again).toEqual(first);
      expect(first.name).toBe('agency');
      expect(other.id).not.toBe(first.id);
    });

    it('creates a profile whose every field reads back exactly', async () => {
      const fields = profileFields('jane-founder', {
        displayName: 'Jane — Founder ✨',
        description: 'Builds "things"; says it\'s fine.',
        audience: 'développeurs, 开发者',
        platforms: ['x', 'linkedin', 'bluesky'],
        language: 'fr',
        voice: { tone: 'dry', do: ['short'], dont: ['hype'], emojiPolicy: 'none', hashtagPolicy: 'free', bannedWords: ['synergy'], signOff: '— J' },
      });
      const created = await context.storage.profiles.create('default', fields, 'alice');
      expect(created).toEqual({
        ...fields,
        id: expect.any(Number),
        workspace: 'default',
        owner: 'alice',
        archived: false,
        createdAt: '2026-03-01T12:00:00.000Z',
        updatedAt: '2026-03-01T12:00:00.000Z',
      });
      expect(await context.storage.profiles.findById(created.id)).toEqual(created);
      expect(await context.storage.profiles.findByHandle('default', 'jane-founder')).toEqual(created);
      expect(await context.storage.profiles.findByHandle('other', 'jane-founder')).toBeUndefined();
      expect(await context.storage.profiles.findById(created.id + 1000)).toBeUndefined();
    });

    it('refuses a handle taken in the same workspace, accepts it in another', async () => {
      await context.storage.profiles.create('default', profileFields('acme'));
      await expect(context.storage.profiles.create('default', profileFields('acme'))).rejects.toMatchObject({ code: 'conflict' });
      const elsewhere = await context.storage.profiles.create('client-b', profileFields('acme'));
      expect(elsewhere.workspace).toBe('client-b');
    });

    it('lists by handle, hides archived unless asked, and filters by owner', async () => {
      const { profiles } = context.storage;
      await profiles.create('default', profileFields('zeta'), null);
      await profiles.create('default', profileFields('alpha'), 'alice');
      await profiles.create('default', profileFields('mid'), 'bob');
      const archived = await profiles.create('default', profileFields('old'), null);
      await profiles.update(archived.id, { ...profileFields('old'), archived: true });
      await profiles.create('elsewhere', profileFields('beta'), null);

      const handles = async (options?: Parameters<typeof profiles.list>[1]) => (await profiles.list('default', options)).map((profile) => profile.handle);
      expect(await handles()).toEqual(['alpha', 'mid', 'zeta']);
      expect(await handles({ includeArchived: true })).toEqual(['alpha', 'mid', 'old', 'zeta']);
      expect(await handles({ owner: 'alice' })).toEqual(['alpha', 'zeta']);
      expect(await handles({ owner: 'bob', includeArchived: true })).toEqual(['mid', 'old', 'zeta']);
      expect(await handles({ owner: null })).toEqual(['zeta']);
      expect(await profiles.list('nobody')).toEqual([]);
    });

    it('updates every field, keeps createdAt, moves updatedAt, and archives', async () => {
      const created = await context.storage.profiles.create('default', profileFields('acme'));
      const later = context.clock.advance(60_000);
      const fields = profileFields('acme-coffee', { displayName: 'Acme Coffee', platforms: ['instagram'], voice: { tone: 'warm' } });
      const updated = await context.storage.profiles.update(created.id, { ...fields, archived: true });
      expect(updated).toEqual({ ...fields, id: created.id, workspace: 'default', owner: null, archived: true, createdAt: created.createdAt, updatedAt: later });
      const restored = await context.storage.profiles.update(created.id, fields);
      expect(restored.archived).toBe(true);
      expect((await context.storage.profiles.update(created.id, { ...fields, archived: false })).archived).toBe(false);
    });

    it('refuses to rename onto a taken handle, and reports an unknown id', async () => {
      await context.storage.profiles.create('default', profileFields('taken'));
      const other = await context.storage.profiles.create('default', profileFields('other'));
      await expect(context.storage.profiles.update(other.id, profileFields('taken'))).rejects.toMatchObject({ code: 'conflict' });
      await expect(context.storage.profiles.update(other.id + 999, profileFields('x'))).rejects.toMatchObject({ code: 'not_found' });
      expect((await context.storage.profiles.findById(other.id))?.handle).toBe('other');
    });
  });
}
