import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuthoredPost } from './voice-evaluation.js';
import { evaluateClosedSet, evaluateVerification, postsByAuthor, rocFigures, splitByTime } from './voice-model-evaluation.js';

/*
 * The evaluation only counts ranks and ROC figures: the model and the
 * fingerprint score are replaced by fakes that read each text's scores from
 * the text itself ("by=A A=3 B=5": the fake model gives class A 3, class B 5;
 * missing classes get 0), so that every rank and tie is chosen by the test.
 */
vi.mock('./voice-model.js', () => ({
  trainVoiceModel: vi.fn((set: { profiles: ReadonlyArray<{ key: string }> }) => Promise.resolve({ classes: set.profiles.map((profile) => profile.key) })),
  scoreAll: vi.fn((model: { classes: string[] }, text: string) => {
    const values = model.classes.map((key) => valueIn(text, key));
    return { values: Float64Array.from(values), scores: values, read: {} };
  }),
}));
vi.mock('./voice-fingerprint.js', () => ({
  buildFingerprint: vi.fn((samples: ReadonlyArray<{ text: string }>) => ({ key: /by=(\w+)/u.exec(samples[0]?.text ?? '')?.[1] ?? '' })),
}));
vi.mock('./voice-score.js', () => ({
  scoreVoice: vi.fn((fingerprint: { key: string }, text: string) => ({ similarity: valueIn(text, fingerprint.key) })),
}));

function valueIn(text: string, key: string): number {
  const found = new RegExp(`(?:^| )${key}=(-?[\\d.]+)`, 'u').exec(text);
  return found ? Number(found[1]) : 0;
}

const { trainVoiceModel } = vi.mocked(await import('./voice-model.js'));
const { buildFingerprint } = vi.mocked(await import('./voice-fingerprint.js'));
const { scoreVoice } = vi.mocked(await import('./voice-score.js'));

beforeEach(() => {
  vi.clearAllMocks();
});

const AUTHORS = ['A', 'B', 'C', 'D', 'E', 'F', 'G'];
const TRAIN: AuthoredPost[] = AUTHORS.map((author) => ({ author, text: `by=${author} train` }));

describe('postsByAuthor', () => {
  it('groups posts by author in first-seen order, newest first by time', () => {
    const posts: AuthoredPost[] = [
      { author: 'b', text: 'b old', time: '2024-01-01' },
      { author: 'a', text: 'a mid', time: '2024-02-01' },
      { author: 'b', text: 'b new', time: '2024-03-01' },
      { author: 'a', text: 'a new', time: '2024-05-01' },
      { author: 'a', text: 'a old', time: '2023-12-31' },
    ];
    expect([...postsByAuthor(posts)]).toEqual([
      ['b', ['b new', 'b old']],
      ['a', ['a new', 'a mid', 'a old']],
    ]);
  });

  it('keeps listing order reversed when times are missing or equal (last listed is newest)', () => {
    const posts: AuthoredPost[] = [
      { author: 'a', text: 'one' },
      { author: 'a', text: 'two' },
      { author: 'a', text: 'three' },
      { author: 'b', text: 'x', time: '2024-01-01' },
      { author: 'b', text: 'y', time: '2024-01-01' },
    ];
    expect(postsByAuthor(posts)).toEqual(
      new Map([
        ['a', ['three', 'two', 'one']],
        ['b', ['y', 'x']],
      ]),
    );
  });

  it('puts posts with a time before those without one', () => {
    const posts: AuthoredPost[] = [
      { author: 'a', text: 'timed', time: '2020-01-01' },
      { author: 'a', text: 'untimed' },
    ];
    expect(postsByAuthor(posts).get('a')).toEqual(['timed', 'untimed']);
    expect(postsByAuthor([]).size).toBe(0);
  });
});

describe('splitByTime', () => {
  it("sends each author's newest posts to check and the older ones to fit", () => {
    const posts: AuthoredPost[] = [
      { author: 'a', text: 'a1', time: '1' },
      { author: 'a', text: 'a2', time: '2' },
      { author: 'a', text: 'a3', time: '3' },
      { author: 'b', text: 'b1', time: '1' },
    ];
    expect(splitByTime(posts, 2)).toEqual({
      check: [
        { author: 'a', text: 'a3' },
        { author: 'a', text: 'a2' },
        { author: 'b', text: 'b1' },
      ],
      fit: [{ author: 'a', text: 'a1' }],
    });
    expect(splitByTime(posts, 0)).toEqual({
      check: [],
      fit: [
        { author: 'a', text: 'a3' },
        { author: 'a', text: 'a2' },
        { author: 'a', text: 'a1' },
        { author: 'b', text: 'b1' },
      ],
    });
  });
});

