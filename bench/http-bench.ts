/**
 * HTTP server figures, each next to a baseline measured in the same run:
 *
 * 1. `GET /api/v1/profiles/{handle}/posts?limit=20` with an API key, 32
 *    connections, load from a separate process (autocannon's CLI), next to a
 *    bare Fastify route answering the same JSON. Goals: at least 40% of the
 *    bare route's requests/s with answer reuse, at least 35% without it (on
 *    SQLite and on PostgreSQL, issue 8), p99 under 50 ms. Beside them, a
 *    two references: bare Fastify running the full page query and
 *    rendering every row per request (not a ceiling of this design), and
 *    bare Fastify running only the row-version query our route runs, then
 *    sending the page already made (this design's ceiling).
 * 2. 50 concurrent `/v1/chat/completions` streams whose scripted model takes
 *    1 s per conversation (a tool call, then the answer, 0.5 s each), the
 *    clients in a separate process. Goal: all done within 3 s wall; the
 *    server's peak RSS is reported.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import pg from 'pg';
import { loadConfig, sqlitePath } from '../src/app/config.js';
import { createApp, type App } from '../src/app/create-app.js';
import { apiKeyServiceFor } from '../src/entrypoints/http/api-keys.js';
import { buildServer } from '../src/entrypoints/http/build-server.js';
import { ScriptedChatModel } from '../src/adapters/llm/scripted-chat-model.js';
import { atLeast, under } from './bench-goal.js';
import { inScratchSchema } from './bench-postgres.js';
import { postgresCeiling, postgresVersionsCeiling, sqliteCeiling, sqliteVersionsCeiling } from './http-bench-ceiling.js';
import { round } from './bench-stats.js';

const AUTOCANNON = createRequire(import.meta.url).resolve('autocannon/autocannon.js');

interface LoadFigures {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
}

/** Runs autocannon in its own process against `url` and returns its summary. */
function autocannon(url: string, headers: Record<string, string>, seconds: number, connections: number): Promise<LoadFigures> {
  const args = [AUTOCANNON, '-c', String(connections), '-d', String(seconds), '-j', ...Object.entries(headers).flatMap(([name, value]) => ['-H', `${name}=${value}`]), url];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited with ${code}`));
      const result = JSON.parse(output) as { requests: { average: number }; latency: { p50: number; p99: number }; errors: number; non2xx: number };
      resolve({ requestsPerSecond: round(result.requests.average, 0), p50Ms: result.latency.p50, p99Ms: result.latency.p99, errors: result.errors, non2xx: result.non2xx });
    });
  });
}

/** A clock the seeding moves, so that drafts are created among the published posts (not all newer than them). */
class SeedClock {
  at: number | undefined;
  now(): Date {
    return new Date(this.at ?? Date.now());
  }
}

/**
 * The bench's posts, a mix as a working profile has: per ten posts, five
 * published (engagement figures), a draft, a draft over X's limit (a
 * violation in the answer), a three-part draft thread, an idea and a post
 * scheduled half an hour after it was written; each written an hour after
 * the one before, so a page holds every kind.
 */
async function seed(app: App, clock: SeedClock, posts: number): Promise<void> {
  const scope = { workspace: 'default' };
  await app.profiles.create(scope, { handle: 'acme', displayName: 'Acme Coffee', platforms: ['x'] });
  const start = Date.UTC(2025, 0, 1);
  try {
    for (let index = 0; index < posts; index += 1) {
      const at = start + index * 3_600_000;
      clock.at = at;
      const text = `Post ${index}: cold brew, single origins and the people who grow them. #coffee`;
      const kind = index % 10;
      const fields =
        kind === 0
          ? { status: 'draft' as const, text: `${text} ${'Roasted this morning, tasted this afternoon, shipped tonight. '.repeat(5)}` }
          : kind === 1
            ? { status: 'draft' as const, text }
            : kind === 2
              ? { status: 'idea' as const, text: `Idea ${index}: a tasting note series` }
              : kind === 3
                ? { status: 'scheduled' as const, text, scheduledAt: new Date(at + 1_800_000).toISOString() }
                : kind === 4
                  ? { status: 'draft' as const, text, threadParts: [`${text} 1/3`, `Part two of post ${index}: the farm. 2/3`, `Part three: the cup. 3/3`] }
                  : {
                      status: 'published' as const,
                      text,
                      publishedAt: new Date(at).toISOString(),
                      engagement: { likes: index % 97, reposts: index % 13, replies: index % 7, impressions: 1000 + index },
                      source: 'imported' as const,
                    };
      await app.posts.add(scope, 'acme', { platform: 'x', ...fields });
    }
  } finally {
    clock.at = undefined;
  }
}

