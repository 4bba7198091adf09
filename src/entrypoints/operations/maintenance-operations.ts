import { z } from 'zod';
import { defineOperation } from './operation.js';
import { HandleParam } from './operation-schemas.js';

export const reindex = defineOperation({
  name: 'reindex',
  summary: 'Rebuild the vector index',
  description:
    'Rebuilds the vector index (used to find similar past posts) from the database, for one profile (handle) or the whole workspace. ' +
    'Needed after changing the embedder, or when doctor reports drift. Returns {"upserted", "remaining", "scope", "embedder"}.',
  tag: 'maintenance',
  method: 'POST',
  path: '/reindex',
  readOnly: false,
  input: z.object({ handle: HandleParam.optional().describe('Only this profile (default: every profile of the workspace).') }),
  async run(app, scope, input, context) {
    const workspace = await app.profiles.workspace(scope);
    const profile = input.handle ? await app.profiles.get(scope, input.handle) : undefined;
    const indexing = await app.indexing();
    return indexing.reindex({ workspaceId: workspace.id, profileId: profile?.id, signal: context.signal, onProgress: context.onProgress });
  },
});

export const doctor = defineOperation({
  name: 'doctor',
  summary: 'Check the installation',
  description:
    'Checks the database, the vector index (and drift between the database and the index), the chat model and the embedder, ' +
    'and says for each what is wrong and what to do. Returns {"ok", "checks": [{"name", "ok", "detail", "fix"}]}.',
  tag: 'maintenance',
  method: 'GET',
  path: '/doctor',
  readOnly: true,
  input: z.object({}),
  async run(app, scope) {
    return app.doctor(scope);
  },
});

export const maintenanceOperations = [reindex, doctor];
