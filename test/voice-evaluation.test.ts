import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateVoice, type AuthoredPost } from '../src/core/voice/voice-evaluation.js';
import { needSharedFixtures, sharedFixture } from './helpers/optional-needs.js';

const skipReason = needSharedFixtures('Voice evaluation on the development set', 'voice-devset/train.jsonl', 'voice-devset/test.jsonl');

function read(file: string): AuthoredPost[] {
  return readFileSync(sharedFixture('voice-devset', file), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as AuthoredPost);
}

/** The first `perAuthor` posts of each of `authors`, in file order. */
function subset(posts: readonly AuthoredPost[], authors: ReadonlySet<string>, perAuthor: number): AuthoredPost[] {
  const taken = new Map<string, number>();
  return posts.filter((post) => {
    if (!authors.has(post.author)) return false;
    const count = taken.get(post.author) ?? 0;
    taken.set(post.author, count + 1);
    return count < perAuthor;
  });
}

describe.skipIf(skipReason)('voice evaluation on the development set (subset)', () => {
  it('tells 13 real accounts apart far better than chance', () => {
    const train = read('train.jsonl');
    const authors = new Set([...new Set(train.map((post) => post.author))].sort().filter((_, index) => index % 2 === 0));
    expect(authors.size).toBe(13);
    const progress: number[] = [];
    const result = evaluateVoice(subset(train, authors, 40), subset(read('test.jsonl'), authors, 8), { onProgress: (done) => progress.push(done) });

    expect(result.authors).toBe(13);
    expect(result.testPosts).toBe(104);
    expect(progress.at(-1)).toBe(104);
    // Chance is 1/13 ≈ 0.08 top-1 and 5/13 ≈ 0.38 top-5.
    expect(result.workspace.top1).toBeGreaterThanOrEqual(0.6);
    expect(result.workspace.top5).toBeGreaterThanOrEqual(0.85);
    expect(result.alone.top1).toBeGreaterThanOrEqual(0.5);
    // Calibration: own posts score high, other voices' low.
    expect(result.calibration.ownMedian).toBeGreaterThan(60);
    expect(result.calibration.otherMedian).toBeLessThan(30);
    console.info(`subset: workspace top1=${result.workspace.top1.toFixed(3)} top5=${result.workspace.top5.toFixed(3)}, alone top1=${result.alone.top1.toFixed(3)}`);
  });

  it('skips test posts whose author has no profile', () => {
    const result = evaluateVoice(
      [
        { author: 'a', text: 'quick thought: ship small 🚀' },
        { author: 'b', text: 'Report Finds Costs Rising https://lgr.news/1' },
      ],
      [
        { author: 'a', text: 'quick thought: test early 🚀' },
        { author: 'c', text: 'nobody wrote this' },
      ],
    );
    expect(result).toMatchObject({ authors: 2, testPosts: 1, skippedPosts: 1, workspace: { top1: 1, top5: 1 } });
  });
});