/** The share of each status on a page of the list route, for the report. */
function pageMix(body: string): Record<string, number> {
  const mix: Record<string, number> = {};
  const page = JSON.parse(body) as { posts: { status: string; violations: unknown[]; threadParts: unknown }[] };
  for (const post of page.posts) {
    mix[post.status] = (mix[post.status] ?? 0) + 1;
    if (post.violations.length > 0) mix.withViolations = (mix.withViolations ?? 0) + 1;
    if (post.threadParts) mix.threads = (mix.threads ?? 0) + 1;
  }
  return mix;
}

const LIST_PATH = '/api/v1/profiles/acme/posts?limit=20';

/** A bare Fastify route answering `body`, the ceiling our route is measured against. */
async function bareServer(body: string): Promise<{ url: string; close: () => Promise<void> }> {
  const bare = Fastify();
  bare.get('/posts', async (_request, reply) => reply.type('application/json; charset=utf-8').send(body));
  const url = await bare.listen({ host: '127.0.0.1', port: 0 });
  return { url: `${url}/posts`, close: () => bare.close() };
}

function versusBare(ours: LoadFigures, bare: LoadFigures, ratioGoal: number): Record<string, unknown> {
  return {
    ...ours,
    p99Ms: under(ours.p99Ms, 50),
    ratioOfBare: atLeast(round(ours.requestsPerSecond / bare.requestsPerSecond, 3), ratioGoal),
  };
}

/** A bare Fastify route that does one query per request, read beside our route's figure. */
interface Reference {
  name: string;
  note: string;
  /** Starts the route; `body` is our route's answer, for references that send it as it is. */
  start(body: string): Promise<{ url: string; close: () => Promise<void> }>;
}

/**
 * Our list route next to bare Fastify serving the same JSON, measured back to
 * back in this run. `variants` are our servers on the same data (with and
 * without answer reuse); each gets its own bare run just before it, as does
 * each of the `references`.
 */
async function listBench(
  app: App,
  key: string,
  seconds: number,
  variants: { name: string; reuseAnswers: boolean; ratioGoal: number }[],
  references: Reference[] = [],
): Promise<Record<string, unknown>> {
  const headers = { authorization: `Bearer ${key}` };
  const servers = await Promise.all(variants.map((variant) => buildServer(app, { server: { rateLimitPerMinute: 1_000_000_000 }, reuseAnswers: variant.reuseAnswers })));
  try {
    const urls = await Promise.all(servers.map(async (server) => (await server.listen({ host: '127.0.0.1', port: 0 })) + LIST_PATH));
    const sample = await fetch(urls[0]!, { headers });
    if (!sample.ok) throw new Error(`the list route answered ${sample.status}: ${await sample.text()}`);
    const body = await sample.text();
    const bare = await bareServer(body);
    const started: { url: string; close: () => Promise<void> }[] = [];
    try {
      for (const reference of references) started.push(await reference.start(body));
      // Warm every server, then measure each of ours right after a bare run.
      await autocannon(bare.url, {}, 2, 32);
      for (const url of urls) await autocannon(url, headers, 2, 32);
      for (const reference of started) await autocannon(reference.url, {}, 2, 32);
      const results: Record<string, unknown> = {
        route: `GET ${LIST_PATH} (32 connections, ${seconds} s each, autocannon in a separate process, ${body.length} bytes)`,
        page: pageMix(body),
      };
      for (const [index, variant] of variants.entries()) {
        const baseline = await autocannon(bare.url, {}, seconds, 32);
        const ours = await autocannon(urls[index]!, headers, seconds, 32);
        results[variant.name] = { ...versusBare(ours, baseline, variant.ratioGoal), bareFastify: baseline };
      }
      const slowest = variants.findLast((variant) => !variant.reuseAnswers) ?? variants[variants.length - 1]!;
      const ours = (results[slowest.name] as LoadFigures).requestsPerSecond;
      for (const [index, reference] of references.entries()) {
        const baseline = await autocannon(bare.url, {}, seconds, 32);
        const figures = await autocannon(started[index]!.url, {}, seconds, 32);
        results[reference.name] = {
          ...figures,
          ratioOfBare: round(figures.requestsPerSecond / baseline.requestsPerSecond, 3),
          [`${slowest.name}RatioOfThis`]: round(ours / figures.requestsPerSecond, 3),
          bareFastify: baseline,
          note: reference.note,
        };
      }
      return results;
    } finally {
      await bare.close();
      for (const reference of started) await reference.close();
    }
  } finally {
    await Promise.all(servers.map((server) => server.close()));
  }
}

