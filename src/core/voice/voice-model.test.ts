import { describe, expect, it } from 'vitest';
import { BACKGROUND_TEXTS, ledgerPosts, mayaPosts } from '../../../test/helpers/voice-samples.js';
import { rowNorms, trainLinearSvm, type SparseRows } from './linear-svm.js';
import { HABITS, featuresOf } from './voice-features.js';
import { VOICE_MODEL, decisionValues, scoreAll, trainVoiceModel, type Read, type VoiceWarmStart } from './voice-model.js';

const BACKGROUND = BACKGROUND_TEXTS.slice(0, 8);

/** A read built by hand: `ids` with their values, no habits. */
function read(ids: number[], values: number[]): Read {
  return { vector: { ids: Int32Array.from(ids), values: Float32Array.from(values) } as Read['vector'], habits: new Float64Array(HABITS.length) };
}

/** The rows `fit` should build: every text's features restricted to those seen in at least `minDocuments` texts. */
function expectedRows(texts: string[]): { vocabulary: Map<number, number>; rows: SparseRows } {
  const reads = texts.map((text) => featuresOf(text));
  const documents = new Map<number, number>();
  for (const one of reads) for (const id of one.vector.ids) documents.set(id, (documents.get(id) ?? 0) + 1);
  const vocabulary = new Map<number, number>();
  for (const [id, count] of documents) if (count >= 2) vocabulary.set(id, vocabulary.size);
  const offsets = [0];
  const columns: number[] = [];
  const values: number[] = [];
  for (const one of reads) {
    one.vector.ids.forEach((id, index) => {
      const column = vocabulary.get(id);
      if (column === undefined) return;
      columns.push(column);
      values.push(one.vector.values[index] ?? 0);
    });
    offsets.push(columns.length);
  }
  return { vocabulary, rows: { rows: reads.length, width: vocabulary.size, offsets: Int32Array.from(offsets), columns: Int32Array.from(columns), values: Float32Array.from(values) } };
}

describe('decisionValues', () => {
  it('adds each known feature times its weight, per class, plus the bias column', () => {
    // Two classes, vocabulary ids 7 → column 0 and 9 → column 1; bias is column 2.
    const model = {
      classes: ['a', 'b'],
      vocabulary: new Map([
        [7, 0],
        [9, 1],
      ]),
      weights: Float32Array.from([1, 2, 3, 4, 0.5, -0.5]),
    };
    const values = decisionValues(model, read([7, 9, 11], [2, 3, 100]));
    expect(Array.from(values)).toEqual([1 * 2 + 3 * 3 + 0.5, 2 * 2 + 4 * 3 - 0.5]);
    expect(Array.from(decisionValues(model, read([], [])))).toEqual([0.5, -0.5]);
  });
});

