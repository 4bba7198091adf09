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
