import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newPost, profileFields } from '../../test/storage-contract-fixtures.js';
import { MemoryVectorIndex } from '../adapters/vector/memory-vector-index.js';
import type { VectorIndex } from '../core/ports.js';
import { loadConfig } from './config.js';
import { createApp, type App } from './create-app.js';
import type { DoctorCheck } from './doctor.js';

const scope = { workspace: 'default' };

/** An in-memory index that outlives the app closing it, like a Chroma folder on disk. */
class LastingIndex extends MemoryVectorIndex {
  override async close(): Promise<void> {}
}

async function open(home: string, vectorIndex?: VectorIndex): Promise<App> {
  return createApp(loadConfig({ SMM_HOME: home, SMM_LLM: 'scripted' }), vectorIndex ? { vectorIndex } : {});
}

async function indexCheck(app: App): Promise<DoctorCheck> {
  const report = await app.doctor(scope);
  return report.checks.find((check) => check.name === 'vector index')!;
}

async function reindex(app: App): Promise<void> {
  const workspace = await app.storage.profiles.ensureWorkspace(scope.workspace);
  await (await app.indexing()).reindex({ workspaceId: workspace.id });
}

/** Two profiles (one archived) with posts in a real SQLite file. */
async function seed(app: App): Promise<void> {
  const first = await app.storage.profiles.create(scope.workspace, profileFields('roastery'));
  const second = await app.storage.profiles.create(scope.workspace, profileFields('old-client'));
  await app.storage.posts.insertMany(first.id, Array.from({ length: 30 }, (_, index) => newPost({ text: `Roast notes ${index}: washed Ethiopian, bright and floral.` })));
  await app.storage.posts.insertMany(second.id, Array.from({ length: 12 }, (_, index) => newPost({ text: `Quarterly update ${index}` })));
  await app.storage.profiles.update(second.id, { ...profileFields('old-client'), archived: true });
}

describe('doctor: posts missing from the vector index (real SQLite file)', () => {
  let home: string;
  beforeAll(async () => {
    home = await mkdtemp(path.join(tmpdir(), 'smm-doctor-'));
  });
  afterAll(async () => {
    await rm(home, { recursive: true, force: true });
  });

  it('tells posts waiting in the outbox from posts the index lost, and says how to repair', async () => {
    const kept = new MemoryVectorIndex();
    let app = await open(home, kept);
    try {
      await seed(app);
      // Imported, not indexed yet: waiting, not missing.
      expect(await indexCheck(app)).toMatchObject({ ok: true, warning: true, figures: { posts: 42, indexed: 0, waiting: 42, missing: 0 } });
      await reindex(app);
      expect(await indexCheck(app)).toMatchObject({ ok: true, fix: null, figures: { posts: 42, indexed: 42, waiting: 0, missing: 0 } });
    } finally {
      await app.close();
    }

    // The index is gone (a lost folder, or the database restored beside an empty index): nothing is queued.
    app = await open(home, new MemoryVectorIndex());
    try {
      const lost = await indexCheck(app);
      expect(lost).toMatchObject({ ok: false, figures: { posts: 42, indexed: 0, waiting: 0, missing: 42 } });
      expect(lost.detail).toContain('42 of 42 posts are missing from the vector index');
      expect(lost.fix).toContain('42 posts missing from the vector index: run `smm reindex`');
      expect((await app.doctor(scope)).ok).toBe(false);

      // A new post is waiting; the lost ones are still missing: the two counts stay apart.
      const profile = await app.storage.profiles.findByHandle(scope.workspace, 'roastery');
      await app.storage.posts.insert(profile!.id, newPost({ text: 'A new post after the loss.' }));
      expect(await indexCheck(app)).toMatchObject({ ok: false, figures: { posts: 43, waiting: 1, missing: 42 } });

      await reindex(app);
      expect(await indexCheck(app)).toMatchObject({ ok: true, fix: null, figures: { posts: 43, indexed: 43, waiting: 0, missing: 0 } });
    } finally {
      await app.close();
    }
  });

  it('after restoring an older backup, reports the vectors of posts the database no longer has', async () => {
    const restoreHome = await mkdtemp(path.join(tmpdir(), 'smm-doctor-restore-'));
    const index = new LastingIndex();
    const backup = path.join(restoreHome, 'backups', 'smm.sqlite');
    try {
      let app = await open(restoreHome, index);
      try {
        await seed(app);
        await reindex(app);
        await app.storage.backup(backup);
        const profile = await app.storage.profiles.findByHandle(scope.workspace, 'roastery');
        await app.storage.posts.insertMany(profile!.id, Array.from({ length: 5 }, (_, index) => newPost({ text: `Written after the backup ${index}` })));
        await reindex(app);
        expect(await indexCheck(app)).toMatchObject({ ok: true, fix: null, figures: { posts: 47, indexed: 47 } });
      } finally {
        await app.close();
      }
      // The restore as USAGE.md describes it: the database and its WAL files replaced by the backup.
      for (const suffix of ['', '-wal', '-shm']) await rm(path.join(restoreHome, `smm.sqlite${suffix}`), { force: true });
      await copyFile(backup, path.join(restoreHome, 'smm.sqlite'));
      app = await open(restoreHome, index);
      try {
        const check = await indexCheck(app);
        expect(check).toMatchObject({ ok: true, warning: true, figures: { posts: 42, indexed: 47, waiting: 0, missing: 0, stale: 5 } });
        expect(check.fix).toContain('run `smm reindex`');
        await reindex(app);
        expect(await indexCheck(app)).toMatchObject({ ok: true, fix: null, figures: { posts: 42, indexed: 42, waiting: 0, missing: 0 } });
      } finally {
        await app.close();
      }
    } finally {
      await rm(restoreHome, { recursive: true, force: true });
    }
  });

  it('finds the posts lost with the local Chroma server\'s folder', { timeout: 120_000 }, async () => {
    const chromaHome = await mkdtemp(path.join(tmpdir(), 'smm-doctor-chroma-'));
    try {
      let app = await open(chromaHome);
      try {
        await seed(app);
        await reindex(app);
        expect(await indexCheck(app)).toMatchObject({ ok: true, figures: { posts: 42, indexed: 42, missing: 0 } });
      } finally {
        await app.close();
      }
      await rm(path.join(chromaHome, 'chroma'), { recursive: true, force: true });
      app = await open(chromaHome);
      try {
        const lost = await indexCheck(app);
        expect(lost).toMatchObject({ ok: false, figures: { posts: 42, waiting: 0, missing: 42 } });
        expect(lost.fix).toContain('run `smm reindex`');
        await reindex(app);
        expect(await indexCheck(app)).toMatchObject({ ok: true, figures: { posts: 42, indexed: 42, missing: 0 } });
      } finally {
        await app.close();
      }
    } finally {
      await rm(chromaHome, { recursive: true, force: true });
    }
  });
});
