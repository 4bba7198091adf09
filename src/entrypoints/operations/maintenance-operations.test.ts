import { describe, expect, it } from 'vitest';
import type { App } from '../../app/create-app.js';
import type { Scope } from '../../core/profiles/index.js';
import { doctor, reindex } from './maintenance-operations.js';

const scope: Scope = { workspace: 'acme-co' };

/** An app that records what reindex and doctor ask of it. */
function maintenanceApp() {
  const calls: unknown[][] = [];
  const app = {
    profiles: {
      workspace: async () => ({ id: 10 }),
      get: async (_scope: Scope, handle: string) => (calls.push(['get', handle]), { id: 42, handle }),
    },
    indexing: async () => ({ reindex: async (request: unknown) => (calls.push(['reindex', request]), { upserted: 3 }) }),
    doctor: async (given: Scope) => (calls.push(['doctor', given]), { ok: true, checks: [] }),
  };
  return { app: app as unknown as App, calls };
}

describe('reindex', () => {
  it('takes an optional handle, described as narrowing the whole workspace', () => {
    expect(reindex.input.parse({})).toStrictEqual({});
    expect(reindex.input.parse({ handle: ' Acme ' })).toStrictEqual({ handle: 'acme' });
    expect(reindex.input.safeParse({ handle: 'not a handle' }).success).toBe(false);
    expect(reindex.input.shape.handle.description).toBe('Only this profile (default: every profile of the workspace).');
  });

  it('rebuilds the whole workspace without a handle, and one profile with it', async () => {
    const signal = new AbortController().signal;
    const onProgress = () => undefined;
    const whole = maintenanceApp();
    expect(await reindex.run(whole.app, scope, {}, { signal, onProgress })).toEqual({ upserted: 3 });
    expect(whole.calls).toEqual([['reindex', { workspaceId: 10, profileId: undefined, signal, onProgress }]]);
    const one = maintenanceApp();
    await reindex.run(one.app, scope, { handle: 'acme' }, { signal });
    expect(one.calls).toEqual([
      ['get', 'acme'],
      ['reindex', { workspaceId: 10, profileId: 42, signal, onProgress: undefined }],
    ]);
  });
});

describe('doctor', () => {
  it('takes no arguments and asks the app for the scope’s checks', async () => {
    expect(doctor.input.parse({ anything: 1 })).toStrictEqual({});
    const { app, calls } = maintenanceApp();
    expect(await doctor.run(app, scope, {}, { signal: new AbortController().signal })).toEqual({ ok: true, checks: [] });
    expect(calls).toEqual([['doctor', scope]]);
  });
});
