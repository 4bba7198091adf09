import { z } from 'zod';
import { HandleSchema, ProfileInputSchema, ProfilePatchSchema, type Profile, type ProfilePatch } from '../../core/profiles/index.js';
import { defineOperation } from './operation.js';
import { HandleParam, PLATFORM_NAMES, patchSchemaOf } from './operation-schemas.js';

/** A profile as the API returns it (the owner is internal bookkeeping of per-user profiles). */
export function profileView(profile: Profile): Omit<Profile, 'owner'> & { shared: boolean } {
  const { owner, ...rest } = profile;
  return { ...rest, shared: owner === null };
}

export const listProfiles = defineOperation({
  name: 'list_profiles',
  summary: 'List profiles',
  description:
    'Lists the profiles (the voices the user writes for: a founder, a brand, a client) with their handle, display name, platforms and voice guide. ' +
    'Call this first when you do not know which handle to use. Returns {"profiles": [...]}.',
  tag: 'profiles',
  method: 'GET',
  path: '/profiles',
  readOnly: true,
  cacheable: true,
  input: z.object({
    includeArchived: z.boolean().default(false).describe('Also list archived profiles (true or false, default false).'),
  }),
  async run(app, scope, input) {
    const profiles = await app.profiles.list(scope, { includeArchived: input.includeArchived });
    return { profiles: profiles.map(profileView) };
  },
});

export const getProfile = defineOperation({
  name: 'get_profile',
  summary: 'Get a profile',
  description:
    'Returns one profile by handle: who is speaking, the audience, platforms, language and the written voice guide (tone, do / don\'t, emoji and hashtag policy, banned words, sign-off).',
  tag: 'profiles',
  method: 'GET',
  path: '/profiles/{handle}',
  readOnly: true,
  cacheable: true,
  input: z.object({ handle: HandleParam }),
  async run(app, scope, input) {
    return profileView(await app.profiles.get(scope, input.handle));
  },
});

export const createProfile = defineOperation({
  name: 'create_profile',
  summary: 'Create a profile',
  description:
    'Creates a profile (a voice to write for). Needs a handle (lowercase letters, digits, "_", "." or "-") and a display name; ' +
    `optionally a description, audience, platforms (any of: ${PLATFORM_NAMES}), language and a voice guide. ` +
    'Voice guide emojiPolicy is one of: none, sparing, free; hashtagPolicy is one of: none, platform-norm, free. Returns the new profile.',
  tag: 'profiles',
  method: 'POST',
  path: '/profiles',
  readOnly: false,
  input: ProfileInputSchema,
  async run(app, scope, input) {
    return profileView(await app.profiles.create(scope, input));
  },
});

export const updateProfile = defineOperation({
  name: 'update_profile',
  summary: 'Change a profile',
  description:
    'Changes some fields of a profile; fields you leave out stay as they are. The voice guide is merged field by field. ' +
    'Rename with newHandle; archive with archived=true (hidden from lists, kept). ' +
    `platforms: any of ${PLATFORM_NAMES}. emojiPolicy: none, sparing or free. hashtagPolicy: none, platform-norm or free. Returns the changed profile.`,
  tag: 'profiles',
  method: 'PATCH',
  path: '/profiles/{handle}',
  readOnly: false,
  input: patchSchemaOf(ProfilePatchSchema.omit({ handle: true })).extend({
    handle: HandleParam,
    newHandle: HandleSchema.optional().describe('A new handle for the profile, when renaming it.'),
    archived: z.boolean().optional().describe('true archives the profile, false brings it back.'),
  }),
  async run(app, scope, input) {
    const { handle, newHandle, ...patch } = input;
    const changes = (newHandle === undefined ? patch : { ...patch, handle: newHandle }) as ProfilePatch & { archived?: boolean };
    return profileView(await app.profiles.update(scope, handle as string, changes));
  },
});

export const deleteProfile = defineOperation({
  name: 'delete_profile',
  summary: 'Delete a profile',
  description:
    'Deletes a profile with ALL its posts, for good. Only do this when the user clearly asked to delete that profile; to hide it instead, use update_profile with archived=true. Returns {"deleted": handle}.',
  tag: 'profiles',
  method: 'DELETE',
  path: '/profiles/{handle}',
  readOnly: false,
  input: z.object({ handle: HandleParam }),
  async run(app, scope, input) {
    const profile = await app.profiles.remove(scope, input.handle);
    return { deleted: profile.handle };
  },
});

export const profileOperations = [listProfiles, getProfile, createProfile, updateProfile, deleteProfile];
