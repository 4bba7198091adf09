import { describe, expect, it } from 'vitest';
import { VoiceModelCache, type WorkspaceTrainingInput } from './voice-model-cache.js';

const BACKGROUND = ['The council meets on Tuesday.', 'Tickets are on sale from Monday.', 'just made pancakes lol', 'Our report is out now.', 'Can anyone recommend a plumber?', 'The library is closed on Saturday.'];
const CALM = ['Fog on the marsh this morning.', 'Herons by the pond again.', 'The river is high this week.', 'Frost on the meadow today.', 'Owls at dusk, frogs at night.', 'Geese are back on the lake.'];

function input(signature: string, texts: string[] = CALM): () => Promise<WorkspaceTrainingInput> {
  return () => Promise.resolve({ signature, set: { profiles: [{ key: '1', texts }], background: BACKGROUND } });
}

describe('VoiceModelCache', () => {
  it('trains once per signature and swaps in the retrained model when it is ready', async () => {
    const cache = new VoiceModelCache();
    const first = await cache.model('w', 'a', input('a'), '1');
    expect(first?.classes).toEqual(['1']);
    expect(await cache.model('w', 'a', input('a'), '1')).toBe(first);
    // A change: the stale model answers at once, the new one replaces it when trained.
    const during = await cache.model('w', 'b', input('b', [...CALM, 'Swallows over the reeds.']), '1');
    expect(during).toBe(first);
    const next = await cache.pending('w');
    expect(next).not.toBe(first);
    expect(next?.trainedOn.posts).toBe(CALM.length + 1);
    expect(await cache.model('w', 'b', input('b'), '1')).toBe(next);
  });

  it('waits for the retrain when the current model lacks the profile asked for', async () => {
    const cache = new VoiceModelCache();
    await cache.model('w', 'a', input('a'), '1');
    const withSecond = (): Promise<WorkspaceTrainingInput> =>
      Promise.resolve({ signature: 'c', set: { profiles: [{ key: '1', texts: CALM }, { key: '2', texts: BACKGROUND.map((text) => text.toUpperCase()) }], background: BACKGROUND } });
    expect((await cache.model('w', 'c', withSecond, '2'))?.classes).toEqual(['1', '2']);
  });

  it('keeps the last model and reports the error when a retrain fails', async () => {
    const errors: unknown[] = [];
    const cache = new VoiceModelCache({ onError: (_workspace, error) => errors.push(error) });
    const first = await cache.model('w', 'a', input('a'), '1');
    const failing = (): Promise<WorkspaceTrainingInput> => Promise.reject(new Error('storage went away'));
    expect(await cache.model('w', 'b', failing, '1')).toBe(first);
    await cache.pending('w')?.catch(() => undefined);
    expect(errors).toHaveLength(1);
    expect(await cache.model('w', 'a', input('a'), '1')).toBe(first);
  });
});

/** An input whose answer the test releases (or fails), counting its calls. */
function held(signature: string, texts: string[] = CALM): { input: () => Promise<WorkspaceTrainingInput>; calls: () => number; release: () => void; fail: () => void } {
  let calls = 0;
  let settle: { resolve: (value: WorkspaceTrainingInput) => void; reject: (error: Error) => void } | undefined;
  const answer = new Promise<WorkspaceTrainingInput>((resolve, reject) => (settle = { resolve, reject }));
  return {
    input: () => {
      calls += 1;
      return answer;
    },
    calls: () => calls,
    release: () => settle?.resolve({ signature, set: { profiles: [{ key: '1', texts }], background: BACKGROUND } }),
    fail: () => settle?.reject(new Error(`input ${signature} failed`)),
  };
}

describe('VoiceModelCache: one training per signature, the latest wins', () => {
  it('does not ask for the input again while the model is current', async () => {
    const cache = new VoiceModelCache();
    const a = held('a');
    a.release();
    const first = await cache.model('w', 'a', a.input, '1');
    expect(await cache.model('w', 'a', a.input, '1')).toBe(first);
    expect(a.calls()).toBe(1);
    expect(cache.pending('w')).toBeUndefined();
  });

  it('joins a training under way for the same signature, starts another for a new one', async () => {
    const cache = new VoiceModelCache();
    const a = held('a');
    a.release();
    const first = await cache.model('w', 'a', a.input, '1');
    const b = held('b', [...CALM, 'Swallows over the reeds.']);
    expect(await cache.model('w', 'b', b.input, '1')).toBe(first);
    const training = cache.pending('w');
    expect(await cache.model('w', 'b', b.input, '1')).toBe(first);
    expect(b.calls()).toBe(1);
    expect(cache.pending('w')).toBe(training);
    b.release();
    const next = await training;
    expect(next?.trainedOn.posts).toBe(CALM.length + 1);
    expect(await cache.model('w', 'b', b.input, '1')).toBe(next);
    expect(b.calls()).toBe(1);
  });

  it('keeps the newer training’s model when an older one finishes last', async () => {
    const cache = new VoiceModelCache();
    const a = held('a');
    a.release();
    await cache.model('w', 'a', a.input, '1');
    const b = held('b', [...CALM, 'Swallows over the reeds.']);
    const c = held('c', [...CALM, 'Swallows over the reeds.', 'Bitterns booming at dawn.']);
    await cache.model('w', 'b', b.input, '1');
    const older = cache.pending('w');
    await cache.model('w', 'c', c.input, '1');
    const newer = cache.pending('w');
    c.release();
    const latest = await newer;
    b.release();
    await older;
    expect(latest?.trainedOn.posts).toBe(CALM.length + 2);
    expect(await cache.model('w', 'c', c.input, '1')).toBe(latest);
    expect(c.calls()).toBe(1);
  });

  it('retrains after a failed training, and an older failure leaves the newer training alone', async () => {
    const errors: string[] = [];
    const cache = new VoiceModelCache({ onError: (workspace, error) => errors.push(`${workspace}: ${(error as Error).message}`) });
    const a = held('a');
    a.release();
    const first = await cache.model('w', 'a', a.input, '1');
    const b = held('b');
    await cache.model('w', 'b', b.input, '1');
    b.fail();
    await cache.pending('w')?.catch(() => undefined);
    expect(cache.pending('w')).toBeUndefined();
    expect(await cache.model('w', 'b', b.input, '1')).toBe(first);
    expect(b.calls()).toBe(2);

    const d = held('d');
    const e = held('e');
    await cache.model('w', 'd', d.input, '1');
    const older = cache.pending('w');
    await cache.model('w', 'e', e.input, '1');
    const newer = cache.pending('w');
    d.fail();
    await older?.catch(() => undefined);
    expect(cache.pending('w')).toBe(newer);
    expect(errors).toEqual(['w: input b failed', 'w: input b failed', 'w: input d failed']);
  });
});
