import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PostQuery } from '../../core/ports.js';
import { migrateToLatest } from './migrations/run-migrations.js';
import { buildListQuery, buildProfileBatchQuery } from './post-list-query.js';
import { encodeCursor } from './post-cursor.js';
import { openSqlite } from './sqlite/sqlite-connection.js';
import { sqlLimit } from './sql-limit.js';
import type { StorageContext } from './storage-context.js';

/**
 * The listing goals (latest 50 of a profile in milliseconds on a million
 * posts) rest on SQLite walking the (profile_id, sort_at, id) index in order
 * and stopping at the page size. These tests pin that plan without timing anything.
 */
describe('post listing query plans (SQLite)', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'smm-plan-'));
  let context: StorageContext;

  beforeAll(async () => {
    const { db, handle } = openSqlite(path.join(folder, 'plan.sqlite'));
    await migrateToLatest(db, 'sqlite', 'in the plan test');
    context = { kind: 'sqlite', db, clock: { now: () => new Date() }, sqlite: handle };
  });
  afterAll(async () => {
    await context.db.destroy();
    rmSync(folder, { recursive: true, force: true });
  });

  function plan(query: Partial<PostQuery>): string {
    const compiled = buildListQuery(context, { workspace: 'default', limit: 50, ...query }).select.compile();
    const rows = context.sqlite!.database.prepare(`explain query plan ${compiled.sql}`).all(...(compiled.parameters as unknown[])) as { detail: string }[];
    return rows.map((row) => row.detail).join('\n');
  }

  const cursor = encodeCursor({ sortAt: '2026-01-01T00:00:00.000Z', id: 500 });

  it('walks the profile index in order for a profile page, first or later', () => {
    for (const query of [{ profileId: 7 }, { profileId: 7, cursor }, { profileId: 7, platform: 'x' as const, status: ['published' as const] }]) {
      const detail = plan(query);
      expect(detail).toContain('posts_profile_sort');
      expect(detail).not.toContain('TEMP B-TREE');
    }
  });

  it('seeks to the cursor instead of scanning from the newest post', () => {
    expect(plan({ profileId: 7, cursor })).toMatch(/posts_profile_sort \(profile_id=\? AND sort_at<\?\)/);
    expect(plan({ cursor })).toMatch(/posts_workspace_sort \(workspace_id=\? AND sort_at<\?\)/);
  });

  it('walks the workspace index in order for a workspace page', () => {
    const detail = plan({ cursor, from: '2025-01-01T00:00:00Z' });
    expect(detail).toContain('posts_workspace_sort');
    expect(detail).not.toContain('TEMP B-TREE');
  });

  it('iterates a profile by keyset on its (profile_id, id) index, without sorting', () => {
    const compiled = buildProfileBatchQuery(context, 7, 100, 500).compile();
    const detail = (context.sqlite!.database.prepare(`explain query plan ${compiled.sql}`).all(...(compiled.parameters as unknown[])) as { detail: string }[])
      .map((row) => row.detail)
      .join('\n');
    expect(detail).toContain('posts_profile_id');
    expect(detail).not.toContain('TEMP B-TREE');
  });

  it('writes the page size into the SQL: a bound LIMIT makes SQLite prepare the statement again on every run', () => {
    for (const query of [{ profileId: 7 }, { profileId: 7, cursor }, {}, { search: 'coffee' }]) {
      const compiled = buildListQuery(context, { workspace: 'default', limit: 50, ...query }).select.compile();
      expect(compiled.sql).toMatch(/ limit 51$/);
      expect(compiled.parameters).not.toContain(51);
    }
    expect(buildProfileBatchQuery(context, 7, 100, 500).compile().sql).toMatch(/ limit 500$/);
  });

  it('takes only whole numbers of 0 or more as a literal LIMIT', () => {
    expect(context.db.selectFrom('posts').select('id').limit(sqlLimit(0)).compile().sql).toMatch(/ limit 0$/);
    for (const bad of [1.5, -1, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53]) expect(() => sqlLimit(bad)).toThrow(RangeError);
  });

  it('asks the FTS5 index for a search, once', () => {
    const detail = plan({ profileId: 7, search: 'coffee -tea' });
    expect(detail).toMatch(/posts_fts VIRTUAL TABLE INDEX/);
    expect(detail).not.toMatch(/CORRELATED/);
  });
});
