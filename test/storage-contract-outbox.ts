import { describe, expect, it } from 'vitest';
import { newPost, profileFields, useFreshStorage, type OpenStorage } from './storage-contract-fixtures.js';

export function outboxContract(open: OpenStorage): void {
  const context = useFreshStorage(open);

  describe('vector outbox', () => {
    it('queues an upsert for every new post, in order, with its profile and workspace', async () => {
      const { storage } = context;
      const acme = await storage.profiles.create('default', profileFields('acme'));
      const workspace = await storage.profiles.ensureWorkspace('default');
      const first = await storage.posts.insert(acme.id, newPost());
      await storage.posts.insertMany(acme.id, [newPost(), newPost()]);
      const pending = await storage.outbox.pending(10);
      expect(pending).toHaveLength(3);
      expect(pending[0]).toEqual({ seq: expect.any(Number), postId: first.id, profileId: acme.id, workspaceId: workspace.id, operation: 'upsert' });
      expect(pending.map((entry) => entry.seq)).toEqual([...pending.map((entry) => entry.seq)].sort((a, b) => a - b));
      expect(await storage.outbox.pending(2)).toEqual(pending.slice(0, 2));
      expect(await storage.outbox.countPending()).toBe(3);
    });

    it('ack removes entries; an entry re-queued after it was read survives the ack', async () => {
      const { storage } = context;
      const acme = await storage.profiles.create('default', profileFields('acme'));
      const post = await storage.posts.insert(acme.id, newPost({ text: 'v1' }));
      const other = await storage.posts.insert(acme.id, newPost());
      const read = await storage.outbox.pending(10);
      const { id: _id, profileId: _p, dedupeKey: _k, createdAt: _c, updatedAt: _u, ...fields } = post;
      await storage.posts.update(post.id, { ...fields, text: 'v2' });
      await storage.outbox.ack(read);
      const left = await storage.outbox.pending(10);
      expect(left).toEqual([{ seq: expect.any(Number), postId: post.id, profileId: acme.id, workspaceId: expect.any(Number), operation: 'upsert' }]);
      expect(left[0]!.seq).toBeGreaterThan(Math.max(...read.map((entry) => entry.seq)));
      await storage.outbox.ack(left);
      await storage.outbox.ack(left);
      expect(await storage.outbox.countPending()).toBe(0);
      await storage.posts.delete(other.id);
      expect(await storage.outbox.pending(10)).toEqual([expect.objectContaining({ postId: other.id, operation: 'delete' })]);
    });

    it('raises the index version of exactly the profiles whose changes were acknowledged', async () => {
      const { storage } = context;
      const a = await storage.profiles.create('default', profileFields('a'));
      const b = await storage.profiles.create('default', profileFields('b'));
      expect(await storage.outbox.indexVersion(a.id)).toBe(0);
      await storage.posts.insertMany(a.id, [newPost(), newPost()]);
      await storage.posts.insert(b.id, newPost());
      const pending = await storage.outbox.pending(10);
      expect(await storage.outbox.indexVersion(a.id)).toBe(0);
      const acknowledged = await storage.outbox.ack(pending.filter((entry) => entry.profileId === a.id));
      const afterA = await storage.outbox.indexVersion(a.id);
      expect(afterA).toBeGreaterThan(0);
      expect([...acknowledged]).toEqual([[a.id, afterA]]);
      expect(await storage.outbox.indexVersion(b.id)).toBe(0);
      await storage.outbox.ack(pending.filter((entry) => entry.profileId === b.id));
      expect(await storage.outbox.indexVersion(a.id)).toBe(afterA);
      expect(await storage.outbox.indexVersion(b.id)).toBeGreaterThan(0);
      expect((await storage.outbox.ack([])).size).toBe(0);
      expect(await storage.outbox.indexVersion(a.id)).toBe(afterA);
    });

    it('keeps one pending entry per post: a delete replaces a pending upsert', async () => {
      const { storage } = context;
      const acme = await storage.profiles.create('default', profileFields('acme'));
      const post = await storage.posts.insert(acme.id, newPost());
      await storage.posts.delete(post.id);
      expect(await storage.outbox.pending(10)).toEqual([expect.objectContaining({ postId: post.id, operation: 'delete' })]);
    });

    it('counts and reads per workspace', async () => {
      const { storage } = context;
      const a = await storage.profiles.create('one', profileFields('a'));
      const b = await storage.profiles.create('two', profileFields('b'));
      await storage.posts.insertMany(a.id, [newPost(), newPost()]);
      await storage.posts.insertMany(b.id, [newPost()]);
      const one = await storage.profiles.ensureWorkspace('one');
      const two = await storage.profiles.ensureWorkspace('two');
      expect(await storage.outbox.countPending(one.id)).toBe(2);
      expect(await storage.outbox.countPending(two.id)).toBe(1);
      expect((await storage.outbox.pending(10, two.id)).map((entry) => entry.profileId)).toEqual([b.id]);
    });

    it('enqueueAll queues every post of a profile or a workspace once', async () => {
      const { storage } = context;
      const a = await storage.profiles.create('default', profileFields('a'));
      const b = await storage.profiles.create('default', profileFields('b'));
      const elsewhere = await storage.profiles.create('other', profileFields('c'));
      await storage.posts.insertMany(a.id, [newPost(), newPost(), newPost()]);
      await storage.posts.insertMany(b.id, [newPost()]);
      await storage.posts.insertMany(elsewhere.id, [newPost()]);
      const gone = await storage.posts.insert(a.id, newPost());
      await storage.posts.delete(gone.id);
      await storage.outbox.ack(await storage.outbox.pending(100));
      // A delete still pending must survive a reindex.
      const gone2 = await storage.posts.insert(a.id, newPost());
      await storage.outbox.ack(await storage.outbox.pending(100));
      await storage.posts.delete(gone2.id);

      const workspace = await storage.profiles.ensureWorkspace('default');
      expect(await storage.outbox.enqueueAll({ workspaceId: workspace.id, profileId: a.id })).toBe(3);
      expect(await storage.outbox.countPending()).toBe(4);
      expect(await storage.outbox.enqueueAll({ workspaceId: workspace.id })).toBe(4);
      const pending = await storage.outbox.pending(100);
      expect(pending).toHaveLength(5);
      expect(new Set(pending.map((entry) => entry.postId)).size).toBe(5);
      expect(pending.filter((entry) => entry.operation === 'delete').map((entry) => entry.postId)).toEqual([gone2.id]);
    });
  });
}