describe('rocFigures', () => {
  it('counts wins, ties as half, over every positive-negative pair', () => {
    // pairs: 3>1, 3>2, 2>1, 2=2 (half): 3.5 of 4.
    expect(rocFigures([3, 2], [1, 2]).auc).toBe(3.5 / 4);
    expect(rocFigures([1], [2]).auc).toBe(0);
    expect(rocFigures([2], [2]).auc).toBe(0.5);
    expect(rocFigures([5], [1, 2, 3]).auc).toBe(1);
  });

  it('is 0 with no positives or no negatives', () => {
    expect(rocFigures([], [1, 2])).toEqual({ auc: 0, tpr: 0 });
    expect(rocFigures([1, 2], []).auc).toBe(0);
  });

  it('takes the threshold just above the highest negatives beyond the allowed share', () => {
    const negatives = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
    // 10% of ten negatives: one (10) may pass, so the threshold is just above 9.
    expect(rocFigures([9, 9.5, 10, 11], negatives)).toEqual({ auc: (1 * 8 + 0.5 + 9 + 9.5 + 10) / 40, tpr: 3 / 4 });
    // negatives given in any order
    expect(rocFigures([9, 9.5], [1, 9, 10, 2, 3, 4, 5, 6, 7, 8]).tpr).toBe(0.5);
    // 20% lets two through: the threshold is just above 8.
    expect(rocFigures([8, 8.5, 9], negatives, 0.2).tpr).toBe(2 / 3);
  });

  it('lets every positive through when the share allows every negative, and none that only ties the top negative', () => {
    expect(rocFigures([-5, 0], [1, 2], 1).tpr).toBe(1);
    // Fewer than ten negatives at 10%: none may pass, the threshold is just above the highest.
    expect(rocFigures([2, 2.5, 3], [1, 2]).tpr).toBe(2 / 3);
    expect(rocFigures([1, 2], [3]).tpr).toBe(0);
  });
});

describe('evaluateClosedSet', () => {
  it('counts top-1 and top-5 with ties against the true author, and skips unknown authors', async () => {
    const test: AuthoredPost[] = [
      { author: 'A', text: 'A=10' }, // first
      { author: 'A', text: 'A=5 B=5' }, // tie: rank 2
      { author: 'A', text: 'A=1 B=2 C=2 D=2 E=2 F=2' }, // five better: out of the top five
      { author: 'A', text: 'A=1 B=2 C=2 D=2 E=2' }, // four better: fifth
      { author: 'Z', text: 'Z=9' }, // no train posts
    ];
    const progress: Array<[number, number]> = [];
    const result = await evaluateClosedSet(TRAIN, test, { onProgress: (done, total) => progress.push([done, total]) });
    expect(result).toEqual({ top1: 0.25, top5: 0.75, testPosts: 4 });
    expect(progress).toEqual([
      [1, 4],
      [2, 4],
      [3, 4],
      [4, 4],
    ]);
  });

  it('ranks the true author first when it only ties itself', async () => {
    const result = await evaluateClosedSet(TRAIN, [{ author: 'C', text: 'C=0 A=-1 B=-1 D=-1 E=-1 F=-1 G=-1' }]);
    expect(result).toEqual({ top1: 1, top5: 1, testPosts: 1 });
  });

  it('reports zeros with no test post it can score', async () => {
    expect(await evaluateClosedSet(TRAIN, [])).toEqual({ top1: 0, top5: 0, testPosts: 0 });
  });

  it('trains one uncalibrated model of every train author, with the given background and options', async () => {
    const train: AuthoredPost[] = [
      { author: 'x', text: 'x1' },
      { author: 'y', text: 'y1' },
      { author: 'x', text: 'x2' },
    ];
    await evaluateClosedSet(train, [], { links: 'keep', c: 2, background: ['bg'] });
    expect(trainVoiceModel).toHaveBeenCalledTimes(1);
    expect(trainVoiceModel.mock.calls[0]).toEqual([
      {
        profiles: [
          { key: 'x', texts: ['x2', 'x1'] },
          { key: 'y', texts: ['y1'] },
        ],
        background: ['bg'],
      },
      { links: 'keep', c: 2, calibrate: false },
    ]);
    await evaluateClosedSet(train, []);
    expect(trainVoiceModel.mock.calls[1]?.[0].background).toEqual([]);
    expect(trainVoiceModel.mock.calls[1]?.[1]).toEqual({ links: undefined, c: undefined, calibrate: false });
  });
});

