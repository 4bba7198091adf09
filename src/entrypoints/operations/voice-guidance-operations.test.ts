import { describe, expect, it } from 'vitest';
import type { App } from '../../app/create-app.js';
import type { Scope } from '../../core/profiles/index.js';
import { getVoiceGuidance, removeVoiceGuidance, restoreVoiceGuidance } from './voice-guidance-operations.js';

const scope: Scope = { workspace: 'acme-co' };
const signal = new AbortController().signal;

describe('voice guidance input', () => {
  it('takes a profile handle and, to remove or restore, a trimmed guidance id', () => {
    expect(getVoiceGuidance.input.parse({ handle: 'Acme' })).toStrictEqual({ handle: 'acme' });
    for (const operation of [removeVoiceGuidance, restoreVoiceGuidance]) {
      expect(operation.input.parse({ handle: 'acme', id: ' removes-emoji ' }), operation.name).toStrictEqual({ handle: 'acme', id: 'removes-emoji' });
      const blank = operation.input.safeParse({ handle: 'acme', id: '   ' });
      expect(blank.success, operation.name).toBe(false);
      expect(blank.error!.issues.map((issue) => issue.message)).toEqual(['Give the id of a guidance item, e.g. removes-emoji.']);
      expect(operation.input.safeParse({ handle: 'acme', id: 'i'.repeat(201) }).success, operation.name).toBe(false);
    }
  });

  it('names real guidance ids in the description of the id', () => {
    const description = removeVoiceGuidance.input.shape.id.description ?? '';
    for (const id of ['removes-emoji', 'shortens', 'phrase-excited-to-announce']) expect(description).toContain(id);
  });

  it('takes the id from the path of remove and restore', () => {
    expect(removeVoiceGuidance.path).toBe('/profiles/{handle}/voice/guidance/{id}');
    expect(restoreVoiceGuidance.path).toBe('/profiles/{handle}/voice/guidance/{id}/restore');
  });
});

describe('voice guidance operations', () => {
  it('ask the edit-learning service to show, remove and restore', async () => {
    const calls: unknown[][] = [];
    const record = (name: string) => async (...args: unknown[]) => (calls.push([name, ...args]), { handle: 'acme' });
    const app = { edits: { show: record('show'), remove: record('remove'), restore: record('restore') } } as unknown as App;
    await getVoiceGuidance.run(app, scope, { handle: 'acme' }, { signal });
    await removeVoiceGuidance.run(app, scope, { handle: 'acme', id: 'shortens' }, { signal });
    await restoreVoiceGuidance.run(app, scope, { handle: 'acme', id: 'shortens' }, { signal });
    expect(calls).toEqual([
      ['show', scope, 'acme'],
      ['remove', scope, 'acme', 'shortens'],
      ['restore', scope, 'acme', 'shortens'],
    ]);
  });
});