describe('trainVoiceModel', () => {
  const maya = mayaPosts(12);
  const ledger = ledgerPosts(8);
  const texts = [...maya, ...ledger, ...BACKGROUND];

  it('without calibration, trains one-vs-rest SVMs over the features seen in at least two texts', async () => {
    const model = await trainVoiceModel({ profiles: [{ key: 'maya', texts: maya }, { key: 'ledger', texts: ledger }], background: BACKGROUND }, { calibrate: false });
    const { vocabulary, rows } = expectedRows(texts);
    expect(VOICE_MODEL.minDocuments).toBe(2);
    expect(model.vocabulary).toEqual(vocabulary);
    expect(model.classes).toEqual(['maya', 'ledger']);
    expect(model.calibration).toEqual([
      { slope: 1, intercept: 0 },
      { slope: 1, intercept: 0 },
    ]);
    expect(model.trainedOn).toEqual({ posts: 20, background: 8 });
    expect(model.weights).toHaveLength((vocabulary.size + 1) * 2);
    const labels = texts.map((_, index) => (index < 12 ? 0 : index < 20 ? 1 : -1));
    const norms = rowNorms(rows);
    for (const k of [0, 1]) {
      const signs = Int8Array.from(labels, (label) => (label === k ? 1 : -1));
      const expected = trainLinearSvm(rows, signs, norms, { cPositive: 0.5 * 4, cNegative: 0.5, seed: k + 1 });
      const column = Array.from({ length: vocabulary.size + 1 }, (_, index) => model.weights[index * 2 + k] ?? Number.NaN);
      expect(column).toEqual(Array.from(Float32Array.from(expected.weights)));
      expect(Array.from(model.warm?.alphas[k] ?? [])).toEqual(Array.from(Float32Array.from(expected.alpha)));
    }
  });

  it('keeps each profile’s habit means and spreads (population deviation) over its own posts only', async () => {
    const model = await trainVoiceModel({ profiles: [{ key: 'maya', texts: maya }, { key: 'ledger', texts: ledger }], background: BACKGROUND }, { calibrate: false });
    for (const [k, own] of [maya, ledger].entries()) {
      const habits = own.map((text) => featuresOf(text).habits);
      const mean = HABITS.map((_, index) => habits.reduce((sum, row) => sum + (row[index] ?? 0), 0) / habits.length);
      const deviation = HABITS.map((_, index) => Math.sqrt(habits.reduce((sum, row) => sum + ((row[index] ?? 0) - (mean[index] ?? 0)) ** 2, 0) / habits.length));
      expect(model.habits[k]?.mean.map((value) => value.toFixed(9))).toEqual(mean.map((value) => value.toFixed(9)));
      expect(model.habits[k]?.deviation.map((value) => value.toFixed(9))).toEqual(deviation.map((value) => value.toFixed(9)));
    }
    // Not all-zero habits: the deviation check above would hold for constant rows too.
    expect(model.habits[0]?.mean.some((value) => value > 0)).toBe(true);
    expect(model.habits[1]?.deviation.some((value) => value > 0)).toBe(true);
  });

  it('gives a profile without posts zero means and spreads', async () => {
    const model = await trainVoiceModel({ profiles: [{ key: 'maya', texts: maya }, { key: 'empty', texts: [] }], background: BACKGROUND }, { calibrate: false });
    expect(model.habits[1]).toEqual({ mean: HABITS.map(() => 0), deviation: HABITS.map(() => 0) });
  });

  it('remembers each row by profile key and text (background rows by \\u0001 and text) for the next warm start', async () => {
    const model = await trainVoiceModel({ profiles: [{ key: 'maya', texts: maya.slice(0, 2) }], background: BACKGROUND.slice(0, 1) }, { calibrate: false });
    const warm = model.warm as VoiceWarmStart;
    expect([...warm.rows.entries()]).toEqual([
      [`maya\u0000${maya[0]}`, 0],
      [`maya\u0000${maya[1]}`, 1],
      [`\u0001${BACKGROUND[0]}`, 2],
    ]);
    expect(warm.classes).toEqual(['maya']);
    expect(warm.links).toBe('mask');
    expect([...warm.reads.keys()]).toEqual([maya[0], maya[1], BACKGROUND[0]]);
  });

  it('reuses the previous training’s reads of the same link mode, and only those', async () => {
    const text = maya[0] as string;
    const planted = read([123], [1]);
    const previous: VoiceWarmStart = { links: 'mask', rows: new Map(), classes: [], alphas: [], reads: new Map([[text, planted]]) };
    const set = { profiles: [{ key: 'maya', texts: [text] }], background: [] };
    const reused = await trainVoiceModel(set, { calibrate: false, previous });
    expect(reused.warm?.reads.get(text)).toBe(planted);
    const otherLinks = await trainVoiceModel(set, { calibrate: false, previous: { ...previous, links: 'keep' } });
    expect(otherLinks.warm?.reads.get(text)).not.toBe(planted);
    expect(Array.from(otherLinks.warm?.reads.get(text)?.vector.ids ?? [])).toEqual(Array.from(featuresOf(text).vector.ids));
  });

  it('pauses after every 200 fresh texts, before each step of a fit, and before every 10th profile’s phrases', async () => {
    let pauses = 0;
    const pause = (): Promise<void> => {
      pauses += 1;
      return Promise.resolve();
    };
    const many = mayaPosts(200).map((text, index) => `${text} (${index})`);
    // 200 fresh texts: 1; fit: 2 + 1 per class; phrases: 1 (profile 0).
    await trainVoiceModel({ profiles: [{ key: 'maya', texts: many }], background: [] }, { calibrate: false, pause });
    expect(pauses).toBe(1 + 2 + 1 + 1);
    pauses = 0;
    // 199 fresh texts (one repeated): no read pause; with calibration, two fits of 11 classes; phrases: profiles 0 and 10.
    const profiles = Array.from({ length: 11 }, (_, index) => ({ key: `p${index}`, texts: index === 0 ? [...many.slice(0, 199), many[0] as string] : [] }));
    await trainVoiceModel({ profiles, background: [] }, { calibrate: true, pause });
    expect(pauses).toBe(2 * (2 + 11) + 2);
  });

  it('calibrates a profile with three held-out posts on its own, one with fewer on the pooled fit', async () => {
    // Every 4th post is held out: 12 posts → 3 held out; 8 posts → 2.
    const model = await trainVoiceModel({
      profiles: [
        { key: 'maya', texts: mayaPosts(12) },
        { key: 'ledger', texts: ledgerPosts(8) },
        { key: 'ledger2', texts: ledgerPosts(8, 40) },
      ],
      background: BACKGROUND,
    });
    // Pinned from a run: the held-out split, the labels and the pooled fit all move these.
    expect(model.calibration.map(({ slope, intercept }) => [slope.toFixed(6), intercept.toFixed(6)])).toEqual([
      ['5.281996', '0.257801'],
      ['4.585280', '0.320245'],
      ['4.585280', '0.320245'],
    ]);
    expect(model.calibration[1]).toEqual(model.calibration[2]);
    expect(model.calibration[0]).not.toEqual(model.calibration[1]);
    expect(model.calibration[1]).not.toEqual({ slope: 1, intercept: 0 });
    const scored = scoreAll(model, mayaPosts(1, 50)[0] as string);
    expect(scored.scores).toHaveLength(3);
    expect(scored.scores[0]).toBeGreaterThan(scored.scores[1] ?? 100);
  });
});