describe('evaluateVerification', () => {
  const train: AuthoredPost[] = [
    { author: 'A', text: 'by=A a1' },
    { author: 'B', text: 'by=B b1' },
    { author: 'A', text: 'by=A a2' },
  ];
  const test: AuthoredPost[] = [
    { author: 'A', text: 'A=9 B=1' },
    { author: 'A', text: 'A=3 B=5' },
    { author: 'B', text: 'A=5 B=2' },
    { author: 'B', text: 'A=1 B=4' },
  ];

  it("scores each author's own test posts against everyone else's, and averages over authors", async () => {
    const progress: Array<[number, number]> = [];
    const result = await evaluateVerification(train, test, { onProgress: (done, total) => progress.push([done, total]) });
    // A: positives 9, 3; negatives 5, 1: 3 of 4 pairs, one positive above 5.
    // B: positives 2, 4; negatives 1, 5: 2 of 4 pairs, none above 5.
    expect(result).toEqual({
      authors: 2,
      auc: (0.75 + 0.5) / 2,
      tprAtFpr10: (0.5 + 0) / 2,
      perAuthor: [
        { author: 'A', auc: 0.75, tprAtFpr10: 0.5 },
        { author: 'B', auc: 0.5, tprAtFpr10: 0 },
      ],
    });
    expect(progress).toEqual([
      [1, 2],
      [2, 2],
    ]);
  });

  it('trains each author alone against the background, adding the other authors only when asked', async () => {
    await evaluateVerification(train, test, { background: ['bg'], links: 'keep', c: 3 });
    expect(trainVoiceModel.mock.calls).toEqual([
      [{ profiles: [{ key: 'A', texts: ['by=A a2', 'by=A a1'] }], background: ['bg'] }, { links: 'keep', c: 3 }],
      [{ profiles: [{ key: 'B', texts: ['by=B b1'] }], background: ['bg'] }, { links: 'keep', c: 3 }],
    ]);
    trainVoiceModel.mockClear();
    await evaluateVerification(train, test, { otherAuthorsAsBackground: true });
    expect(trainVoiceModel.mock.calls.map(([set]) => set.background)).toEqual([['by=B b1'], ['by=A a2', 'by=A a1']]);
    expect(buildFingerprint).not.toHaveBeenCalled();
  });

  it('reports zeros with no train author', async () => {
    expect(await evaluateVerification([], test)).toEqual({ authors: 0, auc: 0, tprAtFpr10: 0, perAuthor: [] });
  });

  it('with the fingerprint baseline, scores texts with links masked unless links are kept', async () => {
    const linked: AuthoredPost[] = [
      { author: 'A', text: 'by=A see https://example.com/page' },
      { author: 'B', text: 'by=B hi' },
    ];
    const result = await evaluateVerification(linked, test, { fingerprintBaseline: true });
    expect(trainVoiceModel).not.toHaveBeenCalled();
    expect(buildFingerprint.mock.calls[0]?.[0]).toEqual([{ text: 'by=A see \u2197' }]);
    expect(result.perAuthor).toEqual([
      { author: 'A', auc: 0.75, tprAtFpr10: 0.5 },
      { author: 'B', auc: 0.5, tprAtFpr10: 0 },
    ]);
    expect(scoreVoice.mock.calls.map(([, text]) => text)).toEqual([...test, ...test].map((post) => post.text));

    buildFingerprint.mockClear();
    await evaluateVerification(linked, test, { fingerprintBaseline: true, links: 'keep' });
    expect(buildFingerprint.mock.calls[0]?.[0]).toEqual([{ text: 'by=A see https://example.com/page' }]);
  });
});
