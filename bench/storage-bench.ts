/**
 * Storage benchmark (SQLite, and PostgreSQL when one answers):
 *  (a) import throughput of `posts.insertMany` against raw better-sqlite3
 *      prepared statements writing the same rows into the same schema;
 *  (b) on 1,000,000 posts over 1,000 profiles, latency of listing the latest
 *      50 posts of one profile and of a full-text search within one profile.
 * Everything is written under a temporary folder that is removed at the end.
 * `npm run bench -- storage` runs it; run on its own (compiled, or through a
 * TypeScript loader) it takes --posts N --big N --profiles N --queries N and prints JSON.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { openStorage } from '../src/adapters/storage/open-storage.js';
import type { NewPost, Storage } from '../src/core/ports.js';
import { ProfileInputSchema } from '../src/core/profiles/profile-schema.js';
import { inScratchSchema } from './bench-postgres.js';
import { round, summarize } from './bench-stats.js';
import { generatePosts, seededRandom, VOCABULARY } from './storage-bench-data.js';
import { rawInsert, rawProfile, type RawMode } from './storage-bench-raw.js';

export interface StorageBenchOptions {
  /** Posts per throughput run (default 100,000). */
  posts?: number;
  /** Posts in the latency dataset (default 1,000,000) and its profiles (default 1,000). */
  bigPosts?: number;
  profiles?: number;
  /** Timed queries per latency figure (default 300). */
  queries?: number;
  /** PostgreSQL URL for the PostgreSQL figures (default SMM_BENCH_PG_URL, else the local test server if it answers). */
  postgresUrl?: string | null;
}

const BATCH = 5_000;

function seconds(start: number): number {
  return (performance.now() - start) / 1000;
}

/** Wall-clock and CPU seconds of some work: CPU time stays meaningful on a shared, busy machine. */
async function measure(work: () => Promise<unknown> | unknown): Promise<{ wall: number; cpu: number }> {
  const wallStart = performance.now();
  const cpuStart = process.cpuUsage();
  await work();
  const cpu = process.cpuUsage(cpuStart);
  return { wall: seconds(wallStart), cpu: (cpu.user + cpu.system) / 1e6 };
}

function profileFields(handle: string) {
  return ProfileInputSchema.parse({ handle, displayName: handle });
}

function sqlitePragmas(database: Database.Database): void {
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 10000');
}

/** A fresh database with the schema (made by the adapter), its workspace id and one profile id. */
async function freshDatabase(file: string): Promise<{ workspaceId: number; profileId: number }> {
  const storage = await openStorage({ sqlitePath: file });
  const profile = await storage.profiles.create('bench', profileFields('bench'));
  const workspace = await storage.profiles.ensureWorkspace('bench');
  await storage.close();
  return { workspaceId: workspace.id, profileId: profile.id };
}

async function throughput(folder: string, posts: readonly NewPost[]): Promise<Record<string, unknown>> {
  const raw: Record<string, { wall: number; cpu: number }> = {};
  for (const mode of ['posts-only', 'full'] as RawMode[]) {
    const file = path.join(folder, `raw-${mode}.sqlite`);
    const target = await freshDatabase(file);
    const database = new Database(file);
    sqlitePragmas(database);
    raw[mode] = await measure(() => rawInsert(database, target, posts, mode, BATCH));
    database.close();
  }
  const file = path.join(folder, 'adapter.sqlite');
  const { profileId } = await freshDatabase(file);
  const storage = await openStorage({ sqlitePath: file });
  let inserted = 0;
  const adapter = await measure(async () => {
    for (let offset = 0; offset < posts.length; offset += BATCH) inserted += (await storage.posts.insertMany(profileId, posts.slice(offset, offset + BATCH))).inserted;
  });
  let duplicates = 0;
  const reimport = await measure(async () => {
    duplicates = (await storage.posts.insertMany(profileId, posts.slice(0, BATCH))).duplicates;
  });
  await storage.close();
  const rate = (time: number, count = posts.length) => Math.round(count / time);
  const postsOnly = raw['posts-only']!;
  const full = raw.full!;
  return {
    posts: posts.length,
    batchSize: BATCH,
    insertManyPostsPerSecond: rate(adapter.wall),
    rawPostsOnlyPostsPerSecond: rate(postsOnly.wall),
    rawFullPostsPerSecond: rate(full.wall),
    ratioToRawPostsOnly: round(postsOnly.wall / adapter.wall, 3),
    ratioToRawFull: round(full.wall / adapter.wall, 3),
    insertManyPostsPerCpuSecond: rate(adapter.cpu),
    rawPostsOnlyPostsPerCpuSecond: rate(postsOnly.cpu),
    rawFullPostsPerCpuSecond: rate(full.cpu),
    ratioToRawPostsOnlyByCpu: round(postsOnly.cpu / adapter.cpu, 3),
    inserted,
    reimportDuplicatesPerSecond: rate(reimport.wall, BATCH),
    reimportDuplicates: duplicates,
    note: 'raw posts-only writes the posts table alone; raw full also writes the FTS row and outbox row, as insertMany does. Per-CPU-second rates are what one free core would do.',
  };
}

async function timed(runs: number, query: (index: number) => Promise<unknown>): Promise<ReturnType<typeof summarize>> {
  for (let index = 0; index < 20; index += 1) await query(index);
  const timings: number[] = [];
  for (let index = 0; index < runs; index += 1) {
    const start = performance.now();
    await query(index);
    timings.push(performance.now() - start);
  }
  return summarize(timings);
}

