import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NewGeneration } from '../src/core/ports.js';
import { newPost, profileFields, useFreshStorage, type OpenStorage } from './storage-contract-fixtures.js';

export function recordsContract(open: OpenStorage): void {
  const context = useFreshStorage(open);

  const generation = (profileId: number): NewGeneration => ({
    profileId,
    platform: 'linkedin',
    kind: 'generate',
    topic: 'our new roastery',
    model: 'fake:scripted',
    promptVersion: 'v3',
    retrieval: 'fulltext-fallback',
    exampleIds: [3, 1, 2],
    promptTokens: 1200,
    completionTokens: 340,
    latencyMs: 2150,
  });

  describe('generations', () => {
    it('saves the record and its drafts in one go; the drafts carry its id', async () => {
      const { storage } = context;
      const acme = await storage.profiles.create('default', profileFields('acme'));
      const drafts = [newPost({ platform: 'linkedin', status: 'draft', source: 'generated', text: 'variant one' }), newPost({ platform: 'linkedin', status: 'draft', source: 'generated', text: 'variant two' })];
      const saved = await storage.generations.save(generation(acme.id), drafts);
      expect(saved.generation).toEqual({ ...generation(acme.id), id: expect.any(Number), createdAt: '2026-03-01T12:00:00.000Z' });
      expect(saved.posts.map((post) => [post.text, post.generationId, post.status, post.profileId])).toEqual([
        ['variant one', saved.generation.id, 'draft', acme.id],
        ['variant two', saved.generation.id, 'draft', acme.id],
      ]);
      expect(await storage.generations.get(saved.generation.id)).toEqual(saved.generation);
      expect(await storage.generations.get(saved.generation.id + 100)).toBeUndefined();
      expect(await storage.outbox.countPending()).toBe(2);
    });

    it('returns the existing post for a draft the profile already has, and fails whole for an unknown profile', async () => {
      const { storage } = context;
      const acme = await storage.profiles.create('default', profileFields('acme'));
      const existing = await storage.posts.insert(acme.id, newPost({ platform: 'linkedin', dedupeKey: 'same' }));
      const saved = await storage.generations.save(generation(acme.id), [newPost({ platform: 'linkedin', dedupeKey: 'same' }), newPost({ platform: 'linkedin' })]);
      expect(saved.posts[0]).toEqual(existing);
      expect(saved.posts[1]!.generationId).toBe(saved.generation.id);
      await expect(storage.generations.save(generation(99_999), [newPost()])).rejects.toMatchObject({ code: 'not_found' });
    });
  });

  describe('api keys', () => {
    it('creates, finds, lists, touches, revokes and counts keys', async () => {
      const { storage, clock } = context;
      const key = await storage.apiKeys.create({ name: 'open-webui', workspace: 'default', prefix: 'smm_abc', hash: 'hash-1' });
      expect(key).toEqual({ id: expect.any(Number), name: 'open-webui', workspace: 'default', prefix: 'smm_abc', hash: 'hash-1', createdAt: '2026-03-01T12:00:00.000Z', lastUsedAt: null, revokedAt: null });
      const other = await storage.apiKeys.create({ name: 'ci', workspace: 'client-b', prefix: 'smm_def', hash: 'hash-2' });
      await expect(storage.apiKeys.create({ name: 'dup', workspace: 'default', prefix: 'smm_abc', hash: 'x' })).rejects.toMatchObject({ code: 'conflict' });
      expect(await storage.apiKeys.findByPrefix('smm_abc')).toEqual(key);
      expect(await storage.apiKeys.findByPrefix('smm_zzz')).toBeUndefined();
      expect((await storage.apiKeys.list()).map((item) => item.prefix)).toEqual(['smm_abc', 'smm_def']);
      expect(await storage.apiKeys.list('client-b')).toEqual([other]);
      expect(await storage.apiKeys.countActive()).toBe(2);

      await storage.apiKeys.touch(key.id, '2026-03-02T10:00:00Z');
      const revokedAt = clock.advance(1000);
      await storage.apiKeys.revoke(key.id);
      clock.advance(1000);
      await storage.apiKeys.revoke(key.id);
      expect(await storage.apiKeys.findByPrefix('smm_abc')).toEqual({ ...key, lastUsedAt: '2026-03-02T10:00:00.000Z', revokedAt });
      expect(await storage.apiKeys.countActive()).toBe(1);
      await expect(storage.apiKeys.revoke(99_999)).rejects.toMatchObject({ code: 'not_found' });
    });
  });

  describe('settings', () => {
    it('stores one value per workspace and key, overwriting', async () => {
      const { storage } = context;
      const one = await storage.profiles.ensureWorkspace('one');
      const two = await storage.profiles.ensureWorkspace('two');
      expect(await storage.settings.get(one.id, 'embedder')).toBeUndefined();
      await storage.settings.set(one.id, 'embedder', 'builtin:hash-v1-256');
      await storage.settings.set(two.id, 'embedder', 'ollama:nomic-embed-text');
      await storage.settings.set(one.id, 'embedder', '{"id":"builtin:hash-v2"}');
      expect(await storage.settings.get(one.id, 'embedder')).toBe('{"id":"builtin:hash-v2"}');
      expect(await storage.settings.get(two.id, 'embedder')).toBe('ollama:nomic-embed-text');
      await expect(storage.settings.set(99_999, 'k', 'v')).rejects.toMatchObject({ code: 'not_found' });
    });
  });

  describe('deleting a profile', () => {
    it('deletes its posts and generations, queues their vectors for deletion, leaves others alone', async () => {
      const { storage } = context;
      const acme = await storage.profiles.create('default', profileFields('acme'));
      const jane = await storage.profiles.create('default', profileFields('jane'));
      await storage.posts.insertMany(acme.id, [newPost({ text: 'acme coffee one' }), newPost({ text: 'acme coffee two' })]);
      const saved = await storage.generations.save(generation(acme.id), [newPost({ text: 'acme coffee draft' })]);
      const janePost = await storage.posts.insert(jane.id, newPost({ text: 'jane coffee' }));
      const acmePosts = (await storage.posts.list({ workspace: 'default', profileId: acme.id, limit: 10 })).posts;
      await storage.outbox.ack(await storage.outbox.pending(100));

      await storage.profiles.delete(acme.id);
      expect(await storage.profiles.findById(acme.id)).toBeUndefined();
      expect(await storage.posts.countByProfile(acme.id)).toBe(0);
      expect(await storage.posts.getMany(acmePosts.map((post) => post.id))).toEqual([]);
      expect(await storage.generations.get(saved.generation.id)).toBeUndefined();
      const pending = await storage.outbox.pending(100);
      expect(pending.map((entry) => [entry.postId, entry.operation, entry.profileId]).sort()).toEqual(acmePosts.map((post) => [post.id, 'delete', acme.id]).sort());
      const found = await storage.posts.list({ workspace: 'default', search: 'coffee', limit: 10 });
      expect(found.posts).toEqual([janePost]);
      await storage.profiles.delete(acme.id);
    });
  });

  describe('health and backup', () => {
    it('pings, and closes twice without error', async () => {
      await context.storage.ping();
      await context.storage.close();
      await context.storage.close();
    });

    it('backs up SQLite to a consistent file; explains pg_dump on PostgreSQL', async () => {
      const { storage } = context;
      const acme = await storage.profiles.create('default', profileFields('acme'));
      await storage.posts.insertMany(acme.id, Array.from({ length: 50 }, () => newPost()));
      const folder = mkdtempSync(path.join(tmpdir(), 'smm-backup-'));
      try {
        const target = path.join(folder, 'nested', 'copy.sqlite');
        if (storage.kind === 'postgres') {
          await expect(storage.backup(target)).rejects.toMatchObject({ code: 'invalid_input', hint: expect.stringContaining('pg_dump') });
          return;
        }
        const events: number[] = [];
        await storage.backup(target, (event) => events.push(event.done ?? -1));
        expect(events.length).toBeGreaterThan(0);
        const { openStorage } = await import('../src/adapters/storage/open-storage.js');
        const copy = await openStorage({ sqlitePath: target });
        try {
          expect(await copy.posts.countByProfile(acme.id)).toBe(50);
          expect((await copy.profiles.findById(acme.id))?.handle).toBe('acme');
        } finally {
          await copy.close();
        }
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    });
  });
}
