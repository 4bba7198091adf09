/**
 * Import parse benchmark: throughput (records/s, MB/s) of the streaming X
 * archive reader, with and without the import service's validation, and the
 * peak heap while parsing a ~200 MB tweets.js (streaming means the heap
 * must not grow with the file).
 *
 * Run after a build: `node --expose-gc dist/bench/import-parse-bench.js [count] [heapMegabytes]`.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { openExportSource } from '../src/adapters/files/open-export-source.js';
import { detectFormat } from '../src/core/importers/detect-format.js';
import { ImportService } from '../src/core/importers/import-service.js';
import { importX } from '../src/core/importers/x-importer.js';
import type { PostRepository, ProfileRepository } from '../src/core/ports.js';
import type { Profile } from '../src/core/profiles/profile-schema.js';

const WORDS = ['coffee', 'launch', 'today', 'we', 'shipped', 'the', 'new', 'roast', 'thanks', 'everyone', 'who', 'came', 'by', 'café', '☕', '🚀', '中文', 'données', 'and', 'more'];

/** A deterministic pseudo-random sequence, so every run writes the same archive. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function fakeTweet(index: number, next: () => number): Record<string, unknown> {
  const id = String(1_500_000_000_000_000_000n + BigInt(index));
  const words = Array.from({ length: 8 + Math.floor(next() * 30) }, () => WORDS[Math.floor(next() * WORDS.length)]).join(' ');
  const retweet = next() < 0.4;
  const reply = !retweet && next() < 0.5;
  const link = next() < 0.25;
  const media = next() < 0.15;
  const text = `${retweet ? 'RT @someone: ' : reply ? '@friend ' : ''}${words}${link ? ' https://t.co/abcdEFGH12' : ''}${media ? ' https://t.co/mediaXYZ99' : ''}`;
  const created = new Date(Date.UTC(2015, 0, 1) + index * 3_600_000);
  const [day, month, date, year, clock] = created.toUTCString().replace(',', '').split(' ');
  return {
    tweet: {
      edit_info: { initial: { editTweetIds: [id], editableUntil: created.toISOString(), editsRemaining: '5', isEditEligible: false } },
      retweeted: false,
      source: '<a href="https://mobile.twitter.com" rel="nofollow">Twitter Web App</a>',
      entities: {
        hashtags: [],
        symbols: [],
        user_mentions: reply ? [{ name: 'Friend', screen_name: 'friend', indices: ['0', '7'], id_str: '42', id: '42' }] : [],
        urls: link ? [{ url: 'https://t.co/abcdEFGH12', expanded_url: `https://example.com/post/${index}`, display_url: `example.com/post/${index}`, indices: ['1', '24'] }] : [],
        ...(media ? { media: [{ url: 'https://t.co/mediaXYZ99', expanded_url: `https://x.com/me/status/${id}/photo/1`, type: 'photo', indices: ['1', '24'] }] } : {}),
      },
      display_text_range: ['0', String(text.length)],
      favorite_count: String(Math.floor(next() * 500)),
      id_str: id,
      ...(reply ? { in_reply_to_status_id_str: String(BigInt(id) - 7n), in_reply_to_user_id_str: '42', in_reply_to_screen_name: 'friend' } : {}),
      truncated: false,
      retweet_count: String(Math.floor(next() * 50)),
      id,
      created_at: `${day} ${month} ${date} ${clock} +0000 ${year}`,
      favorited: false,
      full_text: text,
      lang: 'en',
      ...(media ? { extended_entities: { media: [{ url: 'https://t.co/mediaXYZ99', type: 'photo' }] } } : {}),
    },
  };
}

/**
 * Writes an X archive `tweets.js` of `count` tweets (about 40% retweets, half
 * of the rest replies, some with links and photos), pretty-printed like the
 * real export. Returns its size in bytes.
 */
export async function generateXArchive(filePath: string, count: number): Promise<number> {
  const out = createWriteStream(filePath);
  const next = random(count);
  const write = async (text: string): Promise<void> => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write('window.YTD.tweets.part0 = [ ');
  for (let index = 0; index < count; index++) {
    await write(`${index === 0 ? '' : ', '}${JSON.stringify(fakeTweet(index, next), null, 2)}`);
  }
  await write(' ]');
  out.end();
  await once(out, 'close');
  return (await stat(filePath)).size;
}