async function latency(folder: string, total: number, profiles: number, runs: number): Promise<Record<string, unknown>> {
  const file = path.join(folder, 'big.sqlite');
  const { workspaceId } = await freshDatabase(file);
  const database = new Database(file);
  sqlitePragmas(database);
  // A large cache for the build only: it is setup, not what is measured.
  database.pragma('cache_size = -524288');
  const profileIds = Array.from({ length: profiles }, (_, index) => rawProfile(database, workspaceId, `p${index}`));
  const perProfile = Math.floor(total / profiles);
  const round_ = 50;
  const buildStart = performance.now();
  // Round-robin by 50 posts per profile, so a profile's rows are spread over the file as after years of use.
  // (The outbox is left empty: it plays no part in the queries measured.)
  const buildRound = database.transaction((offset: number) => {
    for (let index = 0; index < profiles; index += 1) {
      const posts = generatePosts(Math.min(round_, perProfile - offset), index * 1_000_003 + offset, index * perProfile + offset);
      rawInsert(database, { profileId: profileIds[index]!, workspaceId }, posts, 'posts-and-fts', round_);
    }
  });
  for (let offset = 0; offset < perProfile; offset += round_) buildRound(offset);
  database.exec('analyze');
  const buildSeconds = seconds(buildStart);
  database.close();

  const storage: Storage = await openStorage({ sqlitePath: file });
  const random = seededRandom(7);
  const pick = () => profileIds[Math.floor(random() * profileIds.length)]!;
  const rare = VOCABULARY[400]!;
  const results = {
    posts: perProfile * profiles,
    profiles,
    buildSeconds: round(buildSeconds, 1),
    buildPostsPerSecond: Math.round((perProfile * profiles) / buildSeconds),
    fileMegabytes: Math.round(statSync(file).size / 1e6),
    latest50OfProfileMs: await timed(runs, () => storage.posts.list({ workspace: 'bench', profileId: pick(), limit: 50 })),
    firstTwoPagesOfProfileMs: await timed(runs, async () => {
      const profileId = pick();
      const first = await storage.posts.list({ workspace: 'bench', profileId, limit: 50 });
      return storage.posts.list({ workspace: 'bench', profileId, limit: 50, cursor: first.nextCursor ?? undefined });
    }),
    searchCommonWordInProfileMs: await timed(runs, () => storage.posts.list({ workspace: 'bench', profileId: pick(), search: 'coffee', limit: 50 })),
    searchRareWordInProfileMs: await timed(runs, () => storage.posts.list({ workspace: 'bench', profileId: pick(), search: rare, limit: 50 })),
    searchPhraseAndExclusionInProfileMs: await timed(runs, () => storage.posts.list({ workspace: 'bench', profileId: pick(), search: '"new coffee" -launch', limit: 50 })),
    latest50OfWorkspaceMs: await timed(Math.min(runs, 100), () => storage.posts.list({ workspace: 'bench', limit: 50 })),
    searchRareWordInWorkspaceMs: await timed(Math.min(runs, 50), () => storage.posts.list({ workspace: 'bench', search: rare, limit: 50 })),
    words: { common: 'coffee', rare },
  };
  await storage.close();
  return results;
}

async function postgresFigures(url: string, posts: readonly NewPost[]): Promise<Record<string, unknown>> {
  return inScratchSchema(url, 'storage', async (scoped) => {
    const storage = await openStorage({ url: scoped });
    try {
      const profile = await storage.profiles.create('bench', profileFields('bench'));
      const start = performance.now();
      for (let offset = 0; offset < posts.length; offset += BATCH) await storage.posts.insertMany(profile.id, posts.slice(offset, offset + BATCH));
      const rate = posts.length / seconds(start);
      return {
        posts: posts.length,
        insertManyPostsPerSecond: Math.round(rate),
        latest50Ms: await timed(100, () => storage.posts.list({ workspace: 'bench', profileId: profile.id, limit: 50 })),
        searchCommonWordMs: await timed(100, () => storage.posts.list({ workspace: 'bench', profileId: profile.id, search: 'coffee', limit: 50 })),
      };
    } finally {
      await storage.close();
    }
  });
}

export async function runStorageBench(options: StorageBenchOptions = {}): Promise<Record<string, unknown>> {
  const folder = mkdtempSync(path.join(tmpdir(), 'smm-storage-bench-'));
  try {
    const posts = generatePosts(options.posts ?? 100_000, 42);
    console.error(`storage: throughput with ${posts.length} posts…`);
    const sqliteThroughput = await throughput(folder, posts);
    console.error(`storage: latency dataset of ${options.bigPosts ?? 1_000_000} posts…`);
    const sqliteLatency = await latency(folder, options.bigPosts ?? 1_000_000, options.profiles ?? 1_000, options.queries ?? 300);
    const postgresUrl = options.postgresUrl === undefined ? (process.env.SMM_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test') : options.postgresUrl;
    const postgres = postgresUrl ? await postgresFigures(postgresUrl, posts.slice(0, 20_000)) : { skipped: 'no PostgreSQL URL' };
    return {
      loadAverage: loadavg().map((value) => round(value, 1)),
      sqlite: { throughput: sqliteThroughput, latency: sqliteLatency },
      postgres,
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

function numberFlag(name: string): number | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : undefined;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await runStorageBench({ posts: numberFlag('posts'), bigPosts: numberFlag('big'), profiles: numberFlag('profiles'), queries: numberFlag('queries') });
  console.log(JSON.stringify(result, null, 2));
}
