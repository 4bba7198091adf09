/**
 * Edit-learning benchmarks: what learning from edits adds to each
 * generation. A profile with 50 approved (generated → edited) pairs of real
 * posts from ../shared/fixtures/voice-devset, over a real SQLite file:
 * - guidance, cold: reading the 50 pairs and learning from them (the first
 *   generation of a process); warm: the same pairs again (the service keeps
 *   what it learnt until a pair or a removal changes), p50/p95;
 * - learn: the pure analysis alone (diffs, habits, phrases);
 * - rank: scoring and ordering 3 variants against the guidance;
 * - reference: listing 20 posts of the profile in the same run, so the
 *   guidance cost reads as a ratio on any machine.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openStorage } from '../src/adapters/storage/open-storage.js';
import { EditLearningService, RECENT_PAIRS } from '../src/core/learning/edit-learning-service.js';
import { learnGuidance } from '../src/core/learning/edit-guidance.js';
import { rankByEdits } from '../src/core/learning/edit-ranking.js';
import { PostInputSchema } from '../src/core/posts/post-schema.js';
import { ProfileService } from '../src/core/profiles/profile-service.js';
import { readDevset } from '../test/helpers/generation-stack.js';
import { round, summarize } from './bench-stats.js';

const RUNS = 200;

async function time(runs: number, work: () => Promise<unknown> | unknown): Promise<number[]> {
  const timings: number[] = [];
  for (let index = 0; index < runs; index += 1) {
    const started = performance.now();
    await work();
    timings.push(performance.now() - started);
  }
  return timings;
}

export async function runEditsBench(): Promise<Record<string, unknown>> {
  const dir = await mkdtemp(path.join(tmpdir(), 'smm-edits-bench-'));
  const storage = await openStorage({ sqlitePath: path.join(dir, 'smm.db') });
  try {
    const profiles = new ProfileService(storage.profiles);
    const scope = { workspace: 'default' };
    const profile = await profiles.create(scope, { handle: 'bench', displayName: 'Bench', platforms: ['x'] });
    const posts = (await readDevset()).slice(0, RECENT_PAIRS);
    for (const [index, post] of posts.entries()) {
      // What a model might add and the user takes out again: an emoji, an opener, a hashtag.
      const generated = `🎉 Excited to announce: ${post.text} #news`;
      const { posts: drafts } = await storage.generations.save(
        { profileId: profile.id, platform: 'x', kind: 'generate', topic: 't', model: 'bench', promptVersion: 'generate-v1', retrieval: 'vector', exampleIds: [], promptTokens: 1, completionTokens: 1, latencyMs: 1 },
        [{ ...PostInputSchema.parse({ platform: 'x', text: generated, source: 'generated' }), dedupeKey: `generated:${index}` }],
      );
      await storage.editPairs.recordApproved(drafts[0]!.id, { platform: 'x', approvedText: post.text, at: new Date(Date.UTC(2026, 0, 1, 0, index)).toISOString() });
    }
    const newService = () =>
      new EditLearningService({ pairs: storage.editPairs, profiles, settings: storage.settings, workspaces: storage.profiles, clock: { now: () => new Date() } });
    const service = newService();
    const guidance = await service.guidanceFor(profile, 'x');
    const pairs = await storage.editPairs.listApproved(profile.id, RECENT_PAIRS);
    const variants = [posts[0]!.text, `🎉 Excited to announce: ${posts[1]!.text} #news`, posts[2]!.text];

    const reference = await time(RUNS, () => storage.posts.list({ workspace: 'default', profileId: profile.id, limit: 20 }));
    const guidanceTimings = await time(RUNS, () => service.guidanceFor(profile, 'x'));
    const coldTimings = await time(RUNS, () => newService().guidanceFor(profile, 'x'));
    const learnTimings = await time(RUNS, () => learnGuidance(pairs, new Set(), 'x'));
    const rankTimings = await time(RUNS * 5, () => rankByEdits(variants, (text) => text, guidance.items));
    const guidanceStats = summarize(guidanceTimings);
    const coldStats = summarize(coldTimings);
    const referenceStats = summarize(reference);
    return {
      pairs: pairs.length,
      learnt: guidance.items.map((item) => `${item.id} (${item.evidence})`),
      guidanceWarmMs: guidanceStats,
      guidanceColdMs: coldStats,
      learnMs: summarize(learnTimings),
      rank3Ms: summarize(rankTimings),
      list20Ms: referenceStats,
      warmOverList20: round(guidanceStats.p50 / Math.max(0.001, referenceStats.p50)),
      coldOverList20: round(coldStats.p50 / Math.max(0.001, referenceStats.p50)),
    };
  } finally {
    await storage.close();
    await rm(dir, { recursive: true, force: true });
  }
}