const FULL_QUERY_NOTE =
  'reference, not a ceiling: bare Fastify running the full page query per request on the same driver and rendering every row (no auth, no validation, no rule check), ' +
  'what a route that renders every post on every request can reach; smm reads only row versions and renders only changed posts';
const VERSIONS_QUERY_NOTE =
  "the ceiling of this design on this machine: bare Fastify running the same row-version query as smm per request (the page's ids, profiles, versions and sort dates), " +
  'then sending the page JSON already made (no auth, no validation, no lookups)';

/** The references on SQLite: the full page query, and the row-version query alone. */
function sqliteReferences(file: string): Reference[] {
  return [
    { name: 'bareFastifyOneQuery', note: FULL_QUERY_NOTE, start: () => sqliteCeiling(file, 'acme') },
    { name: 'bareFastifyVersionsQuery', note: VERSIONS_QUERY_NOTE, start: (body) => sqliteVersionsCeiling(file, 'acme', body) },
  ];
}

/** The references on PostgreSQL: the full page query, and the row-version query alone. */
function postgresReferences(url: string): Reference[] {
  return [
    { name: 'bareFastifyOneQuery', note: FULL_QUERY_NOTE, start: () => postgresCeiling(url, 'acme') },
    { name: 'bareFastifyVersionsQuery', note: VERSIONS_QUERY_NOTE, start: (body) => postgresVersionsCeiling(url, 'acme', body) },
  ];
}

/** The list route on PostgreSQL, without and with answer reuse, in a schema of its own. */
async function postgresListBench(url: string, posts: number, seconds: number): Promise<Record<string, unknown>> {
  return inScratchSchema(url, 'http', async (scoped) => {
    const home = mkdtempSync(path.join(tmpdir(), 'smm-http-bench-pg-'));
    const clock = new SeedClock();
    const app = await createApp(loadConfig({ SMM_HOME: home, SMM_LLM: 'scripted', SMM_DATABASE_URL: scoped }), { clock });
    try {
      await seed(app, clock, posts);
      // Planner statistics, as autovacuum gathers within a minute of the seeding (else the plan may sort every post of the profile).
      const analyze = new pg.Client({ connectionString: scoped });
      await analyze.connect();
      await analyze.query('analyze posts');
      await analyze.end();
      const { key } = await apiKeyServiceFor(app).create({ name: 'bench', workspace: 'default' });
      return {
        ...(await listBench(
          app,
          key,
          seconds,
          [
            { name: 'smm', reuseAnswers: false, ratioGoal: 0.35 },
            { name: 'smmWithReuse', reuseAnswers: true, ratioGoal: 0.4 },
          ],
          postgresReferences(scoped),
        )),
        note:
          "smm queries PostgreSQL on every request (answers not reused): the page's row versions, then in full only the posts changed since their JSON was kept; " +
          'smmWithReuse reuses a whole answer until a NOTIFY from a trigger (or our own write) says the data changed',
      };
    } finally {
      await app.close();
      rmSync(home, { recursive: true, force: true });
    }
  });
}

