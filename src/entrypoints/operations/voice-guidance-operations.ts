import { z } from 'zod';
import { defineOperation } from './operation.js';
import { HandleParam } from './operation-schemas.js';

const GUIDANCE_RESULT =
  'Returns {"handle", "pairCount" (approved drafts learnt from, the latest 50 at most), "guidance": [{"id", "kind", "description", "count", "of", "evidence", "phrase"?, "replacement"?, "typicalLength"?}], ' +
  '"removed": [same shape: guidance the user turned off]}.';

const GuidanceId = z
  .string()
  .trim()
  .min(1, 'Give the id of a guidance item, e.g. removes-emoji.')
  .max(200)
  .describe('The id of a guidance item, as get_voice_guidance lists it, e.g. "removes-emoji", "shortens" or "phrase-excited-to-announce".');

export const getVoiceGuidance = defineOperation({
  name: 'get_voice_guidance',
  summary: 'What the user’s edits of drafts taught',
  description:
    "Lists the guidance learnt from the user's edits of generated drafts before approving them (e.g. removes emoji, shortens drafts by about 40%, " +
    'replaces "excited to announce" with "we shipped"), each with its evidence ("4 of 5 drafts that had emoji"). ' +
    'It goes into every new prompt and ranks the variants that keep an edited-away habit last. ' +
    GUIDANCE_RESULT,
  tag: 'voice',
  method: 'GET',
  path: '/profiles/{handle}/voice/guidance',
  readOnly: true,
  cacheable: true,
  input: z.object({ handle: HandleParam }),
  async run(app, scope, input) {
    return app.edits.show(scope, input.handle);
  },
});

export const removeVoiceGuidance = defineOperation({
  name: 'remove_voice_guidance',
  summary: 'Turn off a learnt guidance item',
  description:
    'Removes one learnt guidance item from prompts and ranking, by its id; it stays removed however many edits show it later (restore_voice_guidance puts it back). ' +
    'Use it when the user says a learnt habit is wrong. ' +
    GUIDANCE_RESULT,
  tag: 'voice',
  method: 'DELETE',
  path: '/profiles/{handle}/voice/guidance/{id}',
  readOnly: false,
  input: z.object({ handle: HandleParam, id: GuidanceId }),
  async run(app, scope, input) {
    return app.edits.remove(scope, input.handle, input.id);
  },
});

export const restoreVoiceGuidance = defineOperation({
  name: 'restore_voice_guidance',
  summary: 'Turn a removed guidance item back on',
  description: 'Puts back a guidance item the user removed, by its id (listed under "removed" by get_voice_guidance). ' + GUIDANCE_RESULT,
  tag: 'voice',
  method: 'POST',
  path: '/profiles/{handle}/voice/guidance/{id}/restore',
  readOnly: false,
  input: z.object({ handle: HandleParam, id: GuidanceId }),
  async run(app, scope, input) {
    return app.edits.restore(scope, input.handle, input.id);
  },
});

export const voiceGuidanceOperations = [getVoiceGuidance, removeVoiceGuidance, restoreVoiceGuidance];
