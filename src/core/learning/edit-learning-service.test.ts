import { beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryStorage } from '../../../test/fakes/memory-storage.js';
import type { Post } from '../posts/post-schema.js';
import type { Profile } from '../profiles/profile-schema.js';
import { ProfileService } from '../profiles/profile-service.js';
import { EditLearningService, RECENT_PAIRS, removedGuidanceKey } from './edit-learning-service.js';

const scope = { workspace: 'default' };
const clock = { now: () => new Date('2026-06-01T12:00:00.000Z') };

describe('EditLearningService', () => {
  let storage: MemoryStorage;
  let learning: EditLearningService;
  let profile: Profile;

  /** A generated draft whose text was kept, approved (approvedAt set) or not yet. */
  function seedPair(postId: number, generatedText: string, approvedText: string, approvedAt = `2026-05-${String(postId).padStart(2, '0')}T00:00:00.000Z`) {
    storage.editPairRows.set(postId, { postId, profileId: profile.id, platform: 'x', generationId: 1, generatedText, approvedText, generatedAt: '2026-05-01T00:00:00.000Z', approvedAt });
  }

  const emojiPairs = () => {
    seedPair(1, 'Fresh beans today 🎉', 'Fresh beans today');
    seedPair(2, 'New roaster is here 🚀', 'New roaster is here');
  };

  beforeEach(async () => {
    storage = new MemoryStorage(clock);
    const profiles = new ProfileService(storage.profiles);
    profile = await profiles.create(scope, { handle: 'acme', displayName: 'Acme' });
    learning = new EditLearningService({ pairs: storage.editPairs, profiles, settings: storage.settings, workspaces: storage.profiles, clock });
  });

  it('records the approved text of generated drafts only, once approved, scheduled or published', async () => {
    seedPair(7, 'Generated.', '', '');
    const post = (fields: Partial<Post>) => ({ id: 7, platform: 'x', source: 'generated', status: 'approved', text: 'Edited.', ...fields }) as Post;
    await learning.recordApproval(post({ status: 'draft' }));
    await learning.recordApproval(post({ source: 'written' }));
    expect(storage.editPairRows.get(7)!.approvedAt).toBe('');
    for (const status of ['approved', 'scheduled', 'published'] as const) {
      await learning.recordApproval(post({ status, text: `Edited when ${status}.` }));
      expect(storage.editPairRows.get(7)).toMatchObject({ approvedText: `Edited when ${status}.`, approvedAt: '2026-06-01T12:00:00.000Z' });
    }
  });

  it('lets the approval stand when recording it fails', async () => {
    const failing = new EditLearningService({
      pairs: { recordApproved: () => Promise.reject(new Error('disk full')), listApproved: async () => [] },
      profiles: new ProfileService(storage.profiles),
      settings: storage.settings,
      workspaces: storage.profiles,
      clock,
    });
    await expect(failing.recordApproval({ id: 1, platform: 'x', source: 'generated', status: 'approved', text: 'x' } as Post)).resolves.toBeUndefined();
  });

  it('learns from the most recent pairs, and learns again when a pair changes', async () => {
    const listApproved = vi.spyOn(storage.editPairs, 'listApproved');
    emojiPairs();
    const first = await learning.guidanceFor(profile);
    expect(listApproved).toHaveBeenCalledWith(profile.id, RECENT_PAIRS);
    expect(RECENT_PAIRS).toBe(50);
    expect(first.items.map((item) => item.id)).toContain('removes-emoji');
    expect(await learning.guidanceFor(profile)).toBe(first);
    seedPair(3, 'Open late tonight 🌙', 'Open late tonight 🌙');
    const second = await learning.guidanceFor(profile);
    expect(second).not.toBe(first);
    expect(second.pairCount).toBe(3);
    expect(second.items.find((item) => item.id === 'removes-emoji')).toMatchObject({ count: 2, of: 3 });
  });

  it('keeps the typical length of the platform asked for, not of the one asked before', async () => {
    seedPair(1, 'A long draft that goes on and on about the new roast we have this week.', 'New roast this week.');
    seedPair(2, 'Another long draft that goes on and on about our opening hours this week.', 'Open late this week.');
    storage.editPairRows.set(3, { ...storage.editPairRows.get(1)!, postId: 3, platform: 'linkedin', approvedText: 'A longer approved text for LinkedIn, on purpose.' });
    storage.editPairRows.set(4, { ...storage.editPairRows.get(2)!, postId: 4, platform: 'linkedin', approvedText: 'Another longer approved text for LinkedIn, too.' });
    const onX = (await learning.guidanceFor(profile, 'x')).items.find((item) => item.id === 'shortens')?.typicalLength;
    const onLinkedIn = (await learning.guidanceFor(profile, 'linkedin')).items.find((item) => item.id === 'shortens')?.typicalLength;
    expect(onX).toBe(20);
    expect(onLinkedIn).toBe(48);
    expect((await learning.guidanceFor(profile)).items.find((item) => item.id === 'shortens')?.typicalLength).toBeUndefined();
  });

  it('shows the guidance with its evidence', async () => {
    emojiPairs();
    const view = await learning.show(scope, 'ACME');
    expect(view).toMatchObject({ handle: 'acme', pairCount: 2, removed: [] });
    expect(view.guidance.find((item) => item.id === 'removes-emoji')).toMatchObject({ evidence: '2 of 2 drafts that had emoji' });
  });

  it('removes guidance until it is restored, whatever evidence comes later', async () => {
    emojiPairs();
    const removed = await learning.remove(scope, 'acme', 'removes-emoji');
    expect(removed.guidance.map((item) => item.id)).not.toContain('removes-emoji');
    expect(removed.removed.map((item) => item.id)).toEqual(['removes-emoji']);
    const workspace = await storage.profiles.ensureWorkspace('default');
    expect(await storage.settings.get(workspace.id, removedGuidanceKey(profile.id))).toBe('["removes-emoji"]');
    seedPair(3, 'Closed Monday 🎈', 'Closed Monday');
    expect((await learning.show(scope, 'acme')).removed.map((item) => item.id)).toEqual(['removes-emoji']);
    // Removing it again changes nothing.
    expect((await learning.remove(scope, 'acme', 'removes-emoji')).removed.map((item) => item.id)).toEqual(['removes-emoji']);

    const restored = await learning.restore(scope, 'acme', 'removes-emoji');
    expect(restored.guidance.map((item) => item.id)).toContain('removes-emoji');
    expect(restored.removed).toEqual([]);
    expect(await storage.settings.get(workspace.id, removedGuidanceKey(profile.id))).toBe('[]');
  });

  it('removes one item of several, and lists the removed ids in order when restoring an unknown one', async () => {
    seedPair(1, 'Fresh beans today, roasted this very morning by our team 🎉', 'Fresh beans today');
    seedPair(2, 'New roaster is here, installed yesterday after a long wait 🚀', 'New roaster is here');
    const ids = (await learning.show(scope, 'acme')).guidance.map((item) => item.id);
    expect(ids).toEqual(expect.arrayContaining(['removes-emoji', 'shortens']));
    const view = await learning.remove(scope, 'acme', 'shortens');
    expect(view.removed.map((item) => item.id)).toEqual(['shortens']);
    await learning.remove(scope, 'acme', 'removes-emoji');
    await expect(learning.restore(scope, 'acme', 'adds-emoji')).rejects.toMatchObject({ details: { known: ['removes-emoji', 'shortens'] } });
  });

  it('names the ids it knows when asked for one it does not', async () => {
    emojiPairs();
    await expect(learning.remove(scope, 'acme', 'adds-hashtags')).rejects.toMatchObject({
      code: 'not_found',
      message: '@acme has no learnt guidance "adds-hashtags".',
      details: { known: ['removes-emoji'] },
    });
    await expect(learning.restore(scope, 'acme', 'removes-emoji')).rejects.toMatchObject({ code: 'not_found', message: '@acme has no removed guidance "removes-emoji".', details: { known: [] } });
  });

  it('reads an unreadable or odd list of removed ids as nothing removed', async () => {
    emojiPairs();
    const workspace = await storage.profiles.ensureWorkspace('default');
    const key = removedGuidanceKey(profile.id);
    expect(key).toBe(`voice.removed-guidance.${profile.id}`);
    await storage.settings.set(workspace.id, key, '{not json');
    expect((await learning.show(scope, 'acme')).removed).toEqual([]);
    await storage.settings.set(workspace.id, key, '{"removes-emoji":true}');
    expect((await learning.show(scope, 'acme')).removed).toEqual([]);
    await storage.settings.set(workspace.id, key, '["removes-emoji", 3]');
    expect((await learning.show(scope, 'acme')).removed.map((item) => item.id)).toEqual(['removes-emoji']);
  });
});
