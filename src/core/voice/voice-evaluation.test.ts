import { beforeEach, describe, expect, it, vi } from 'vitest';
import { evaluateVoice, fingerprintsByAuthor, type AuthoredPost } from './voice-evaluation.js';

/*
 * The evaluation only counts ranks and medians: the fingerprint and its score
 * are replaced by fakes that read each test text's figures from the text
 * itself. For the profile of author A: "A=3" is its similarity alone, "wA=3"
 * with the workspace background, "sA=30" its 0-100 score alone (missing: 0).
 */
vi.mock('./voice-fingerprint.js', () => ({
  buildFingerprint: vi.fn((samples: ReadonlyArray<{ text: string }>) => ({ key: /by=(\w+)/u.exec(samples[0]?.text ?? '')?.[1] ?? '', texts: samples.map((sample) => sample.text) })),
}));
vi.mock('./voice-score.js', () => ({
  buildVoiceBackground: vi.fn((fingerprints: ReadonlyArray<{ key: string }>) => ({ keys: fingerprints.map((fingerprint) => fingerprint.key) })),
  readVoiceText: vi.fn((text: string) => ({ read: text })),
  scoreVoice: vi.fn((fingerprint: { key: string }, text: { read: string }, background?: unknown) => ({
    similarity: valueIn(text.read, background === undefined ? fingerprint.key : `w${fingerprint.key}`),
    score: valueIn(text.read, `s${fingerprint.key}`),
  })),
}));

function valueIn(text: string, key: string): number {
  const found = new RegExp(`(?:^| )${key}=(-?[\\d.]+)`, 'u').exec(text);
  return found ? Number(found[1]) : 0;
}

const { buildVoiceBackground, scoreVoice } = vi.mocked(await import('./voice-score.js'));

beforeEach(() => {
  vi.clearAllMocks();
});

const AUTHORS = ['A', 'B', 'C', 'D', 'E', 'F', 'G'];
const TRAIN: AuthoredPost[] = AUTHORS.map((author) => ({ author, text: `by=${author} train` }));

describe('fingerprintsByAuthor', () => {
  it('builds one fingerprint per author from its posts, in first-seen order', () => {
    const train: AuthoredPost[] = [
      { author: 'b', text: 'by=b one' },
      { author: 'a', text: 'by=a one' },
      { author: 'b', text: 'by=b two', time: '2024-01-01' },
    ];
    expect([...fingerprintsByAuthor(train)]).toEqual([
      ['b', { key: 'b', texts: ['by=b one', 'by=b two'] }],
      ['a', { key: 'a', texts: ['by=a one'] }],
    ]);
    expect(fingerprintsByAuthor([]).size).toBe(0);
  });
});

describe('evaluateVoice', () => {
  it('counts top-1 and top-5 in the workspace and alone, ties against the true author', () => {
    const test: AuthoredPost[] = [
      // alone: first; workspace: tied with B, so second.
      { author: 'A', text: 'A=10 wA=1 wB=1 sA=50 sB=40' },
      // alone: four better, fifth; workspace: first.
      { author: 'A', text: 'A=1 B=2 C=2 D=2 E=2 wA=9 sA=40' },
      // five better in both: out of the top five.
      { author: 'A', text: 'A=1 B=2 C=2 D=2 E=2 F=2 wA=1 wB=2 wC=2 wD=2 wE=2 wF=2 sA=39' },
      // alone: first (others 0); workspace: tied with C and D, third.
      { author: 'B', text: 'B=1 wB=1 wC=1 wD=1 sB=70' },
      // no train posts: skipped.
      { author: 'Z', text: 'Z=1' },
    ];
    const progress: Array<[number, number]> = [];
    const result = evaluateVoice(TRAIN, test, { onProgress: (done, total) => progress.push([done, total]) });
    expect(result).toEqual({
      authors: 7,
      trainPosts: 7,
      testPosts: 4,
      skippedPosts: 1,
      workspace: { top1: 0.25, top5: 0.75 },
      alone: { top1: 0.5, top5: 0.75 },
      calibration: {
        // own: 39, 40, 50, 70; others: 23 zeros and one 40.
        ownMedian: 45,
        otherMedian: 0,
        threshold: 40,
        ownAtLeast: 0.75,
        otherAtLeast: 1 / 24,
      },
    });
    expect(progress).toEqual([
      [1, 4],
      [2, 4],
      [3, 4],
      [4, 4],
    ]);
  });

  it('scores the workspace against the background of every profile, and alone without one', () => {
    evaluateVoice(TRAIN.slice(0, 2), [{ author: 'A', text: 'A=1' }]);
    expect(buildVoiceBackground.mock.calls).toEqual([
      [
        [
          { key: 'A', texts: ['by=A train'] },
          { key: 'B', texts: ['by=B train'] },
        ],
      ],
    ]);
    expect(scoreVoice.mock.calls.map(([fingerprint, , background]) => [(fingerprint as unknown as { key: string }).key, background])).toEqual([
      ['A', { keys: ['A', 'B'] }],
      ['A', undefined],
      ['B', { keys: ['A', 'B'] }],
      ['B', undefined],
    ]);
  });

  it('takes the middle score of an odd count and counts scores at the threshold', () => {
    const test: AuthoredPost[] = [
      { author: 'A', text: 'A=1 sA=30 sB=10' },
      { author: 'A', text: 'A=1 sA=60 sB=50' },
      { author: 'B', text: 'B=1 sB=20 sA=45' },
    ];
    const { calibration } = evaluateVoice(TRAIN.slice(0, 2), test, { threshold: 45 });
    expect(calibration).toEqual({ ownMedian: 30, otherMedian: 45, threshold: 45, ownAtLeast: 1 / 3, otherAtLeast: 2 / 3 });
  });

  it('reports zeros when nothing can be scored', () => {
    expect(evaluateVoice(TRAIN, [{ author: 'Z', text: 'Z=1' }])).toEqual({
      authors: 7,
      trainPosts: 7,
      testPosts: 0,
      skippedPosts: 1,
      workspace: { top1: 0, top5: 0 },
      alone: { top1: 0, top5: 0 },
      calibration: { ownMedian: 0, otherMedian: 0, threshold: 40, ownAtLeast: 0, otherAtLeast: 0 },
    });
  });
});