export interface ParseBenchResult {
  records: number;
  megabytes: number;
  parseRecordsPerSecond: number;
  parseMegabytesPerSecond: number;
  serviceRecordsPerSecond: number;
  heapFileMegabytes: number;
  heapRecords: number;
  peakHeapMegabytes: number;
  baselineHeapMegabytes: number;
}

const megabytes = (bytes: number) => Math.round((bytes / 1_048_576) * 10) / 10;

function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Reads every record of an X archive with the importer; returns how many. */
async function parseArchive(file: string, onRecord?: () => void): Promise<number> {
  const detected = await detectFormat(await openExportSource(file));
  let records = 0;
  for await (const _item of importX(detected.files, {})) {
    records++;
    onRecord?.();
  }
  return records;
}

/** The import service end to end, with a repository that only counts (storage is benchmarked elsewhere). */
async function serviceArchive(file: string): Promise<number> {
  const profile = { id: 1, handle: 'bench' } as Profile;
  const profiles = { findByHandle: async () => profile, list: async () => [profile] } as unknown as ProfileRepository;
  let stored = 0;
  const posts = {
    insertMany: async (_profileId: number, batch: unknown[]) => {
      stored += batch.length;
      return { inserted: batch.length, duplicates: 0 };
    },
  } as unknown as PostRepository;
  const service = new ImportService({ posts, profiles, clock: { now: () => new Date() }, hashText: (text) => createHash('sha256').update(text).digest('hex') });
  const summary = await service.run({ scope: { workspace: 'bench' }, handle: 'bench', source: await openExportSource(file), format: 'x' });
  return summary.imported + Object.values(summary.skipped).reduce((sum, value) => sum + value, 0) + (stored - summary.imported);
}

/** Runs the benchmark: `count` tweets for throughput, a ~`heapMegabytes` MB archive for the heap figure. */
export async function runImportParseBench(options: { count?: number; heapMegabytes?: number } = {}): Promise<ParseBenchResult> {
  const count = options.count ?? 20_000;
  const heapTarget = options.heapMegabytes ?? 200;
  const dir = await mkdtemp(path.join(tmpdir(), 'smm-bench-import-'));
  try {
    const small = path.join(dir, 'tweets.js');
    const bytes = await generateXArchive(small, count);
    await parseArchive(small); // warm up
    let started = performance.now();
    const records = await parseArchive(small);
    const parseSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    await serviceArchive(small);
    const serviceSeconds = (performance.now() - started) / 1000;

    // Size the heap run from the measured bytes per record.
    const large = path.join(dir, 'large', 'tweets.js');
    await (await import('node:fs/promises')).mkdir(path.dirname(large));
    const heapRecordsTarget = Math.ceil((heapTarget * 1_048_576) / (bytes / count));
    const largeBytes = await generateXArchive(large, heapRecordsTarget);
    collectGarbage();
    const baseline = process.memoryUsage().heapUsed;
    let peak = baseline;
    const sample = () => {
      const used = process.memoryUsage().heapUsed;
      if (used > peak) peak = used;
    };
    const timer = setInterval(sample, 20);
    let seen = 0;
    const heapRecords = await parseArchive(large, () => {
      if (++seen % 500 === 0) sample();
    });
    clearInterval(timer);
    sample();
    return {
      records,
      megabytes: megabytes(bytes),
      parseRecordsPerSecond: Math.round(records / parseSeconds),
      parseMegabytesPerSecond: Math.round((megabytes(bytes) / parseSeconds) * 10) / 10,
      serviceRecordsPerSecond: Math.round(records / serviceSeconds),
      heapFileMegabytes: megabytes(largeBytes),
      heapRecords,
      peakHeapMegabytes: megabytes(peak),
      baselineHeapMegabytes: megabytes(baseline),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [count, heap] = process.argv.slice(2).map(Number);
  const result = await runImportParseBench({ count: count || undefined, heapMegabytes: heap || undefined });
  console.log(
    [
      `import parse: ${result.records.toLocaleString('en-US')} records (${result.megabytes} MB) at ${result.parseRecordsPerSecond.toLocaleString('en-US')} records/s, ${result.parseMegabytesPerSecond} MB/s`,
      `import service (validate + hash, no storage): ${result.serviceRecordsPerSecond.toLocaleString('en-US')} records/s`,
      `peak heap parsing a ${result.heapFileMegabytes} MB tweets.js (${result.heapRecords.toLocaleString('en-US')} records): ${result.peakHeapMegabytes} MB (baseline ${result.baselineHeapMegabytes} MB)`,
    ].join('\n'),
  );
  console.log(JSON.stringify({ bench: 'import-parse', ...result }));
}
