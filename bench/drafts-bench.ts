/**
 * Drafts: what the rule check adds to `post list` (every unpublished post is
 * checked against its platform's rules on the way out). Lists of 100 and 500
 * drafts from a real SQLite file, with and without the check, in one run:
 * the ratio is the figure that counts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MemoryVectorIndex } from '../src/adapters/vector/memory-vector-index.js';
import { loadConfig } from '../src/app/config.js';
import { createApp } from '../src/app/create-app.js';
import type { NewPost } from '../src/core/ports.js';
import { PostInputSchema } from '../src/core/posts/post-schema.js';
import { round, summarize } from './bench-stats.js';

const PLATFORMS = ['x', 'bluesky', 'mastodon', 'linkedin', 'threads'] as const;

function draft(index: number): NewPost {
  const platform = PLATFORMS[index % PLATFORMS.length]!;
  // One in five is too long for X and Bluesky, with links, hashtags and an emoji, like real drafts.
  const body = `Draft ${index}: cold brew notes from the roastery, https://example.com/notes/${index} #coffee #coldbrew ☕ `;
  const text = index % 5 === 0 ? body.repeat(4) : body;
  return { ...PostInputSchema.parse({ platform, text, status: 'draft', source: 'written' }), dedupeKey: `bench:${index}` };
}

async function time(runs: number, work: () => Promise<unknown>): Promise<number[]> {
  const timings: number[] = [];
  for (let run = 0; run <= runs; run += 1) {
    const started = performance.now();
    await work();
    if (run > 0) timings.push(performance.now() - started); // the first run warms caches
  }
  return timings;
}

export async function runDraftsBench(runs = 21): Promise<Record<string, unknown>> {
  const home = mkdtempSync(path.join(tmpdir(), 'smm-drafts-bench-'));
  const app = await createApp(loadConfig({ SMM_HOME: home, SMM_LLM: 'scripted' }), { vectorIndex: new MemoryVectorIndex() });
  try {
    const scope = { workspace: 'default' };
    const profile = await app.profiles.create(scope, { handle: 'bench', displayName: 'Bench', voice: { bannedWords: ['synergy', 'leverage'] } });
    await app.storage.posts.insertMany(profile.id, Array.from({ length: 500 }, (_, index) => draft(index)));
    const figures: Record<string, unknown> = {};
    for (const limit of [100, 500]) {
      const plain = summarize(await time(runs, () => app.posts.list(scope, { handle: 'bench', limit })));
      const checked = summarize(await time(runs, () => app.posts.listChecked(scope, { handle: 'bench', limit })));
      figures[`list${limit}Ms`] = plain.p50;
      figures[`listChecked${limit}Ms`] = checked.p50;
      figures[`checkRatio${limit}`] = round(checked.p50 / plain.p50);
    }
    return figures;
  } finally {
    await app.close();
    rmSync(home, { recursive: true, force: true });
  }
}