const STREAM_CLIENT = `
const [url, key, count] = process.argv.slice(1);
const started = performance.now();
const durations = [];
let chunks = 0, failures = 0;
await Promise.all(Array.from({ length: Number(count) }, async (_, index) => {
  const begin = performance.now();
  const response = await fetch(url, { method: 'POST', headers: { authorization: 'Bearer ' + key, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'smm-assistant', stream: true, messages: [{ role: 'user', content: 'Which profiles do I have? #' + index }] }) });
  const text = await response.text();
  chunks += (text.match(/^data: /gm) || []).length;
  if (!response.ok || !text.trimEnd().endsWith('data: [DONE]') || text.includes('"error"')) failures += 1;
  durations.push(performance.now() - begin);
}));
durations.sort((a, b) => a - b);
console.log(JSON.stringify({ wallMs: performance.now() - started, slowestMs: durations.at(-1), fastestMs: durations[0], chunks, failures }));
`;

async function streamsBench(app: App, key: string, streams: number): Promise<Record<string, unknown>> {
  const model = new ScriptedChatModel({
    turns: (messages) => {
      const last = messages[messages.length - 1];
      if (last?.role === 'tool') return { text: `You have ${(JSON.parse(last.content) as { profiles: unknown[] }).profiles.length} profile(s): @acme.` };
      return { toolCalls: [{ name: 'list_profiles', args: {} }] };
    },
    delayMs: 500,
  });
  const server = await buildServer(app, { server: { rateLimitPerMinute: 1_000_000_000 }, assistant: { model: async () => model } });
  const url = await server.listen({ host: '127.0.0.1', port: 0 });
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
  try {
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['--input-type=module', '-e', STREAM_CLIENT, `${url}/v1/chat/completions`, key, String(streams)], { stdio: ['ignore', 'pipe', 'inherit'] });
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve(text) : reject(new Error(`stream client exited with ${code}`))));
    });
    const result = JSON.parse(output) as { wallMs: number; slowestMs: number; fastestMs: number; chunks: number; failures: number };
    return {
      streams,
      modelTimePerConversationMs: 1000,
      wallMs: round(result.wallMs, 0),
      slowestStreamMs: round(result.slowestMs, 0),
      fastestStreamMs: round(result.fastestMs, 0),
      sseChunks: result.chunks,
      failures: result.failures,
      serverRssBeforeMb: round(rssBefore / 1_048_576, 1),
      serverPeakRssMb: round(peakRss / 1_048_576, 1),
    };
  } finally {
    clearInterval(sampler);
    await server.close();
  }
}

/** Each figure is written into `results` as soon as it is measured (a later failure keeps it: see bench/run.ts). */
export async function runHttpBench(
  results: Record<string, unknown> = {},
  options: { seconds?: number; posts?: number; streams?: number; postgresUrl?: string | null } = {},
): Promise<Record<string, unknown>> {
  const home = mkdtempSync(path.join(tmpdir(), 'smm-http-bench-'));
  const clock = new SeedClock();
  const app = await createApp(loadConfig({ SMM_HOME: home, SMM_LLM: 'scripted' }), { clock });
  try {
    await seed(app, clock, options.posts ?? 2_000);
    const { key } = await apiKeyServiceFor(app).create({ name: 'bench', workspace: 'default' });
    const seconds = options.seconds ?? 10;
    results.list = {
      ...(await listBench(app, key, seconds, [
        { name: 'smm', reuseAnswers: true, ratioGoal: 0.4 },
        { name: 'smmWithoutReuse', reuseAnswers: false, ratioGoal: 0.35 },
      ], sqliteReferences(sqlitePath(app.config)))),
      note:
        'smm reuses an answer while SQLite data_version is unchanged; smmWithoutReuse queries the database on every request, as every read does on PostgreSQL ' +
        "(and every read after a write on SQLite): the page's row versions, then in full only the posts changed since their JSON was kept",
    };
    const postgresUrl = options.postgresUrl === undefined ? (process.env.SMM_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test') : options.postgresUrl;
    results.listPostgres = postgresUrl ? await postgresListBench(postgresUrl, options.posts ?? 2_000, seconds) : { skipped: 'no PostgreSQL URL' };
    results.streams = await streamsBench(app, key, options.streams ?? 50);
    return results;
  } finally {
    await app.close();
    rmSync(home, { recursive: true, force: true });
  }
}
